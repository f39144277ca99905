package org.protoface.head.memory;

/**
 * What one write into the {@link PrototypeMemory} did.
 *
 * @param refreshed batch classes whose prototype was already in memory and was overwritten in place
 * @param inserted  batch classes that took a slot (free or evicted)
 * @param evicted   classes removed because the memory was full (oldest write first)
 * @param expired   classes removed because their prototype exceeded the age limit
 */
public record MemoryUpdate(int refreshed, int inserted, int evicted, int expired) {}
