"""Whether a BCP 47 code names a language, from Unicode's CLDR through Babel, and what was meant if not.

The one rule of every language field (a source's language, a quote's original.lang, an actor's or a
place's native_name_lang): a code that names no language ('ua', Ukraine's country code) is refused
(contract.py), one that names a language hardly ever meant ('kr', Kanuri, for Korean) is warned about
(validate/languages.py), each with the code most likely meant.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from generator.exceptions import Severity

_ENGLISH = Locale("en")
EXAMPLES = "e.g. en, ko, uk, ru, zh-Hant"

# Codes often written for a language that are a country's code or ISO 639-2's instead. Those that are
# no language at all are refused; those that are one (kr, Kanuri; br, Breton; se, Northern Sami; ee,
# Ewe) are warned about, as they are hardly ever what a briefing quotes.
LANGUAGE_ABBREVIATIONS = {"kr": "ko", "jp": "ja", "ua": "uk", "cn": "zh", "eng": "en", "rus": "ru", "kor": "ko",
                          "ukr": "uk", "br": "pt", "ir": "fa", "il": "he", "gr": "el", "se": "sv", "dk": "da",
                          "ee": "et"}


@dataclass(frozen=True)
class Verdict:
    """What is wrong with a language code: refused (error) or rarely meant (warning), and how to write it."""

    severity: Severity
    message: str
    hint: str


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


@functools.cache
def _codes_by_name() -> dict[str, str]:
    """Each language's English name in lower case → its code, from CLDR through Babel: 'portuguese' → 'pt'."""
    codes: dict[str, str] = {}
    for code, name in sorted(_ENGLISH.languages.items(), key=lambda item: len(item[0])):
        codes.setdefault(name.lower(), code.replace("_", "-"))  # the shortest code of a name: 'pt', not 'pt-PT'
    return codes


@functools.cache
def _known() -> frozenset[str]:
    """The language subtags CLDR knows, named in English or not (Evenki's 'evn' has no English name in CLDR)."""
    likely = (code for code in get_global("likely_subtags") if "_" not in code and code != "und")
    return frozenset(code for code in (*_ENGLISH.languages, *likely) if "_" not in code)


def language_code(written: str) -> str | None:
    """The BCP 47 code a contributor most likely meant by a language's name or a wrong code, or None."""
    text = written.strip().lower()
    return LANGUAGE_ABBREVIATIONS.get(text) or _codes_by_name().get(text)


def _country_languages(code: str) -> list[str]:
    """The official languages of the country whose code is code ('by' → ['ru', 'be']), most spoken first."""
    spoken = get_global("territory_languages").get(code.upper(), {})
    official = sorted((-info.get("population_percent", 0), language.split("_")[0])
                      for language, info in spoken.items() if info.get("official_status") == "official")
    return list(dict.fromkeys(language for _, language in official if language != "en"))[:3]


def _spelt(languages: list[str]) -> str:
    """['ru', 'be'] → "Russian is 'ru' and Belarusian 'be'"."""
    named = [f"{language_name(code)} '{code}'" for code in languages]
    named[0] = named[0].replace(" '", " is '", 1)
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _meant(code: str) -> str:
    """The hint for a code that names no language: why it is none, and what to write."""
    alias = get_global("language_aliases").get(code)
    country = _ENGLISH.territories.get(code.upper()) if len(code) == 2 else None
    meant = LANGUAGE_ABBREVIATIONS.get(code)
    languages = [meant] if meant else _country_languages(code) if country else []
    if alias:  # 'eng', 'iw', 'cmn': CLDR writes the language another way, and names it only so
        written = alias.replace("_", "-")
        if len(code) == 3 and len(written.split("-")[0]) == 2:
            return (f"write '{written}' ({language_name(written)}): a language with a two-letter code is "
                    "written with it")
        return f"write '{written}' ({language_name(written)}): '{code}' is its former code"
    if country and languages:
        return f"'{code}' is the country code of {country}; {_spelt(languages)}"
    return f"write '{meant}' ({language_name(meant)})" if meant else ""


@functools.lru_cache(maxsize=1024)
def judge(code: str) -> Verdict | None:
    """None when code names a language as it is usually meant; else an error or a warning, with what to write."""
    primary = code.split("-")[0].lower()
    if primary in _ENGLISH.languages:
        meant = LANGUAGE_ABBREVIATIONS.get(primary)
        if meant is None:
            return None
        country = _ENGLISH.territories.get(primary.upper())
        also = f" ('{primary}' is also the country code of {country})" if country else ""
        named, meant_name = language_name(primary), language_name(meant)
        return Verdict("warning", f"'{primary}' is the code of {named}; {meant_name} is '{meant}'",
                       f"write '{meant}' for {meant_name}{also}; keep '{primary}' only for {named}")
    if primary in _known() and primary not in get_global("language_aliases"):
        return None
    return Verdict("error", f"'{primary}' is not a language code", _meant(primary) or EXAMPLES)
