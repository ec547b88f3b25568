"""Inline Pandoc-style citations in Markdown fields: `[@source-id]` and `[@a; @b]`."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A bracket holding one or more @ids separated by semicolons, e.g. [@forbes-2024; @nato].
CITATION = re.compile(r"\[\s*(@[^\]\[\s;]+(?:\s*;\s*@[^\]\[\s;]+)*)\s*\]")
CITED_ID = re.compile(r"@([^\s;\]]+)")


def cited_ids(text: str | None) -> list[str]:
    """Every source id cited inline in text, in order of appearance (repeats kept)."""
    if not text:
        return []
    return [m.group(1) for c in CITATION.finditer(text) for m in CITED_ID.finditer(c.group(1))]


def split_citations(text: str) -> Iterator[str | list[str]]:
    """Yield the text in pieces: plain strings, and lists of ids where a citation stood."""
    position = 0
    for match in CITATION.finditer(text):
        yield text[position : match.start()]
        yield [m.group(1) for m in CITED_ID.finditer(match.group(1))]
        position = match.end()
    yield text[position:]
