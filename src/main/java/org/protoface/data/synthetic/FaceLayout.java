package org.protoface.data.synthetic;

/**
 * Where the features of one photo sit in the face frame: the identity's geometry moved by the
 * photo's yaw (features slide sideways, the nose tip further because it sticks out) and
 * expression (smiling lifts and widens the mouth corners). Renderer and landmarks both read
 * these positions, so the landmarks always match the pixels.
 */
final class FaceLayout {
    /** How much further than the eyes the nose tip slides under yaw (it is closer to the camera). */
    static final float NOSE_DEPTH_FACTOR = 1.6f;
    /** Relative mouth widening per face unit of smile. */
    static final float SMILE_WIDENING = 3f;

    final float leftEyeU;
    final float rightEyeU;
    final float eyeV;
    final float noseU;
    final float noseV;
    final float mouthU;
    final float mouthV;
    final float mouthHalfWidth;
    /** Lift of the mouth corners above the mouth centre (face units, v up = negative). */
    final float cornerLift;

    FaceLayout(FaceTraits traits, Nuisance nuisance) {
        float shift = nuisance.featureShift();
        leftEyeU = -traits.eyeHalfSpacing + shift;
        rightEyeU = traits.eyeHalfSpacing + shift;
        eyeV = traits.eyeY;
        noseU = shift * NOSE_DEPTH_FACTOR;
        noseV = traits.noseTipY;
        mouthU = shift;
        mouthV = traits.mouthY;
        mouthHalfWidth = traits.mouthHalfWidth * (1f + SMILE_WIDENING * Math.max(0f, nuisance.smile));
        cornerLift = nuisance.smile;
    }

    /** The five landmarks in the face frame: u0, v0, ..., u4, v4 (eyes, nose tip, mouth corners). */
    float[] landmarksInFaceFrame() {
        return new float[] {
            leftEyeU, eyeV,
            rightEyeU, eyeV,
            noseU, noseV,
            mouthU - mouthHalfWidth, mouthV - cornerLift,
            mouthU + mouthHalfWidth, mouthV - cornerLift
        };
    }
}
