"""Small real images for tests that upload photos."""

from __future__ import annotations

import io

from PIL import Image


def jpeg_upload(size: tuple[int, int] = (20, 20), name: str = "photo.jpg") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 80, 160)).save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = name
    return buffer
