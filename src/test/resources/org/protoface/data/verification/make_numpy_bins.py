# Writes the validation .bin files used by BinValidationSetTest, with the pickler and numpy that
# InsightFace users have (run with Debian's python3-numpy 1.24 and python3-pil 9.4):
#   /usr/bin/python3 make_numpy_bins.py
# Each file is the pickle of (bins, issame_list) with 20 pairs of 8 x 8 PNG images; issame_list
# holds numpy.bool_ scalars (as a list built from a numpy array's items gives them), pair i is
# "same" iff i % 3 == 0. numpy-int-issame.bin holds numpy.int64 scalars instead, which a reader
# must refuse.
import io
import pickle

import numpy as np
from PIL import Image


def png(seed):
    img = Image.new("RGB", (8, 8))
    img.putdata([((seed * 37 + i * 11) % 256, (seed * 91 + i * 5) % 256, (seed * 13 + i * 23) % 256) for i in range(64)])
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


bins = [png(k) for k in range(40)]
same = np.array([i % 3 == 0 for i in range(20)])
for protocol in (2, 4):
    with open(f"numpy-bool-issame-p{protocol}.bin", "wb") as f:
        pickle.dump((bins, [same[i] for i in range(20)]), f, protocol=protocol)
with open("numpy-int-issame.bin", "wb") as f:
    pickle.dump((bins, [np.int64(i % 3 == 0) for i in range(20)]), f, protocol=4)
