package org.protoface.data.synthetic;

/**
 * Paints the head (hair, neck, clothing, ears, face, features, glasses) over the background of one
 * photo. All shapes are evaluated per pixel in the face frame reached by the inverse pose, so the
 * geometry and the landmarks come from the same numbers. Built once per photo (all per-photo
 * constants precomputed here) and used by one thread.
 */
final class FacePainter {
    private static final Rgb SCLERA = new Rgb(235, 228, 222);
    private static final Rgb LASH = new Rgb(40, 28, 25);
    private static final Rgb PUPIL = new Rgb(12, 8, 8);
    private static final Rgb MOUTH_INSIDE = new Rgb(50, 18, 22);

    private final FaceTraits t;
    private final Nuisance n;
    private final FaceLayout layout;
    private final FacePose pose;

    private final float edge;
    private final float invEdge;
    /** Softer ramp for hairlines and beard borders, which are fuzzy in real faces too. */
    private final float invSoftEdge;
    private final float faceSharpness;
    private final float faceFMax;
    private final float invFaceA2;
    private final float invFaceB;
    private final float lightPerU;
    private final float lightPerV;
    /** Vertical band (face frame) that contains brows, eyes and glasses: a cheap rejection test. */
    private final float eyeBandTop;
    private final float eyeBandBottom;

    private final SoftEllipse hairVolume;
    private final float hairU;
    private final float hairHalfWidth;
    private final float hairBottom;
    private final float neckHalfWidth;
    private final float neckTop;
    private final float clothingTop;
    private final SoftEllipse leftEar;
    private final SoftEllipse rightEar;

    private final float[] patchInvR2 = new float[FaceTraits.PATCHES];
    private final float moleInvR2;
    private final float beardTop;
    private final SoftEllipse moustache;
    private final float hairlineLimit;

    private final SoftEllipse[] brows = new SoftEllipse[2];
    private final SoftEllipse[] lashes = new SoftEllipse[2];
    private final SoftEllipse[] scleras = new SoftEllipse[2];
    private final SoftEllipse[] irises = new SoftEllipse[2];
    private final SoftEllipse[] pupils = new SoftEllipse[2];

    private final SoftEllipse noseShadow;
    private final SoftEllipse noseBase;
    private final SoftEllipse[] nostrils = new SoftEllipse[2];

    private final SoftEllipse lips;
    private final SoftEllipse lipLine;
    private final SoftEllipse mouthInside;
    private final float invMouthHalfWidth2;

    private final SoftEllipse[] lensOuter = new SoftEllipse[2];
    private final SoftEllipse[] lensInner = new SoftEllipse[2];
    private final float frameThickness;
    private final float bridgeHalfLength;
    private final float bridgeV;
    private final float templeStart;

    /** Colour accumulator of the pixel being painted. */
    private float cr;
    private float cg;
    private float cb;

