"""Placeholder text left by scaffolding ('TODO: …'): an error in a published briefing, a warning in a draft.

`briefing new` writes `summary: TODO: the bottom line up front, …`, and a contributor may write
'TODO' in any other text while drafting. Any text value that starts with the word TODO is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.exceptions import Problem
from generator.load.reader import Document, RawSite
from generator.validate import reuse

PLACEHOLDER = re.compile(r"\s*TODO\b")
SHOWN = 50  # characters of the placeholder quoted in the message


def texts_of(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text value in a document, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts_of(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts_of(value, (*path, i))


def _may_hold_one(doc: Document) -> bool:
    """Whether a text of doc can start with TODO: only if the file has the word, or spells a character by an escape."""
    return "TODO" in doc.text or "\\" in doc.text


def _problems(doc: Document, draft: bool, hint: str) -> Iterator[Problem]:
    # Most files have no placeholder: a scan of the text spares walking every value (2 s at 1,000 briefings).
    if not _may_hold_one(doc):
        return
    for path, text in texts_of(doc.data):
        if PLACEHOLDER.match(text):
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "text")
            shown = " ".join(text.split())
            shown = shown if len(shown) <= SHOWN else shown[:SHOWN] + "…"
            line, column = doc.where(path)
            # A folded or literal block ('summary: >-') starts on the line below its indicator.
            for number in range(line, min(line + 3, len(doc.lines)) + 1):
                found = doc.lines[number - 1].find("TODO", column - 1 if number == line else 0)
                if found >= 0:
                    line, column = number, found + 1
                    break
            yield Problem(doc.path, line, column, f"'{field}' still holds the placeholder '{shown}'", hint,
                          field=field, severity="warning" if draft else "error", code="placeholder")


# Each document's placeholders as last found, by the document's identity (see reuse.py): the
# preview does not walk its unchanged files again.
_FOUND: dict[int, tuple[Document, bool, list[Problem]]] = {}


def _forget() -> None:
    global _FOUND
    _FOUND = {}


reuse.on_forget(_forget)


def check(raw: RawSite) -> list[Problem]:
    """Every placeholder: a warning in a draft, an error in a published or archived briefing or a site-wide file."""
    global _FOUND
    found: dict[int, tuple[Document, bool, list[Problem]]] = {}

    def of(doc: Document, draft: bool, hint: str) -> list[Problem]:
        last = _FOUND.get(id(doc))
        found[id(doc)] = last if last is not None and last[0] is doc and last[1] == draft else (
            doc, draft, list(_problems(doc, draft, hint)))
        return found[id(doc)][2]

    problems: list[Problem] = []
    for doc in raw.registries.values():
        problems += of(doc, False, "the site-wide files are public: write the real text here")
    for briefing in raw.briefings:
        main = briefing.documents.get("briefing")
        draft = main is not None and isinstance(main.data, dict) and main.data.get("status") == "draft"
        hint = ("replace it before you set 'status: published' (then it is an error)" if draft else
                "write the real text here, or set 'status: draft' in briefing.yaml while it is unfinished")
        for doc in briefing.documents.values():
            problems += of(doc, draft, hint)
    _FOUND = found
    return problems
