"""Inline citations in Markdown fields, in Pandoc's bracketed syntax: `[see @id, pp. 33-35; -@b]`.

Read as Pandoc's manual ("Citation syntax") defines them and as `pandoc -f markdown` reads them
(tests/test_citations_pandoc.py runs pandoc itself): items separated by ';', each with an
optional prefix, a '-' that suppresses the author, a key (`@id`, or `@{id}` for any other
characters), and a suffix that may begin with a locator (`p. 4`, `chap. 2`, `§ 3`, `{ii, A}`).
Code spans and code blocks never cite, and a bracket followed by '(' or '[' is a link.

Deliberately narrower than Pandoc: only bracketed citations cite. Pandoc also reads `@id`
without brackets as an author-in-text citation; our texts use '@' in plain words (handles,
e-mail addresses), so a bare `@id` stays text. A bracket that looks like a citation but cannot
be read (`[@]`, `[see @ p. 4]`, `[@a; b]`, `[@a @b]`) is a problem, reported with its offset,
never shown as literal text: see citation_problems.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.model.locators import read_locator, shown_locator


@dataclass(frozen=True)
class Citation:
    """One cited item: `[prefix -@id locator suffix]`, its texts as written."""

    id: str
    prefix: str = ""
    locator: str = ""  # as written, e.g. "pp. 33-35", "chap. 1", "33"; "" without one
    label: str = ""  # the CSL locator term it names, e.g. "page" ("page" when implied)
    suffix: str = ""
    suppress_author: bool = False
    at: int = field(default=0, compare=False)  # the offset of its '@' in the text

    @property
    def place(self) -> str:
        """The locator as readers see it: 'pp. 33–35', 'p. 12', 'chap. 1'; '' without one."""
        return shown_locator(self.locator, self.label)


@dataclass(frozen=True)
class CitationGroup:
    """One bracket of citations, and where it stands in its text (start of '[', end after ']')."""

    start: int
    end: int
    items: tuple[Citation, ...]

    @property
    def ids(self) -> list[str]:
        """The cited source ids, in order (repeats kept)."""
        return [item.id for item in self.items]


class CitationProblem(NamedTuple):
    """A bracket that looks like a citation but cannot be read: where, what and how to fix it."""

    offset: int
    message: str
    hint: str


# Characters that hide nothing a citation needs stand in for code and escapes while scanning,
# keeping every offset: one private-use character, neither a word character nor a space.
_MASK = "\ue002"
_FENCE = re.compile(r"^ {0,3}(([`~])\2{2,})[^\n]*\n(?:.*?\n)?? {0,3}\1\2*[ \t]*$", re.M | re.S)
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d+[.)])\s")
# An escaped character, a run of backticks, and raw HTML or an autolink such as <mailto:a@b.org>.
_INLINE = re.compile(r"\\[^\n]|`+|<[A-Za-z/!][^<>\n]*>")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Pandoc: a key starts with a letter, digit or '_' and holds single internal punctuation; '://' may
# stand in it (a URL as key). Trailing punctuation is not part of the key.
_KEY = re.compile(r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*")
_PLAIN_KEY = re.compile(f"@({_KEY.pattern})")
_PLAIN_GROUP = re.compile(rf"\[{_PLAIN_KEY.pattern}(?:; ?{_PLAIN_KEY.pattern})*\]")
# Before '@' or '-@', a word character or '.' makes it part of a word (an e-mail address), not a citation.
_WORDY = re.compile(r"[\w.]")



def cited_ids(text: str | None) -> list[str]:
    """Every source id cited inline in text, in order of appearance (repeats kept)."""
    return [i for group in citation_groups(text) for i in group.ids]


def citation_groups(text: str | None) -> tuple[CitationGroup, ...]:
    """Every readable citation bracket in text, in order."""
    return _scan(text)[0] if text else ()


def citation_problems(text: str | None) -> tuple[CitationProblem, ...]:
    """Every bracket in text that looks like a citation but cannot be read."""
    return _scan(text)[1] if text else ()


def split_citations(text: str) -> Iterator[str | CitationGroup]:
    """Yield the text in pieces: plain strings, and the citation groups where they stood."""
    position = 0
    for group in citation_groups(text):
        yield text[position : group.start]
        yield group
        position = group.end
    yield text[position:]


def without_citations(text: str) -> str:
    """The text with its citation brackets taken out."""
    return "".join(piece for piece in split_citations(text) if isinstance(piece, str))


@functools.lru_cache(maxsize=262144)
def _scan(text: str) -> tuple[tuple[CitationGroup, ...], tuple[CitationProblem, ...]]:
    # Remembered: the same text is read for checks, backlinks, JSON-LD and every page showing it. A site
    # of 1,000 briefings has 85,000 texts: a smaller memory, read through in turn, remembered none of them
    # by the time the next stage asked (3 s of scans instead of 1 s; 4 MB more).
    if "@" not in text or "[" not in text:
        return (), ()
    plain = _plain_groups(text)
    if plain is not None:
        return plain, ()
    scanner = _Scanner(text)
    scanner.scan(0, len(text))
    return tuple(scanner.groups), tuple(scanner.problems)


def _may_hide(text: str) -> bool:
    """True when text may hold code, an escape or HTML (a backtick, '~', '\\', '<', or an indented line)."""
    # Substring tests, not one regular expression: re tries every alternative at every position.
    return ("`" in text or "~" in text or "\\" in text or "<" in text or "\n    " in text or "\n\t" in text
            or text.startswith(("    ", "\t")))


def _plain_groups(text: str) -> tuple[CitationGroup, ...] | None:
    """The citations of a text whose only brackets are plain ones ([@a], [@a; @b]); None for any other.

    Most texts: read with one regular expression instead of the scanner, which walks the text
    character by character (a third of the validate stage at 200 briefings).
    """
    if _may_hide(text):
        return None  # code, an escape or HTML may hide a bracket: the scanner decides
    matches = list(_PLAIN_GROUP.finditer(text))
    if text.count("[") != len(matches) or text.count("]") != len(matches):
        return None
    if any(text[m.end() : m.end() + 1] in ("(", "[") or text[m.start() - 1 : m.start()] == "!" for m in matches):
        return None  # a link or an image, not a citation
    return tuple(CitationGroup(m.start(), m.end(), tuple(Citation(key.group(1), at=key.start())
                                                         for key in _PLAIN_KEY.finditer(text, m.start(), m.end())))
                 for m in matches)


def _masked(text: str) -> str:
    """The text with code, escapes and HTML tags hidden behind _MASK, every offset kept."""
    if not _may_hide(text):
        return text  # most texts: nothing to hide
    chars = list(text)

    def hide(start: int, end: int) -> None:
        chars[start:end] = _MASK * (end - start)

    for match in _FENCE.finditer(text):
        hide(match.start(), match.end())
    offset, previous_blank, in_list, in_code = 0, True, False, False
    for line in text.split("\n"):
        if line.strip():
            indented = bool(_INDENTED.match(line))
            # After a list item an indented line continues the item; elsewhere, after a blank line, it is code.
            in_code = indented and (in_code or (previous_blank and not in_list))
            if in_code:
                hide(offset, offset + len(line))
            elif not indented:
                in_list = bool(_LIST_ITEM.match(line)) or (in_list and not previous_blank)
        previous_blank = not line.strip()
        offset += len(line) + 1
    blocks_hidden = "".join(chars)
    found = _INLINE.search(blocks_hidden)
    while found:
        end = found.end()
        if found.group(0).startswith("`"):
            # A code span ends at the next run of as many backticks; without one, the run is text.
            run = re.escape(found.group(0))
            closing = re.compile(f"(?<!`){run}(?!`)").search(blocks_hidden, end)
            if closing:
                end = closing.end()
                hide(found.start(), end)
        else:
            hide(found.start(), end)
        found = _INLINE.search(blocks_hidden, end)
    return "".join(chars)


class _Scanner:
    """Finds the citation brackets of one text, and the brackets that fail to be citations."""

    def __init__(self, text: str):
        self.text = text
        self.masked = _masked(text)
        self.groups: list[CitationGroup] = []
        self.problems: list[CitationProblem] = []

    def problem(self, offset: int, message: str, hint: str) -> None:
        self.problems.append(CitationProblem(offset, message, hint))

    def closing(self, start: int, end: int) -> int | None:
        """The offset of the bracket closing the one at start, within its paragraph, or None."""
        depth = 0
        for i in range(start, end):
            char = self.masked[i]
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    return i
            elif char == "\n" and _BLANK_LINE.match(self.masked, i):
                return None
        return None

    def key_starts(self, start: int, end: int) -> Iterator[int]:
        """Offsets of each '@' in masked[start:end] outside nested brackets that is not inside a word."""
        i = start
        while i < end:
            char = self.masked[i]
            if char == "[":
                i = (self.closing(i, end) or i) + 1
                continue
            if char == "@" and not (i > 0 and _WORDY.match(self.masked[i - 1])):
                yield i
            i += 1

    def nested(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The brackets directly inside masked[start:end], as (open, close) offsets."""
        i = self.masked.find("[", start, end)
        while i >= 0:
            close = self.closing(i, end)
            if close is None:
                return
            yield i, close
            i = self.masked.find("[", close + 1, end)

    def snippet(self, start: int, end: int) -> str:
        shown = " ".join(self.text[start:end].split())
        return shown if len(shown) <= 60 else shown[:59] + "…"

    def scan(self, start: int, end: int) -> None:
        """Find the citations of text[start:end]."""
        i = self.masked.find("[", start, end)
        while i >= 0:
            close = self.closing(i, end)
            if close is None:
                # '[@a' or '[see @a, p. 4' lacks its ']'; a '[' far from a later '@' is only text.
                line_end = self.masked.find("\n", i, end)
                stop = end if line_end < 0 else line_end
                first = next(self.key_starts(i + 1, stop), None)
                if first is not None and re.fullmatch(r"[\w ]*-?", self.masked[i + 1 : first]):
                    self.problem(i, f"the citation '{self.snippet(i, stop)}' has no closing ']'",
                                 "end the citation with ']', e.g. [@source-id]; to show '[' as written, "
                                 "put a backslash before it: \\[")
                i = self.masked.find("[", i + 1, end)
                continue
            follows = self.masked[close + 1 : close + 2]
            if follows in ("(", "[") or self.masked[i - 1 : i] == "!":
                self.link(i, close, end)
            elif any(self.key_starts(i + 1, close)):
                self.group(i, close)
            else:
                self.scan(i + 1, close)
            i = self.masked.find("[", close + 1, end)

    def link(self, start: int, close: int, end: int) -> None:
        """A link's text is not a citation (as in Pandoc); a citation inside it is a problem."""
        for inner, inner_close in self.nested(start + 1, close):
            if any(self.key_starts(inner + 1, inner_close)):
                self.problem(inner, f"the citation '{self.snippet(inner, inner_close + 1)}' is inside "
                             "the text of a link", "put the citation after the link: [text](https://…) [@source-id]")
                return
        self.scan(start + 1, close)

    def group(self, start: int, close: int) -> None:
        """Read the bracket text[start:close + 1], known to hold an '@' that may start a key."""
        plain = _PLAIN_GROUP.fullmatch(self.masked, start, close + 1)
        if plain:  # most citations, read at once: [@a] or [@a; @b]
            items = [Citation(key.group(1), at=key.start()) for key in _PLAIN_KEY.finditer(self.masked, start, close)]
            self.groups.append(CitationGroup(start, close + 1, tuple(items)))
            return
        whole = self.snippet(start, close + 1)
        for inner, inner_close in self.nested(start + 1, close):
            if any(self.key_starts(inner + 1, inner_close)):
                self.problem(inner, f"the citation '{whole}' holds another citation in brackets",
                             "cite several sources in one bracket, separated by ';': [@a; @b]")
                return
        parts, begin = [], start + 1
        depth = 0
        for i in range(start + 1, close):
            char = self.masked[i]
            depth += char == "["
            depth -= char == "]"
            if char == ";" and depth == 0:
                parts.append((begin, i))
                begin = i + 1
        parts.append((begin, close))
        items = []
        for part_start, part_end in parts:
            item = self.item(part_start, part_end, whole)
            if item is None:
                return
            items.append(item)
        self.groups.append(CitationGroup(start, close + 1, tuple(items)))

    def item(self, start: int, end: int, whole: str) -> Citation | None:
        """One ';'-separated part: prefix, key and suffix; None when a problem is reported."""
        part = self.text[start:end].strip()
        keys = list(self.key_starts(start, end))
        if not keys:
            if part:
                self.problem(start + self.text[start:end].index(part[0]),
                             f"'{part}' in the citation '{whole}' cites no source",
                             "every part between ';' needs its own @source-id, e.g. [@a; see @b, p. 4]")
            else:
                self.problem(start - (start > 0 and self.text[start - 1] == ";"),
                             f"the citation '{whole}' has an empty part between ';'",
                             "put one @source-id between each ';', e.g. [@a; @b], or remove the extra ';'")
            return None
        at = keys[0]
        key, key_end = self.key(at)
        if key is None:
            written = re.match(r"@\{[^}\]]*\}?|@[^\s;\]]*", self.text[at:end])
            shown = written.group(0) if written else "@"
            what = "'@' is not followed by a source id" if shown == "@" else f"'{shown}' is not a source id"
            self.problem(at, f"{what} in the citation '{whole}'",
                         "a source id starts with a letter, digit or '_', e.g. [@src-report-2024]; "
                         "put any other id in braces, [@{…}]")
            return None
        if len(keys) > 1:
            self.problem(keys[1], f"the citation '{whole}' has two sources without ';' between them",
                         "separate citations with ';': [@a; @b]")
            return None
        suppress = at > start and self.masked[at - 1] == "-" and not (
            at - 1 > start and _WORDY.match(self.masked[at - 2]))
        prefix = self.text[start : at - suppress].strip()
        locator, label, suffix = read_locator(self.text[key_end:end])
        return Citation(key, prefix, locator, label, suffix, bool(suppress), at)

    def key(self, at: int) -> tuple[str | None, int]:
        """The key after the '@' at offset at, and where it ends; None when there is none."""
        if self.masked[at + 1 : at + 2] == "{":
            close = self.closing_brace(at + 1)
            if close is None or close == at + 2:  # no '}', or no id in the braces
                return None, at + 1
            return self.text[at + 2 : close], close + 1
        match = _KEY.match(self.masked, at + 1)
        return (match.group(0), match.end()) if match else (None, at + 1)

    def closing_brace(self, start: int) -> int | None:
        """The '}' closing the '{' at start, with no space in between (Pandoc's @{…} key)."""
        depth = 0
        for i in range(start, len(self.masked)):
            char = self.masked[i]
            if char.isspace():
                return None
            depth += (char == "{") - (char == "}")
            if depth == 0:
                return i
        return None
