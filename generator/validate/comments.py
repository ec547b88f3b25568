"""Text cut short by a comment: in `title: Talks #2`, YAML reads ' #2' as a comment and the title as 'Talks'.

A comment that a contributor means is written '# a note', with a space; a '#' run into a word or a
number ('#2', '#MeToo') is almost always part of the text. Those are warned about, on one line of
an unquoted value (a quoted value cannot lose its end to a comment).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.exceptions import Problem
from generator.load.reader import Document, RawSite
from generator.model.contract import ID_PATTERN
from generator.validate.placeholders import texts_of

_ID = re.compile(ID_PATTERN)
# A space or tab, then '#' run into what follows.
CUT = re.compile(r"[ \t]+#\S")
# What an unquoted value's line holds before its cut: '  title: Talks', '  - north-korea', '- id: x'.
# (A plain value never holds ': ', which would make it a field.)
_VALUE_LINE = re.compile(r"\s*(?:-\s+)*(?:[\w-]+:\s+)?(?P<value>[^\s'\"#](?:(?!: ).)*?)(?=[ \t]+#\S)")


def _cuts(text: str) -> dict[str, set[int]]:
    """The texts that a ' #x' ends on their line, each with its line numbers: looked for at each '#' only.

    A regular expression over the whole file took 0.4 s for 62 MB of YAML (1,000 briefings), on every
    save; a comment line, or a '#' inside a quoted value, is no cut.
    """
    found: dict[str, set[int]] = {}
    number, counted = 1, 0  # the line number at text[counted]: counted on as the '#'s are met
    at = text.find("#")
    while at >= 0:
        if at and text[at - 1] in " \t" and text[at + 1:at + 2].strip():
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            value = _VALUE_LINE.match(text, start, len(text) if end < 0 else end)
            if value:
                number += text.count("\n", counted, start)
                counted = start
                found.setdefault(value["value"], set()).add(number)
        at = text.find("#", at + 1)
    return found


def _quoted(text: str, list_item: bool, field: str) -> str:
    """The value written whole in quotes, as the hint shows it."""
    quoted = f'"{text}"' if '"' not in text and "\\" not in text else "'" + text.replace("'", "''") + "'"
    return f"- {quoted}" if list_item else f"{field}: {quoted}"


def _problems(doc: Document) -> Iterator[Problem]:
    cuts = _cuts(doc.text)
    if not cuts:  # most files have none: spares walking their values
        return
    for path, text in texts_of(doc.data):
        lines = cuts.get(text)
        if not lines or _ID.fullmatch(text):  # '- id: x #y', '- north-korea #nk': an id, then a comment meant
            continue
        line, column = doc.where(path)
        written = doc.lines[line - 1]
        if line not in lines or not written.startswith(text, column - 1):
            continue
        rest = written[column - 1 + len(text):]
        cut = CUT.match(rest)
        if not cut:
            continue
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "text")
        dropped = rest[cut.end() - 2:].strip()
        shown = dropped if len(dropped) <= 30 else dropped[:30] + "…"
        whole = _quoted(f"{text} {dropped}", isinstance(path[-1], int) if path else False, field)
        yield Problem(doc.path, line, column + len(text) + cut.end() - 2,
                      f"'{field}' ends before '{shown}': YAML reads ' #' and what follows as a comment",
                      f"put the whole value in quotes ({whole}), or write the comment on a line of its own",
                      field=field, severity="warning", code="comment")


def check(raw: RawSite) -> list[Problem]:
    """Every unquoted text that a ' #' cut short, in every loaded file."""
    return [problem for doc in raw.all_documents() for problem in _problems(doc)]
