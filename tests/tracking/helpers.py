"""Small files for claim photos."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(name: str = "box.jpg", fmt: str = "JPEG", size: tuple[int, int] = (8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def not_a_photo(name: str = "invoice.jpg"):
    return SimpleUploadedFile(name, b"%PDF-1.4 not an image", content_type="image/jpeg")
