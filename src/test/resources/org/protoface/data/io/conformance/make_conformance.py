# Writes the image-decoding conformance set checked by ImageConformanceTest: image files in the
# colour models, bit depths and variants a face set can hold, each with the RGB pixels a
# reference loader gives for it, computed without ProtoFace's decoder:
#   - PNG: from the pixel values written (lossless), by the rules PIL's convert("RGB") and OpenCV's
#     imread(IMREAD_COLOR) share: alpha dropped (not composited), grey replicated to R, G, B,
#     palette entries looked up, 16-bit samples reduced to their high byte (v >> 8, as OpenCV
#     does; PIL clips 16-bit grey instead, a known Pillow defect).
#   - JPEG: PIL's Image.open(f).convert("RGB") of the file (libjpeg-turbo), PIL's own CMYK rule
#     for CMYK/YCCK files.
# Run with Debian 12's python3-pil 9.4, python3-png 0.20220715, python3-numpy 1.24,
# libturbojpeg0 2.1.5 and libjpeg-turbo-progs 2.1.5 (cjpeg):
#   /usr/bin/python3 make_conformance.py
# Output: <name>.<png|jpg> and <name>.rgb (height x width x 3 bytes, row-major R, G, B) per case,
# and cases.tsv: name, file, width, height, max allowed |difference| per channel, description.
import ctypes
import io
import subprocess

import numpy as np
import png
from PIL import Image

W, H = 24, 16
yy, xx = np.mgrid[0:H, 0:W]
# smooth gradients plus a hard edge: both kinds of content a face crop has
R = (xx * 10 + 5).astype(np.uint8)
G = (yy * 15 + 3).astype(np.uint8)
B = ((xx + yy) * 6 + np.where(xx > 12, 90, 0)).clip(0, 255).astype(np.uint8)
RGB = np.dstack([R, G, B])
GREY = ((xx * 7 + yy * 5) % 256).astype(np.uint8)
ALPHA = ((xx * 11 + yy * 3) % 256).astype(np.uint8)   # every kind of partial transparency

cases = []


def save(name, ext, data, expected, tolerance, what):
    with open(f"{name}.{ext}", "wb") as f:
        f.write(data)
    expected = np.ascontiguousarray(expected, dtype=np.uint8)
    assert expected.shape == (H, W, 3), (name, expected.shape)
    with open(f"{name}.rgb", "wb") as f:
        f.write(expected.tobytes())
    cases.append((name, f"{name}.{ext}", W, H, tolerance, what))


def pypng(rows, **kw):
    out = io.BytesIO()
    png.Writer(W, H, **kw).write(out, rows)
    return out.getvalue()


def grey3(g):
    return np.dstack([g, g, g])


# ---- PNG: expected pixels follow from the values written ----
save("png-rgb8", "png", pypng(RGB.reshape(H, -1).tolist(), greyscale=False), RGB, 0, "PNG 8-bit RGB")
save("png-rgba8", "png", pypng(np.dstack([RGB, ALPHA]).reshape(H, -1).tolist(), greyscale=False, alpha=True), RGB, 0,
     "PNG 8-bit RGBA, partial alpha: alpha dropped")
save("png-grey8", "png", pypng(GREY.tolist(), greyscale=True), grey3(GREY), 0, "PNG 8-bit grey")
save("png-greyalpha8", "png", pypng(np.dstack([GREY, ALPHA]).reshape(H, -1).tolist(), greyscale=True, alpha=True),
     grey3(GREY), 0, "PNG 8-bit grey + alpha: alpha dropped")
