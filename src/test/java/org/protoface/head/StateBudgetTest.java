package org.protoface.head;

import org.protoface.util.Bytes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateBudgetTest {

    @Test
    void gibHasTwoDecimalsAndADot() {
        assertThat(Bytes.gib(0)).isEqualTo("0.00");
        assertThat(Bytes.gib(3L << 30)).isEqualTo("3.00");
        assertThat(Bytes.gib((1L << 30) + (1L << 29))).isEqualTo("1.50");
        // 1 GiB + 1 byte still reads 1.00; 1.005 GiB rounds half up to 1.01 (1.0051 to be safe from binary ties)
        assertThat(Bytes.gib((1L << 30) + 1)).isEqualTo("1.00");
        assertThat(Bytes.gib((long) (1.0051 * (1L << 30)))).isEqualTo("1.01");
    }

    @Test
    void refusesWithTheExactMessage() {
        assertThatThrownBy(() -> StateBudget.require(3L << 30, "partial fc", "for 7 identities", 1L << 30))
                .isInstanceOf(StateBudgetExceededException.class)
                .hasMessage("partial fc needs 3.00 GiB for 7 identities, 1.00 GiB available")
                .satisfies(e -> {
                    StateBudgetExceededException x = (StateBudgetExceededException) e;
                    assertThat(x.requiredBytes()).isEqualTo(3L << 30);
                    assertThat(x.availableBytes()).isEqualTo(1L << 30);
                });
        assertThatThrownBy(() -> StateBudget.require(2L << 30, "prototype memory", 1L << 29))
                .hasMessage("prototype memory needs 2.00 GiB, 0.50 GiB available");
    }

    @Test
    void acceptsWhatFitsAndSkipsWhenAvailableIsUnknown() {
        assertThatCode(() -> StateBudget.require(1L << 30, "x", 1L << 30)).doesNotThrowAnyException();
        assertThatCode(() -> StateBudget.require(Long.MAX_VALUE, "x", "for 1 identities", -1)).doesNotThrowAnyException();
    }
}
