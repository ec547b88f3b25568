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
from generator.validate.placeholders import texts_of

# A space or tab, then '#' run into what follows.
CUT = re.compile(r"[ \t]+#\S")


def _may_hold_one(text: str) -> bool:
    """Whether text has a ' #' run into what follows, looked for at each '#' only.

    A regular expression over the whole file took 0.4 s for 62 MB of YAML (1,000 briefings), on every save.
    """
    at = text.find("#")
    while at >= 0:
        if at and text[at - 1] in " \t" and text[at + 1:at + 2].strip():
            return True
        at = text.find("#", at + 1)
    return False


def _problems(doc: Document) -> Iterator[Problem]:
    if not _may_hold_one(doc.text):  # most files have none: spares walking every value
        return
    for path, text in texts_of(doc.data):
        line, column = doc.where(path)
        written = doc.lines[line - 1]
        if not text or "\n" in text or not written.startswith(text, column - 1):
            continue  # quoted, a block, or written over several lines
        rest = written[column - 1 + len(text):]
        cut = CUT.match(rest)
        if not cut:
            continue
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "text")
        dropped = rest[cut.end() - 2:].strip()
        shown = dropped if len(dropped) <= 30 else dropped[:30] + "…"
        yield Problem(doc.path, line, column + len(text) + cut.end() - 2,
                      f"'{field}' ends before '{shown}': YAML reads ' #' and what follows as a comment",
                      f"put the whole value in quotes ({field}: \"{text} {dropped}\"), or write the "
                      "comment on a line of its own", field=field, severity="warning", code="comment")


def check(raw: RawSite) -> list[Problem]:
    """Every unquoted text that a ' #' cut short, in every loaded file."""
    return [problem for doc in raw.all_documents() for problem in _problems(doc)]
