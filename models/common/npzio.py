"""Reproducible .npz writer: same arrays → same bytes (fixed zip entry times, fixed order)."""
from __future__ import annotations

import io
import zipfile

import numpy as np

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def save_npz(path: str, arrays: dict[str, np.ndarray], level: int = 6) -> int:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, arr in arrays.items():
            b = io.BytesIO()
            np.lib.format.write_array(b, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f'{name}.npy', date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, b.getvalue(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    data = buf.getvalue()
    with open(path, 'wb') as f:
        f.write(data)
    return len(data)