    FacePainter(FaceTraits traits, Nuisance nuisance, FaceLayout layout, FacePose pose) {
        this.t = traits;
        this.n = nuisance;
        this.layout = layout;
        this.pose = pose;
        edge = pose.pixelInFaceUnits();
        invEdge = 1f / edge;
        invSoftEdge = 1f / Math.max(edge, 0.04f);

        float a = traits.faceHalfWidth;
        float b = traits.faceHalfHeight;
        invFaceA2 = 1f / (a * a);
        invFaceB = 1f / b;
        faceSharpness = Math.min(a, b) / (2 * edge);
        faceFMax = 1f + 0.5f / faceSharpness;
        lightPerU = nuisance.lightStrength * nuisance.lightU / a;
        lightPerV = nuisance.lightStrength * nuisance.lightV / b;

        float shift = nuisance.featureShift();
        // The back of the head slides opposite to the features when the head turns.
        hairU = -0.5f * shift;
        float hairA = a * traits.hairVolume;
        float hairB = b * traits.hairVolume;
        float hairV = -0.12f * b;
        hairVolume = new SoftEllipse(hairU, hairV, hairA, hairB, 0, edge);
        hairHalfWidth = hairA * 0.97f;
        hairBottom = traits.hairLength > 0 ? hairV + traits.hairLength : Float.NEGATIVE_INFINITY;
        neckHalfWidth = a * 0.45f;
        neckTop = 0.2f * b;
        clothingTop = b * 1.05f;
        float earV = layout.eyeV + 0.08f;
        leftEar = new SoftEllipse(-a * 0.97f - shift * 0.5f, earV, 0.07f, traits.earHalfHeight, 0, edge);
        rightEar = new SoftEllipse(a * 0.97f - shift * 0.5f, earV, 0.07f, traits.earHalfHeight, 0, edge);

        for (int k = 0; k < FaceTraits.PATCHES; k++) {
            float radius = traits.patchRadius(k);
            patchInvR2[k] = 1f / (radius * radius);
        }
        moleInvR2 = traits.moleRadius > 0 ? 1f / (traits.moleRadius * traits.moleRadius) : 0f;
        beardTop = layout.mouthV - 0.05f;
        moustache = new SoftEllipse(layout.mouthU, (layout.noseV + layout.mouthV) / 2 + 0.015f,
                layout.mouthHalfWidth * 1.05f, (layout.mouthV - layout.noseV) * 0.28f, 0, edge);
        // The fringe never covers the brows, otherwise some identities would lose them entirely.
        hairlineLimit = layout.eyeV - traits.browGap - 0.06f;

        float[] eyeU = {layout.leftEyeU, layout.rightEyeU};
        float open = nuisance.eyeOpen;
        for (int s = 0; s < 2; s++) {
            float side = s == 0 ? -1 : 1;
            float cu = eyeU[s];
            brows[s] = new SoftEllipse(cu + side * 0.01f, layout.eyeV - traits.browGap, traits.browHalfWidth,
                    traits.browHalfHeight, -side * traits.browTilt, edge);
            float tilt = -side * traits.eyeTilt;
            lashes[s] = new SoftEllipse(cu, layout.eyeV, traits.eyeHalfWidth * 1.12f,
                    traits.eyeHalfHeight * open + 0.018f, tilt, edge);
            scleras[s] = new SoftEllipse(cu, layout.eyeV, traits.eyeHalfWidth, traits.eyeHalfHeight * open, tilt, edge);
            float irisU = cu + nuisance.gazeU * traits.eyeHalfWidth * 0.5f;
            float irisV = layout.eyeV + nuisance.gazeV * traits.eyeHalfHeight * 0.5f;
            irises[s] = new SoftEllipse(irisU, irisV, traits.irisRadius, traits.irisRadius, 0, edge);
            pupils[s] = new SoftEllipse(irisU, irisV, traits.irisRadius * 0.45f, traits.irisRadius * 0.45f, 0, edge);
            nostrils[s] = new SoftEllipse(layout.noseU + side * traits.noseHalfWidth * 0.55f,
                    layout.noseV + traits.noseHalfWidth * 0.3f, traits.noseHalfWidth * 0.32f,
                    traits.noseHalfWidth * 0.2f, 0, edge);
        }

        float shadowSide = nuisance.lightU > 0 ? -1 : 1;
        float noseMidV = (layout.eyeV + layout.noseV) / 2 + 0.03f;
        noseShadow = new SoftEllipse(layout.noseU + shadowSide * traits.noseHalfWidth * 0.7f, noseMidV,
                traits.noseHalfWidth * 0.45f, (layout.noseV - layout.eyeV) / 2, 0, edge);
        noseBase = new SoftEllipse(layout.noseU, layout.noseV + 0.01f, traits.noseHalfWidth,
                traits.noseHalfWidth * 0.55f, 0, edge);

        float mw = layout.mouthHalfWidth;
        invMouthHalfWidth2 = 1f / (mw * mw);
        lips = new SoftEllipse(layout.mouthU, 0, mw, traits.lipHalfHeight * (1 + 0.6f * nuisance.mouthOpen), 0, edge);
        lipLine = new SoftEllipse(layout.mouthU, 0, mw * 0.92f, 0.006f, 0, edge);
        mouthInside = nuisance.mouthOpen > 0
                ? new SoftEllipse(layout.mouthU, 0, mw * 0.75f, traits.lipHalfHeight * nuisance.mouthOpen * 1.2f, 0, edge)
                : null;

        float lensHalfWidth = Math.max(traits.eyeHalfWidth * 1.5f, 0.12f) * nuisance.lensScale;
        float lensHalfHeight = lensHalfWidth * 0.75f;
        frameThickness = Math.max(0.02f, edge * 0.6f);
        for (int s = 0; s < 2; s++) {
            lensOuter[s] = new SoftEllipse(eyeU[s], layout.eyeV + 0.01f, lensHalfWidth, lensHalfHeight, 0, edge);
            lensInner[s] = new SoftEllipse(eyeU[s], layout.eyeV + 0.01f, lensHalfWidth - frameThickness,
                    lensHalfHeight - frameThickness, 0, edge);
        }
        bridgeHalfLength = traits.eyeHalfSpacing - lensHalfWidth * 0.95f;
        bridgeV = layout.eyeV - lensHalfHeight * 0.3f;
        templeStart = traits.eyeHalfSpacing + lensHalfWidth * 0.95f;
        float bandHalf = Math.max(traits.browGap + traits.browHalfWidth, lensHalfHeight + 0.01f) + 2 * edge;
        eyeBandTop = layout.eyeV - bandHalf;
        eyeBandBottom = layout.eyeV + bandHalf;
    }

