package org.protoface.head.memory;

import org.protoface.config.Section;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.margin.Margins;
import org.protoface.head.shard.GatheredHead;

import java.util.Optional;

/** Prototype Memory ({@code head: pm}; Smirnov et al., IEEE Access 2022), the {@code pm:} section. */
public final class PrototypeMemoryKind implements HeadKind<PrototypeMemoryConfig> {
    /** The {@code head:} value, and the key of the kind's own config section. */
    public static final String NAME = "pm";
    public static final PrototypeMemoryKind INSTANCE = new PrototypeMemoryKind();

    private PrototypeMemoryKind() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Prototype Memory (M prototypes generated from the batch)";
    }

    @Override
    public Optional<Section<PrototypeMemoryConfig>> section() {
        return Optional.of(PrototypeMemoryConfig.SECTION);
    }

    @Override
    public Optional<String> shortParameter() {
        return Optional.of("memory_size");
    }

    /**
     * One process: the head. Several ranks: a replica on every rank, kept identical either by
     * running it on the gathered global batch ({@code gather_embeddings: true}, {@link GatheredHead})
     * or by exchanging the ranks' fresh prototypes after each step.
     */
    @Override
    public Head create(PrototypeMemoryConfig config, HeadContext context) {
        int d = context.size().embeddingDim();
        if (!context.distributed() || config.gatherEmbeddings()) {
            Head head = new MarginSoftmaxHead(new PrototypeMemoryScorer(config, d, context.device()),
                    Margins.create(context.margin()), new SoftmaxCrossEntropy());
            return context.distributed() ? new GatheredHead(context.world(), head) : head;
        }
        return new MarginSoftmaxHead(new PrototypeMemoryScorer(config, d, context.device(), context.world()),
                Margins.create(context.margin()), new SoftmaxCrossEntropy());
    }

    /**
     * State: M (4 d + 16) bytes plus the slot index, whatever N is. Step: three R x d tensors (the
     * memory rows taking part, the concatenated classifier, a copy in the product) plus the B x R
     * score matrices, R = M + the batch's classes. The memory is full after ceil(M / (B / K)) steps.
     */
    @Override
    public HeadFootprint footprint(PrototypeMemoryConfig config, HeadSize size) {
        long slots = config.memorySize();
        long rows = slots + size.batchClasses();
        long state = Math.multiplyExact(slots, size.embeddingDim() * (long) Float.BYTES + 16
                + PrototypeMemory.INDEX_BYTES_PER_SLOT + PrototypeMemory.MIRROR_BYTES_PER_SLOT);
        long fill = (slots + size.batchClasses() - 1) / size.batchClasses();
        return new HeadFootprint(state, HeadFootprint.stepBytes(3, size.embeddingDim(), size.batchSize(), rows), rows, slots, fill);
    }
}
