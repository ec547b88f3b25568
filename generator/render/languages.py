"""Language names in English for BCP 47 codes ('ko' → 'Korean'), from Unicode's CLDR data through Babel."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

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