    /** Composites the head over the background already in the planes. */
    void paint(float[] red, float[] green, float[] blue) {
        int size = pose.size;
        for (int row = 0; row < size; row++) {
            float u = pose.uRow * row + pose.u0;
            float v = pose.vRow * row + pose.v0;
            int index = row * size;
            for (int col = 0; col < size; col++, index++) {
                cr = red[index];
                cg = green[index];
                cb = blue[index];
                paintPixel(u, v);
                red[index] = cr;
                green[index] = cg;
                blue[index] = cb;
                u += pose.uCol;
                v += pose.vCol;
            }
        }
    }

    private void paintPixel(float u, float v) {
        float shade = 1f + lightPerU * u + lightPerV * v;
        shade = shade < 0.3f ? 0.3f : shade;

        float hairCover = hairVolume.coverage(u, v);
        float longHair = longHairCoverage(u, v);
        float back = Math.max(hairCover, longHair);
        if (back > 0) {
            blendHair(back, u, v, shade * 0.8f);
        }
        float neck = Shapes.ramp(Math.abs(u) - neckHalfWidth, invEdge) * Shapes.ramp(neckTop - v, invEdge);
        if (neck > 0) {
            blend(neck, t.skin, shade * 0.75f);
        }
        float clothing = Shapes.ramp(clothingTop + 0.3f * u * u - v, invEdge);
        if (clothing > 0) {
            blend(clothing, n.clothing, shade);
        }
        float ears = Math.max(leftEar.coverage(u, v), rightEar.coverage(u, v));
        if (ears > 0) {
            blend(ears, t.skin, shade * 0.85f);
        }

        float vn = v * invFaceB;
        float taper = vn > 0 ? 1f - t.chinTaper * vn * vn : 1f;
        float f = u * u * invFaceA2 / (taper * taper) + vn * vn;
        if (f >= faceFMax) {
            return;
        }
        float face = Shapes.cover(f, faceSharpness);
        paintSkin(face, u, v, shade * (1f - 0.22f * Math.min(f, 1f)));

        float hairline = t.hairlineY + t.hairlineCurve * u * u + t.hairPartTilt * u;
        hairline = Math.min(hairline, hairlineLimit);
        float fringe = hairCover * Shapes.ramp(v - hairline, invSoftEdge);
        if (fringe > 0) {
            blendHair(fringe, u, v, shade);
        }
        if (f > 1.1f) {
            return; // the features below all lie well inside the face outline
        }
        boolean inEyeBand = v > eyeBandTop && v < eyeBandBottom;
        if (inEyeBand) {
            paintEyes(u, v, shade);
        }
        paintNose(u, v);
        paintMouth(u, v, shade);
        if (inEyeBand && n.glasses != Nuisance.Glasses.NONE) {
            paintGlasses(u, v, f);
        }
    }

    private float longHairCoverage(float u, float v) {
        if (v <= hairVolume.centreV || v > hairBottom + edge) {
            return 0;
        }
        return Shapes.ramp(Math.abs(u - hairU) - hairHalfWidth, invEdge) * Shapes.ramp(v - hairBottom, invSoftEdge);
    }

    private void paintSkin(float face, float u, float v, float shade) {
        float r = t.skin.r();
        float g = t.skin.g();
        float b = t.skin.b();
        for (int k = 0; k < FaceTraits.PATCHES; k++) {
            float du = u - t.patchU(k);
            float dv = v - t.patchV(k);
            float w = Shapes.bump(du * du + dv * dv, patchInvR2[k]);
            if (w > 0) {
                Rgb c = t.patchColour(k);
                r += c.r() * w;
                g += c.g() * w;
                b += c.b() * w;
            }
        }
        if (moleInvR2 > 0) {
            float du = u - t.moleU;
            float dv = v - t.moleV;
            float w = 0.6f * Shapes.bump(du * du + dv * dv, moleInvR2);
            r -= r * w;
            g -= g * w;
            b -= b * w;
        }
        cr += (r * shade - cr) * face;
        cg += (g * shade - cg) * face;
        cb += (b * shade - cb) * face;

        if (t.beard > 0) {
            float beard = t.beard * face * Shapes.ramp(beardTop - v, invSoftEdge);
            if (beard > 0) {
                blendHair(beard, u, v, shade * 0.85f);
            }
        }
        if (t.moustache) {
            float m = moustache.coverage(u, v);
            if (m > 0) {
                blendHair(m * 0.9f, u, v, shade * 0.85f);
            }
        }
    }

