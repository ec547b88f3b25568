"""Language names in English for BCP 47 codes ('ko' → 'Korean'), from Unicode's CLDR data through Babel."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

_ENGLISH = Locale("en")


@functools.lru_cache(maxsize=512)
def language_name(tag: str) -> str:
    """The English name of a language tag: 'Korean', 'Chinese (Traditional)'; the tag itself when unknown."""
    language = tag.split("-")[0].lower()
    try:
        # With its script or region when Babel knows the whole tag: 'Serbian (Latin)'.
        locale = Locale.parse(tag, sep="-")
        if locale.language == language:
            return str(locale.get_display_name(_ENGLISH) or tag)
    except (UnknownLocaleError, ValueError):
        pass
    # Babel fills in a likely language for 'und' (undetermined): the name table alone says "Unknown language".
    return str(_ENGLISH.languages.get(language) or tag)


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
