"""Pictures: each `images:` entry names a JPEG, PNG or WebP file in the briefing's folder, within the size limits.

Only the file's header is read here (Pillow decodes no pixels until asked): the build resizes and
re-encodes the pixels later (outputs/pictures.py). The file's digest goes into the briefing, so the
pages that show a picture are made again when the file is replaced.
"""

from __future__ import annotations

import difflib
import hashlib
import math
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

from generator.exceptions import Problem
from generator.load.reader import Document
from generator.model.briefing import ImageFile

FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}  # Pillow's name → ours
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
_ORIENTATION = 0x0112  # EXIF tag: how the camera was held
_TURNED = (5, 6, 7, 8)  # orientations a quarter turn away from upright
_CONVERT = "convert it to JPEG (photographs) or PNG (drawings, screenshots), e.g. in an image editor"


def check(folder: Path, doc: Document, pictures: Any, problems: list[Problem]) -> dict[str, ImageFile]:
    """The checked file of each picture by its `file:` value; a located problem for each that is unusable.

    pictures is the `images:` list as written: its files are checked even when a field beside them
    is wrong (the model reports that), so that every problem is reported at once.
    """
    found: dict[str, ImageFile] = {}
    for number, picture in enumerate(pictures if isinstance(pictures, list) else []):
        name = picture.get("file") if isinstance(picture, dict) else None
        if not isinstance(name, str) or not name.strip() or name in found:
            continue
        line, column = doc.where(("images", number, "file"))

        def problem(message: str, hint: str, line: int = line, column: int = column) -> None:
            problems.append(Problem(doc.path, line, column, message, hint, field="file", code="picture"))

        image = _checked(folder, name, problem)
        if image is not None:
            found[name] = image
    return found


def _checked(folder: Path, name: str, problem: Callable[[str, str], None]) -> ImageFile | None:
    relative = PurePosixPath(name)
    if relative.is_absolute() or "\\" in name or ".." in relative.parts:
        problem(f"the picture '{name}' must be a file inside the briefing's folder",
                f"write its path from {folder.name}/, e.g. images/photo.jpg")
        return None
    path = folder / relative
    if path.is_symlink():  # 'there is no file', then 'did you mean' the very name, read as nonsense
        problem(f"the picture '{name}' is a symbolic link, and links are not followed",
                f"copy the picture itself into {_shown(folder)}/ in place of the link")
        return None
    if not path.is_file():
        close = difflib.get_close_matches(name, _image_files(folder), n=1, cutoff=0.5)
        problem(f"there is no file '{name}' in {_shown(folder)}/",
                f"did you mean '{close[0]}'?" if close else
                f"put the picture in {_shown(folder)}/images/ and write its path from the briefing's "
                "folder, e.g. images/photo.jpg")
        return None
    size = path.stat().st_size
    if size > MAX_BYTES:
        megabytes = math.ceil(size / 2**20 * 10) / 10  # rounded up: 20 MB and a byte is not '20.0 MB'
        problem(f"the picture '{name}' is {megabytes:.1f} MB: the limit is {MAX_BYTES // 2**20} MB",
                "save it smaller: 3000 pixels across at JPEG quality 85 is plenty for the page and the PDF")
        return None
    data = path.read_bytes()
    try:
        with Image.open(path) as opened:
            kind, (width, height) = opened.format or "", opened.size
            if opened.getexif().get(_ORIENTATION) in _TURNED:  # shown upright: the build turns it
                width, height = height, width
    except Image.DecompressionBombError:
        kind, width, height = "", MAX_PIXELS, MAX_PIXELS  # far over the limit: reported below
    except (UnidentifiedImageError, OSError, ValueError):
        problem(f"'{name}' is not an image file that can be read", _CONVERT + "; or check that it is not damaged")
        return None
    if kind and kind not in FORMATS:
        problem(f"the picture '{name}' is a {kind} image: pictures must be JPEG, PNG or WebP", _CONVERT)
        return None
    if width * height > MAX_PIXELS:
        problem(f"the picture '{name}' is too large ({width} × {height} pixels): the limit is "
                f"{MAX_PIXELS // 1_000_000} megapixels", "scale it down, e.g. to 3000 pixels across")
        return None
    return ImageFile(str(path.resolve()), hashlib.sha256(data).hexdigest(), width, height, kind)


def _image_files(folder: Path) -> list[str]:
    """The picture files of a briefing's folder, as paths from it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.suffix.lower() in SUFFIXES and p.is_file())


def _shown(folder: Path) -> str:
    return f"briefings/{folder.name}"
