package org.protoface.distributed;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Row-wise log-sum-exp over columns that are split across ranks:
 * lse_i = log(c + sum over ranks r, columns j of exp(x_ij)), with c = 1 or 0, computed as
 * m_i + log(S_i) with m_i the global row maximum (an all-reduce of maxima, so nothing overflows)
 * and S_i = c exp(-m_i) + sum exp(x_ij - m_i) (an all-reduce of sums).
 *
 * <p>Autograd cannot see through the all-reduce, so the result comes in two parts: the value
 * (identical on every rank, no gradient) and a local term whose gradient w.r.t. this rank's
 * columns equals d lse_i / d x_ij = exp(x_ij - m_i) / S_i: the term is
 * sum_j exp(x_ij - m_i) / S_i with S_i held constant.
 */
final class CrossRankLogSumExp {
    private CrossRankLogSumExp() {}

    /**
     * @param value     B, lse_i (same on every rank, no gradient)
     * @param max       B, m_i (no gradient)
     * @param localTerm B, with gradient d lse_i / d x_ij for this rank's x
     */
    record Result(Tensor value, Tensor max, Tensor localTerm) {}

    /**
     * @param exponents B x C_r, this rank's columns (float32, with gradient; -inf for excluded entries)
     * @param plusOne   add exp(0) = 1 once to every row's sum (the "1 +" of the dissected softmax)
     */
    static Result compute(Collectives collectives, Tensor exponents, boolean plusOne) {
        Tensor max = exponents.detach().amax(new long[] {1}, false).contiguous();
        collectives.allReduceMax(max);
        // a row with no finite entry anywhere; with plusOne its maximum is the 0 of the "1"
        if (plusOne) max = max.clamp_min(new Scalar(0.0));
        else max = torch.where(max.isinf(), torch.zeros_like(max), max);
        Tensor localSum = exponents.sub(max.unsqueeze(1)).exp().sum(1);
        Tensor total = localSum.detach().clone().contiguous();
        collectives.allReduceSum(total);
        if (plusOne) total = total.add(max.neg().exp());
        Tensor value = max.add(total.log());
        return new Result(value, max, localSum.div(total));
    }
}
