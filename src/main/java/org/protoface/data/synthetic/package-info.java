/**
 * Built-in synthetic identity source: procedurally rendered face-like RGB images with five
 * landmarks, deterministic for (seed, identity, sample), for any of 2^31 identities.
 *
 * <p>Pipeline per photo: {@link org.protoface.data.synthetic.FaceTraits} (identity) and
 * {@link org.protoface.data.synthetic.Nuisance} (photo) are drawn from counter-based seeds;
 * FaceLayout places the features, FacePose maps the face frame to pixels, BackgroundPainter and
 * FacePainter paint float planes, ImageFinisher blurs, adjusts exposure, adds noise and quantises.
 * Entry points: {@link org.protoface.data.synthetic.SyntheticSpec},
 * {@link org.protoface.data.synthetic.SyntheticFaceRenderer},
 * {@link org.protoface.data.synthetic.SyntheticDataset},
 * {@link org.protoface.data.synthetic.SyntheticFolderWriter}. Rendering speed is measured by
 * {@code protoface bench render} (a lab command; this package does not depend on it).
 */
package org.protoface.data.synthetic;
