package org.protoface.testing;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;
import org.protoface.torch.Tensors;

import java.util.List;

/** Test head: NormFace softmax over an N x d parameter; can be told to return NaN at a step. */
public final class NormSoftmaxHead implements Head {
    private final Tensor weight;
    private long nanAtStep = -1;

    public NormSoftmaxHead(int classes, int dim) {
        weight = Tensors.randn(classes, dim).mul(Tensors.scalar(0.01)).set_requires_grad(true);
    }

    public void failAt(long step) {
        nanAtStep = step;
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        Tensor cos = Tensors.l2normalize(embeddings).mm(Tensors.l2normalize(weight).t());
        Tensor loss = torch.cross_entropy(cos.mul(Tensors.scalar(16.0)), labels);
        if (step == nanAtStep) loss = loss.mul(Tensors.scalar(Double.NaN));
        return new HeadStep(loss);
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return List.of(weight);
    }

    @Override
    public void afterOptimizerStep(long step, double learningRate) {}

    @Override
    public long stateBytes() {
        return weight.numel() * 4;
    }

    @Override
    public void saveState(OutputArchive archive) {
        archive.write("weight", weight);
    }

    @Override
    public void loadState(InputArchive archive) {
        Tensor t = new Tensor();
        archive.read("weight", t);
        try (var g = new org.bytedeco.pytorch.NoGradGuard()) {
            weight.copy_(t);
        }
    }

    @Override
    public String describe() {
        return "test norm-softmax";
    }
}