    private void paintEyes(float u, float v, float shade) {
        for (int s = 0; s < 2; s++) {
            float brow = brows[s].coverage(u, v);
            if (brow > 0) {
                blend(brow, t.brow, shade);
            }
            float lash = lashes[s].coverage(u, v);
            if (lash <= 0) {
                continue;
            }
            blend(lash, LASH, shade);
            float sclera = scleras[s].coverage(u, v);
            if (sclera > 0) {
                blend(sclera, SCLERA, shade * 0.95f);
                float iris = irises[s].coverage(u, v) * sclera;
                if (iris > 0) {
                    blend(iris, t.iris, shade);
                    float pupil = pupils[s].coverage(u, v) * sclera;
                    if (pupil > 0) {
                        blend(pupil, PUPIL, 1f);
                    }
                }
            }
        }
    }

    private void paintNose(float u, float v) {
        float shadow = noseShadow.coverage(u, v) * t.noseShadow;
        if (shadow > 0) {
            darken(shadow);
        }
        float base = noseBase.coverage(u, v) * 0.18f;
        if (base > 0) {
            darken(base);
        }
        for (SoftEllipse nostril : nostrils) {
            float c = nostril.coverage(u, v) * 0.65f;
            if (c > 0) {
                darken(c);
            }
        }
    }

    private void paintMouth(float u, float v, float shade) {
        float du = u - layout.mouthU;
        // The lip centre line bends up towards the corners by the smile lift, matching the landmarks.
        float centreLine = layout.mouthV - layout.cornerLift * du * du * invMouthHalfWidth2;
        float dv = v - centreLine;
        float lip = lips.coverageOffset(du, dv);
        if (lip <= 0) {
            return;
        }
        blend(lip, t.lips, shade);
        if (mouthInside != null) {
            float inside = mouthInside.coverageOffset(du, dv);
            if (inside > 0) {
                blend(inside, MOUTH_INSIDE, shade);
            }
        } else {
            float line = lipLine.coverageOffset(du, dv);
            if (line > 0) {
                blend(line, MOUTH_INSIDE, shade);
            }
        }
    }

    private void paintGlasses(float u, float v, float f) {
        float mid = (layout.leftEyeU + layout.rightEyeU) / 2;
        for (int s = 0; s < 2; s++) {
            float outer = lensOuter[s].coverage(u, v);
            if (outer <= 0) {
                continue;
            }
            float inner = lensInner[s].coverage(u, v);
            if (n.glasses == Nuisance.Glasses.SUNGLASSES) {
                blend(inner * 0.88f, PUPIL, 1.5f);
            } else {
                blend(inner * 0.12f, SCLERA, 1f);
            }
            blend(outer - inner, n.frame, 1f);
        }
        float offset = Math.abs(u - mid);
        float bar = Shapes.ramp(Math.abs(v - bridgeV) - frameThickness / 2, invEdge);
        if (bar > 0) {
            float bridge = bar * Shapes.ramp(offset - bridgeHalfLength, invEdge);
            float temple = bar * Shapes.ramp(templeStart - offset, invEdge) * (f < 1 ? 1 : 0);
            float c = Math.max(bridge, temple);
            if (c > 0) {
                blend(c, n.frame, 1f);
            }
        }
    }

    private void blendHair(float alpha, float u, float v, float shade) {
        // Strands: a triangle wave across a slightly slanted direction, frequency is an identity trait.
        float strand = 1f + 0.25f * BackgroundPainter.triangle(t.hairStrandFrequency * (u + 0.3f * t.hairPartTilt * v));
        blend(alpha, t.hair, shade * strand);
    }

    private void blend(float alpha, Rgb colour, float shade) {
        cr += (colour.r() * shade - cr) * alpha;
        cg += (colour.g() * shade - cg) * alpha;
        cb += (colour.b() * shade - cb) * alpha;
    }

    private void darken(float amount) {
        float k = 1f - amount;
        cr *= k;
        cg *= k;
        cb *= k;
    }
}
