"""Pictures: each briefing's pictures at a few widths, re-encoded from their pixels alone.

Nothing of the contributor's file but its pixels reaches the site: no EXIF (a camera's GPS
position, its serial number, the time), no XMP, no ICC profile or comments. The picture is turned
upright by its EXIF orientation first, since that is lost with the rest.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Protocol

from PIL import Image, ImageOps

from generator import urls
from generator.model.briefing import ImageFile, Site

# The modes each format writes as it is; any other is converted to the first.
_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGBA", "RGB", "LA", "L"), "WEBP": ("RGBA", "RGB")}
_SAVE: dict[str, dict[str, int | bool]] = {"JPEG": {"quality": 82, "optimize": True, "progressive": True},
         "PNG": {"optimize": True}, "WEBP": {"quality": 80, "method": 4}}


class PictureCache(Protocol):
    """What this stage asks of a cache of resized pictures (generator.output_cache.PictureStore is one)."""

    def picture(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes key names: remembered, or make() now."""
        ...


def build_pictures(site: Site, store: PictureCache | None = None) -> dict[str, bytes]:
    """Every width of every picture of the site's briefings, by path under docs/."""
    files: dict[str, bytes] = {}
    for briefing in site.published:
        for file, image in briefing.images.items():
            for width in image.widths():
                make = functools.partial(encode, image, width)
                data = store.picture(f"{image.digest} {width} {image.format}", make) if store else make()
                files[urls.picture_file(briefing.slug, file, image.digest, width, image.format)] = data
    return files


def encode(image: ImageFile, width: int) -> bytes:
    """The picture width pixels across, in its own format, with no metadata at all."""
    with Image.open(image.path) as opened:
        upright = ImageOps.exif_transpose(opened)
        modes = _MODES[image.format]
        if upright.mode not in modes:
            see_through = "A" in upright.getbands() or upright.mode == "P"
            upright = upright.convert("RGBA" if see_through and "RGBA" in modes else "RGB")
        size = (width, image.height_at(width))  # the upright size (validate/pictures.py)
        resized = upright.resize(size, Image.Resampling.LANCZOS) if size != upright.size else upright
        # A new image from the pixel bytes alone: resize() and convert() carry info (EXIF, XMP, ICC,
        # comments) along, and some writers save what info holds.
        clean = Image.frombytes(resized.mode, resized.size, resized.tobytes())
    out = io.BytesIO()
    clean.save(out, format=image.format, **_SAVE[image.format])
    return out.getvalue()
