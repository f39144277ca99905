package org.protoface.head;

import org.protoface.head.MarginSpec;
import org.protoface.torch.Device;

/**
 * What every head kind is built with besides its own section: the sizes, the shared margin
 * section and the device its tensors live on.
 *
 * @param size   N, d and the batch shape
 * @param margin the {@code margin:} section (kinds with their own loss may ignore it)
 * @param device where the head's per-step tensors live (host-resident state stays on the host)
 */
public record HeadContext(HeadSize size, MarginSpec margin, Device device) {}
