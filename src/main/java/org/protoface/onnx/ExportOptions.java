package org.protoface.onnx;

/**
 * How to export an encoder.
 *
 * @param opset          default-domain operator set ({@link OnnxGraphBuilder#MIN_OPSET}..{@link OnnxGraphBuilder#MAX_OPSET})
 * @param batch          fixed batch size, or 0 for a dynamic batch dimension ({@code dim_param "batch"})
 * @param normaliseInput the graph takes pixels 0..255 and normalises them itself (Sub, Div)
 * @param foldBatchNorm  fold BatchNorm into neighbouring Conv / Gemm where exact ({@link BatchNormFolding})
 */
public record ExportOptions(int opset, int batch, boolean normaliseInput, boolean foldBatchNorm) {
    public static final int DEFAULT_OPSET = 17;

    public ExportOptions {
        OnnxGraphBuilder.irVersion(opset);   // validates the range
        if (batch < 0) throw new IllegalArgumentException("batch must be 'dynamic' or a positive number, got " + batch);
    }

    /** Opset 17, dynamic batch, normalisation outside the graph, BatchNorm folded. */
    public static ExportOptions defaults() {
        return new ExportOptions(DEFAULT_OPSET, 0, false, true);
    }

    /** Whether the batch dimension is symbolic ({@code batch == 0}) rather than fixed. */
    public boolean dynamicBatch() {
        return batch == 0;
    }
}
