package org.protoface.lab.plot;

import java.awt.Color;

/** Series colours for the scale and obsolescence charts: distinct and readable on white (no yellow). */
public final class ChartColors {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private ChartColors() {}

    /** The colour of the i-th series (cycling). */
    public static Color of(int i) {
        return PALETTE[i % PALETTE.length];
    }
}
