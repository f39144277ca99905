/**
 * Training-time image augmentations on normalised CHW float images ((x/255 - 0.5)/0.5, so a
 * channel value lies in [-1, 1]). Every operation works in place on a 3 x S x S block of a larger
 * batch array and allocates nothing per pixel; scratch buffers come from a per-worker
 * {@link org.protoface.data.augment.Augmenter.Workspace}.
 */
package org.protoface.data.augment;
