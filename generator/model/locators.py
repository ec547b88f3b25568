"""Locators in citations ('p. 4', 'chap. 2', '§ 3', '{ii, A}'), read as Pandoc's citeproc reads them.

Pandoc leaves the locator in a citation's suffix; citeproc (Text.Pandoc.Citeproc.Locator) splits
it off: an optional comma, then a braced locator, or a locator term followed by words holding
digits or roman numerals, or words holding digits alone (a page). The rest is the suffix.
"""

from __future__ import annotations

import re
import unicodedata

# Pandoc's locator terms (the CSL en-US locale): long and short, singular and plural.
_TERMS = {
    "book": "book books bk. bks.", "chapter": "chapter chapters chap. chaps.",
    "column": "column columns col. cols.", "figure": "figure figures fig. figs.",
    "folio": "folio folios fol. fols.", "issue": "issue issues no. nos. number numbers",
    "line": "line lines l. ll.", "note": "note notes n. nn.", "opus": "opus opera op. opp.",
    "page": "page pages p. pp.", "paragraph": "paragraph paragraphs para. paras. ¶ ¶¶",
    "part": "part parts pt. pts.", "section": "section sections sec. secs. § §§",
    "sub verbo": "sub|verbo sub|verbis s.v. s.vv.", "verse": "verse verses v. vv.",
    "volume": "volume volumes vol. vols.",
}
_TERM_OF = {form.replace("|", " "): term for term, forms in _TERMS.items() for form in forms.split()}
# A term as a word: one ending in a letter needs a space after it ('part 3', not 'part3').
_LABEL = re.compile("|".join(
    re.escape(form) + (r"(?=\s)" if form[-1].isalpha() else "") + r"\s*"
    for form in sorted(_TERM_OF, key=len, reverse=True)), re.I)
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.I)
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def read_locator(after_key: str) -> tuple[str, str, str]:
    """(locator as written, the term it names, the rest) of a citation's text after its key."""
    lead = re.match(r"\s*,?\s*", after_key)
    rest = after_key[lead.end() if lead else 0 :]
    if rest.startswith("{"):
        close = _balanced(rest, 0)
        if close is not None:
            inner = rest[1:close].strip()
            label = _LABEL.match(inner)
            term = _TERM_OF[label.group(0).strip().lower()] if label else "page"
            return inner, term if inner else "", _suffix(rest[close + 1 :])
    label = _LABEL.match(rest)
    explicit = bool(label)
    position = label.end() if label else 0
    words_end = None
    while True:
        gap = re.match(r"[,;]?\s?" if words_end is not None else "", rest[position:])
        word = _locator_word(rest, position + (gap.end() if gap else 0))
        if word is None or not (word[1] if explicit else re.search(r"\d", word[2])):
            break
        words_end = position = word[0]
    if words_end is None:
        return "", "", _suffix(rest)
    term = _TERM_OF[label.group(0).strip().lower()] if label else "page"
    return rest[:words_end], term, _suffix(rest[words_end:])


def _locator_word(text: str, start: int) -> tuple[int, bool, str] | None:
    """(end, roman or digits in it, text) of the locator word at start: '33-35', '34(1)', 'xv', '1.2'."""
    i = start
    while i < len(text):
        char = text[i]
        if char in _PAIRS:
            close = _balanced(text, i)
            if close is None:
                break
            i = close + 1
        elif _unit_char(char) or (char == "." and i > start and _unit_char(text[i + 1 : i + 2] or " ")):
            i += 1
        else:
            break
    if i == start:
        return None
    word = text[start:i]
    romans = any(_ROMAN.fullmatch(run) for run in re.findall(r"[^\W\d_]+", word))
    return i, romans or bool(re.search(r"\d", word)), word


def _unit_char(char: str) -> bool:
    # Pandoc's locator words stop at spaces and punctuation, but not at range marks or ':'.
    return not char.isspace() and (char in "-\u2013:" or not unicodedata.category(char).startswith("P"))


def _balanced(text: str, start: int) -> int | None:
    """The offset closing the bracket at start, balancing (), [] and {}, or None."""
    stack = []
    for i in range(start, len(text)):
        char = text[i]
        if char in _PAIRS:
            stack.append(_PAIRS[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                return i
    return None


def _suffix(text: str) -> str:
    return re.sub(r"^\s*,?\s*", "", text).rstrip()


def shown_locator(locator: str, label: str) -> str:
    """A locator as readers see it: 'pp. 33–35', 'p. 12' (a bare number is a page), 'chap. 1'."""
    if not locator:
        return ""
    shown = re.sub(r"(?<=\d)-(?=\d)", "\u2013", " ".join(locator.split()))  # a range takes an en dash
    written = _LABEL.match(shown)
    if written:
        return written.group(0).strip() + " " + shown[written.end() :]
    if label == "page":
        return ("pp. " if re.search(r"[\u2013,&]", shown) else "p. ") + shown
    return shown
