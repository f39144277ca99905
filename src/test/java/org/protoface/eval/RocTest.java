package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RocTest {
    /** 1000 impostors with distinct scores 0.000, 0.001, ..., 0.999. */
    private static double[] thousandImpostors() {
        double[] imp = new double[1000];
        for (int i = 0; i < imp.length; i++) imp[i] = i / 1000.0;
        return imp;
    }

    @Test
    void tarAtFarFollowsFromCounting() {
        // FAR 1e-3 of 1000 impostors allows exactly one false accept: the threshold is the
        // second-highest impostor 0.998 (only 0.999 lies above). Genuine scores strictly above
        // 0.998: 0.9999, 0.9995, 0.9985, 0.9981 -> 4 of 8 (0.998 itself is not above).
        double[] genuine = {0.9999, 0.9995, 0.9985, 0.9981, 0.998, 0.7, 0.3, 0.0};
        Roc roc = new Roc(genuine, thousandImpostors());

        TarAtFar at1e3 = roc.tarAtFar(1e-3);
        assertThat(at1e3.tar()).isEqualTo(0.5);
        assertThat(at1e3.far()).isEqualTo(0.001);
        assertThat(at1e3.threshold()).isEqualTo(0.998);

        // FAR 1e-2 allows ten false accepts: threshold 0.989, five genuine above it.
        TarAtFar at1e2 = roc.tarAtFar(1e-2);
        assertThat(at1e2.tar()).isEqualTo(5 / 8.0);
        assertThat(at1e2.far()).isEqualTo(0.01);
    }

    @Test
    void tooFewImpostorsLeaveTheTargetUnresolved() {
        Roc roc = new Roc(new double[]{0.9, 0.8}, thousandImpostors());
        TarAtFar at1e4 = roc.tarAtFar(1e-4);
        assertThat(at1e4.resolved()).isFalse();
        assertThat(at1e4.tar()).isNaN();

        double[] imp999 = java.util.Arrays.copyOf(thousandImpostors(), 999);
        assertThat(new Roc(new double[]{0.9}, imp999).tarAtFar(1e-3).resolved()).isFalse();
        assertThat(new Roc(new double[]{0.9}, thousandImpostors()).tarAtFar(1e-3).resolved()).isTrue();
    }

    @Test
    void tiedImpostorsCanOnlyLowerTheAchievedFar() {
        double[] imp = thousandImpostors();
        imp[997] = imp[998] = imp[999] = 0.9995; // the three highest impostors tie
        // One false accept allowed, but accepting anything at 0.9995 would accept all three, so the
        // threshold is 0.9995 itself and no impostor is accepted.
        double[] genuine = {0.9999, 0.9996, 0.9995, 0.5};
        TarAtFar t = new Roc(genuine, imp).tarAtFar(1e-3);
        assertThat(t.far()).isEqualTo(0.0);
        assertThat(t.threshold()).isEqualTo(0.9995);
        assertThat(t.tar()).isEqualTo(0.5);
    }

    @Test
    void targetAdmittingEveryImpostorAcceptsEverything() {
        TarAtFar t = new Roc(new double[]{-5, 3}, new double[]{1, 2}).tarAtFar(1.0);
        assertThat(t.tar()).isEqualTo(1.0);
        assertThat(t.far()).isEqualTo(1.0);
        assertThat(t.threshold()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void allowedFalseAcceptsIsExactAtPowersOfTen() {
        assertThat(Roc.allowedFalseAccepts(1e-5, 100_000)).isEqualTo(1);
        assertThat(Roc.allowedFalseAccepts(1e-5, 99_999)).isEqualTo(0);
        assertThat(Roc.allowedFalseAccepts(1e-3, 4_455_000)).isEqualTo(4455);
        assertThat(Roc.allowedFalseAccepts(1e-4, 3000)).isEqualTo(0);
    }

    @Test
    void aucMatchesQuadraticMannWhitneyOnRandomTiedData() {
        Random random = new Random(3);
        double[] genuine = new double[300];
        double[] impostor = new double[2000];
        for (int i = 0; i < genuine.length; i++) genuine[i] = Math.round((random.nextGaussian() + 1) * 10) / 10.0;
        for (int i = 0; i < impostor.length; i++) impostor[i] = Math.round(random.nextGaussian() * 10) / 10.0;
        double wins = 0;
        for (double g : genuine) {
            for (double s : impostor) {
                if (g > s) wins += 1;
                else if (g == s) wins += 0.5;
            }
        }
        double expected = wins / ((double) genuine.length * impostor.length);
        assertThat(new Roc(genuine, impostor).auc()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aucEdgeCases() {
        assertThat(new Roc(new double[]{2, 3}, new double[]{0, 1}).auc()).isEqualTo(1.0);
        assertThat(new Roc(new double[]{0, 1}, new double[]{2, 3}).auc()).isEqualTo(0.0);
        assertThat(new Roc(new double[]{1, 1}, new double[]{1, 1, 1}).auc()).isEqualTo(0.5);
    }

    @Test
    void curveIsMonotoneBoundedAndMadeOfRealOperatingPoints() {
        Random random = new Random(11);
        double[] genuine = new double[500];
        double[] impostor = new double[50_000];
        for (int i = 0; i < genuine.length; i++) genuine[i] = random.nextGaussian() + 2;
        for (int i = 0; i < impostor.length; i++) impostor[i] = random.nextGaussian();
        Roc roc = new Roc(genuine, impostor);
        RocCurve curve = roc.curve("model", 300);

        assertThat(curve.size()).isBetween(50, 300);
        double[] far = curve.far();
        double[] tar = curve.tar();
        assertThat(far[0]).isEqualTo(1.0 / impostor.length);
        assertThat(far[far.length - 1]).isEqualTo(1.0);
        assertThat(tar[tar.length - 1]).isEqualTo(1.0);
        for (int i = 1; i < far.length; i++) {
            assertThat(far[i]).isGreaterThan(far[i - 1]);
            assertThat(tar[i]).isGreaterThanOrEqualTo(tar[i - 1]);
        }
        // Each point must be reachable: the TAR at the threshold admitting exactly that FAR.
        double[] sortedImp = impostor.clone();
        java.util.Arrays.sort(sortedImp);
        for (int i = 0; i < far.length - 1; i++) {
            int k = (int) Math.round(far[i] * impostor.length);
            double threshold = sortedImp[impostor.length - 1 - k];
            int accepted = 0;
            for (double g : genuine) if (g > threshold) accepted++;
            assertThat(tar[i]).isEqualTo((double) accepted / genuine.length);
        }
    }

    @Test
    void rejectsEmptyOrNonFiniteInput() {
        assertThatThrownBy(() -> new Roc(new double[0], new double[]{1})).hasMessageContaining("genuine");
        assertThatThrownBy(() -> new Roc(new double[]{1}, new double[]{Double.NaN})).hasMessageContaining("impostor score 0");
    }
}