for bits in (1, 2, 4):
    levels = (GREY >> (8 - bits)).astype(np.uint8)
    # a b-bit grey sample v means v * 255 / (2^b - 1), exactly (PNG specification, sample depth scaling)
    expected = (levels.astype(np.int32) * 255 // ((1 << bits) - 1)).astype(np.uint8)
    save(f"png-grey{bits}", "png", pypng(levels.tolist(), greyscale=True, bitdepth=bits), grey3(expected), 0,
         f"PNG {bits}-bit grey")
G16 = (GREY.astype(np.uint16) * 257 + (xx * 13).astype(np.uint16)) & 0xFFFF
RGB16 = RGB.astype(np.uint16) * 256 + (yy * 17 + xx).astype(np.uint16)[..., None]
A16 = ALPHA.astype(np.uint16) * 256 + 77
save("png-grey16", "png", pypng(G16.tolist(), greyscale=True, bitdepth=16), grey3(G16 >> 8), 0, "PNG 16-bit grey")
save("png-greyalpha16", "png", pypng(np.dstack([G16, A16]).reshape(H, -1).tolist(), greyscale=True, alpha=True, bitdepth=16),
     grey3(G16 >> 8), 0, "PNG 16-bit grey + alpha")
save("png-rgb16", "png", pypng(RGB16.reshape(H, -1).tolist(), greyscale=False, bitdepth=16), RGB16 >> 8, 0, "PNG 16-bit RGB")
save("png-rgba16", "png", pypng(np.dstack([RGB16, A16]).reshape(H, -1).tolist(), greyscale=False, alpha=True, bitdepth=16),
     RGB16 >> 8, 0, "PNG 16-bit RGBA")
PALETTE = [((i * 37) % 256, (i * 91 + 20) % 256, (255 - i * 13) % 256) for i in range(16)]
IDX = ((xx // 3 + yy // 2) % 16).astype(np.uint8)
PAL_RGB = np.array(PALETTE, dtype=np.uint8)[IDX]
save("png-palette8", "png", pypng(IDX.tolist(), palette=PALETTE, bitdepth=8), PAL_RGB, 0, "PNG 8-bit palette")
save("png-palette4", "png", pypng(IDX.tolist(), palette=PALETTE, bitdepth=4), PAL_RGB, 0, "PNG 4-bit palette")
PALETTE_A = [c + ((i * 17) % 256,) for i, c in enumerate(PALETTE)]
save("png-palette-trns", "png", pypng(IDX.tolist(), palette=PALETTE_A, bitdepth=8), PAL_RGB, 0,
     "PNG palette with tRNS transparency: transparency dropped")
save("png-rgb8-interlaced", "png", pypng(RGB.reshape(H, -1).tolist(), greyscale=False, interlace=True), RGB, 0,
     "PNG 8-bit RGB, Adam7 interlaced")
save("png-rgb8-gamma", "png", pypng(RGB.reshape(H, -1).tolist(), greyscale=False, gamma=1.0), RGB, 0,
     "PNG 8-bit RGB with a gAMA chunk (1.0): colour metadata ignored, as both references do")
trns_rgb = pypng(RGB.reshape(H, -1).tolist(), greyscale=False, transparent=tuple(int(v) for v in RGB[0, 0]))
save("png-rgb8-trns", "png", trns_rgb, RGB, 0, "PNG 8-bit RGB with a tRNS colour key")


# ---- JPEG: expected pixels are PIL's decode ----
def pil_rgb(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def pil_jpeg(img, **kw):
    out = io.BytesIO()
    img.save(out, format="JPEG", **kw)
    return out.getvalue()


rgb_img = Image.fromarray(RGB, "RGB")
for name, kw, what in [
    ("jpeg-420", dict(quality=90), "JPEG YCbCr 4:2:0, quality 90"),
    ("jpeg-444", dict(quality=95, subsampling=0), "JPEG YCbCr 4:4:4, quality 95"),
    ("jpeg-422", dict(quality=90, subsampling=1), "JPEG YCbCr 4:2:2, quality 90"),
    ("jpeg-progressive", dict(quality=90, progressive=True), "progressive JPEG"),
    ("jpeg-exif-rotated", dict(quality=90, exif=bytes.fromhex(
        "4578696600004d4d002a00000008000101120003000000010006000000000000")), "JPEG with EXIF orientation 6: not applied"),
    ("jpeg-icc", dict(quality=90, icc_profile=b"\x00" * 128 + b"not a profile anyone can apply"),
     "JPEG with an embedded ICC profile: ignored"),
]:
    data = pil_jpeg(rgb_img, **kw)
    save(name, "jpg", data, pil_rgb(data), 3, what)
data = pil_jpeg(Image.fromarray(GREY, "L"), quality=90)
save("jpeg-grey", "jpg", data, pil_rgb(data), 3, "JPEG grey")
CMYK = np.dstack([255 - R, 255 - G, 255 - B, (xx * 5).astype(np.uint8)])
data = pil_jpeg(Image.fromarray(CMYK, "CMYK"), quality=95)
save("jpeg-cmyk-adobe", "jpg", data, pil_rgb(data), 3, "CMYK JPEG with Adobe marker, as Photoshop and PIL write it")

# YCCK: TurboJPEG compresses CMYK pixels as YCCK (Adobe transform 2)
tj = ctypes.CDLL("libturbojpeg.so.0")
tj.tjInitCompress.restype = ctypes.c_void_p
handle = tj.tjInitCompress()
buf = ctypes.POINTER(ctypes.c_ubyte)()
size = ctypes.c_ulong(0)
pixels = np.ascontiguousarray(CMYK)
TJPF_CMYK, TJSAMP_444 = 11, 0
rc = tj.tjCompress2(ctypes.c_void_p(handle), pixels.ctypes.data_as(ctypes.POINTER(ctypes.c_ubyte)), W, 0, H, TJPF_CMYK,
                    ctypes.byref(buf), ctypes.byref(size), TJSAMP_444, 95, 0)
assert rc == 0
data = bytes(ctypes.string_at(buf, size.value))
assert b"Adobe" in data
save("jpeg-ycck-adobe", "jpg", data, pil_rgb(data), 3, "YCCK JPEG (Adobe transform 2), as TurboJPEG writes CMYK")

# RGB JPEG (no colour transform): libjpeg-turbo's cjpeg -rgb
ppm = b"P6\n%d %d\n255\n" % (W, H) + RGB.tobytes()
data = subprocess.run(["cjpeg", "-rgb", "-quality", "95"], input=ppm, capture_output=True, check=True).stdout
save("jpeg-rgb", "jpg", data, pil_rgb(data), 3, "JPEG stored as RGB (cjpeg -rgb)")

with open("cases.tsv", "w") as f:
    f.write("# name\tfile\twidth\theight\ttolerance\tdescription\n")
    for c in cases:
        f.write("\t".join(str(v) for v in c) + "\n")
print(len(cases), "cases")
