package org.protoface.head.full;

import org.protoface.config.Section;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.margin.Margins;

import java.util.Optional;

/** The full softmax ({@code head: full}): an N x d weight matrix trained by the shared optimizer. No section of its own. */
public final class FullSoftmaxKind implements HeadKind<Void> {
    /** The {@code head:} value, and the key of the kind's own config section. */
    public static final String NAME = "full";
    public static final FullSoftmaxKind INSTANCE = new FullSoftmaxKind();

    private FullSoftmaxKind() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "full softmax (N x d weights)";
    }

    @Override
    public Optional<Section<Void>> section() {
        return Optional.empty();
    }

    @Override
    public Optional<String> shortParameter() {
        return Optional.empty();
    }

    @Override
    public Head create(Void config, HeadContext context) {
        long n = context.size().identities();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("full softmax: at most 2^31-1 identities, got " + n);
        return new MarginSoftmaxHead(new FullSoftmaxScorer(n, context.size().embeddingDim(), 1, context.device()),
                Margins.create(context.margin()), new SoftmaxCrossEntropy());
    }

    /**
     * State: W and its SGD momentum (2 N d float32). Step: six N x d temporaries (normalised W, the
     * gradients of the normalisation and of the matrix product, W's accumulated gradient, SGD's
     * weight-decayed gradient) plus the B x N score matrices; checked against a measured peak of
     * 18.0 GiB RSS at N = 10^6, d = 512, B = 128 (estimate 18.1 GiB).
     */
    @Override
    public HeadFootprint footprint(Void config, HeadSize size) {
        long n = size.identities();
        int d = size.embeddingDim();
        return new HeadFootprint(HeadFootprint.matrix(2, n, d),
                Math.addExact(HeadFootprint.matrix(6, n, d), HeadFootprint.matrix(HeadFootprint.SCORE_MATRICES, size.batchSize(), n)),
                n, n, 0);
    }

    @Override
    public boolean updatesEveryClassEveryStep() {
        return true;
    }
}
