"""Where a word of a Markdown field stands in its file: the line and column a problem inside a text points at.

A text value's own position is known (load/reader.py records it); a citation or a link inside it
is found by searching the file's lines from there, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.load.reader import Document

PathT = tuple[str | int, ...]


def positions(doc: Document, path: PathT, patterns: list[str]) -> Iterator[tuple[int, int]]:
    """The line and column of each pattern in the Markdown field at path, searched in order from its start."""
    line, column = doc.where(path)
    cursor = (line, column - 1)
    for pattern in patterns:
        found = None
        for number in range(cursor[0], min(cursor[0] + 200, len(doc.lines)) + 1):
            start = cursor[1] if number == cursor[0] else 0
            match = re.compile(pattern).search(doc.lines[number - 1], start)
            if match:
                found = (number, match.start() + 1)
                cursor = (number, match.end())
                break
        yield found or (line, column)


def offsets(doc: Document, path: PathT, text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The line and column of each offset (in order) into the text of the Markdown field at path."""
    # Each spot is found by the word written there; earlier copies of that word are passed over.
    patterns: list[str] = []
    wanted: list[int] = []
    previous = 0
    for offset, following in zip(offsets, [*offsets[1:], len(text)], strict=True):
        space = re.compile(r"\s").search(text, offset)
        word = text[offset : min(following, space.start() if space else len(text), offset + 40)]
        patterns += [re.escape(word)] * text.count(word, previous, offset) if word else []
        wanted.append(len(patterns))
        patterns.append(re.escape(word))
        previous = offset + len(word)
    found = list(positions(doc, path, patterns))
    return [found[i] for i in wanted]
