"""Pictures on a briefing's page: each picture's widths as a srcset, its size, and its credit."""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.model.briefing import Briefing

# How wide the page's column is, so the browser picks a width before it lays the page out
# (Material's content column beside both sidebars, then the whole screen on a phone).
SIZES = "(min-width: 76.25em) 42rem, (min-width: 60em) 70vw, 100vw"
_SHOWN = 960  # the width of src, for browsers without srcset: the column on a computer


@dataclass(frozen=True)
class PictureView:
    """What the template writes for one picture; the texts are escaped there, as all contributor text is."""

    src: str
    srcset: str
    width: int
    height: int
    alt: str
    caption: str | None
    credit: str
    licence: str
    source: str | None


def picture_views(briefing: Briefing, base: str) -> list[PictureView]:
    """The briefing's pictures in the order written, with addresses relative to its page (base is the way up)."""
    views = []
    for picture in briefing.meta.images:
        image = briefing.images.get(picture.file)
        if image is None:
            continue
        address = {w: base + urls.picture_file(briefing.slug, picture.file, image.digest, w, image.format)
                   for w in image.widths()}
        shown = max([w for w in address if w <= _SHOWN] or [min(address)])
        views.append(PictureView(
            address[shown], ", ".join(f"{a} {w}w" for w, a in address.items()), shown, image.height_at(shown),
            picture.alt, picture.caption, picture.credit, picture.licence, picture.source))
    return views
