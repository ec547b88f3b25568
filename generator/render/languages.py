"""What pages need of a language: its name in English (model/language_codes.py), its direction (CLDR, Babel)."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from generator.model.language_codes import language_name  # the model's checks name languages too

__all__ = ["direction", "language_name"]


@functools.lru_cache(maxsize=512)
def direction(tag: str | None) -> Markup:
    """' dir="rtl"' for a language written right to left (Arabic, Hebrew, Persian, Urdu…), else ''.

    For the element that carries the language tag: without it, browsers and WeasyPrint set such
    text left to right, its punctuation at the wrong end. From CLDR's character order, through Babel.
    """
    try:
        rtl = bool(tag) and Locale.parse(tag, sep="-").character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        rtl = False
    return Markup(' dir="rtl"') if rtl else Markup("")
