/**
 * Prototype Memory (Smirnov et al., IEEE Access 2022): a {@link org.protoface.head.ClassScorer}
 * whose classifier is the batch's freshly generated prototypes plus a fixed-size memory of recent
 * prototypes of other identities. Combine it with any margin and loss to get a head.
 *
 * <ul>
 *   <li>{@link org.protoface.head.memory.PrototypeMemoryScorer} - the scorer (entry point)</li>
 *   <li>{@link org.protoface.head.memory.PrototypeMemoryConfig} - the YAML section</li>
 *   <li>{@link org.protoface.head.memory.PrototypeMemory} - slots, oldest-first eviction, age limit</li>
 *   <li>{@link org.protoface.head.memory.PrototypeGenerator} - (quality-weighted, leave-one-out) prototypes</li>
 *   <li>{@link org.protoface.head.memory.DoppelgangerIndex} - lookalike lists for the sampler</li>
 * </ul>
 */
package org.protoface.head.memory;
