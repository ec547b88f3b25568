"""Markup in a plain-text field (a title, a note, a quote's context): the page shows it as typed.

The contract's Text fields are shown as written, escaped; only its Markdown fields are read as
Markdown and cite inline. A citation such as [@src-a] in plain text is never meant as text: it is
warned about wherever the citation reader finds one. Markdown is warned about only where it cannot
be ordinary writing: '**bold**' in pairs of double asterisks and '[words](https://…)' links (one
asterisk, an underscore or a bracket alone are left to the writer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from generator.load.reader import Document
from generator.model.citations import citation_groups
from generator.model.citing import CitingItem, PathT, plain_texts
from generator.validate import spots

# Double asterisks, text that starts and ends with a non-space, double asterisks: CommonMark's strong emphasis.
_BOLD = re.compile(r"(?<![*\\])\*\*(?![\s*])[^\n]*?(?<![\s*\\])\*\*(?!\*)")
_LINK = re.compile(r"(?<![\\!])\[[^\[\]\n]+\]\(\s*<?https?://[^\s)>]+>?\s*\)", re.I)
# What each markup would be in a Markdown field.
_MEANT = {"citation": "a citation", "bold": "bold text", "link": "a link"}


class Markup(NamedTuple):
    """One piece of markup in a plain text: what it is, where it starts, and as written."""

    kind: str  # "citation", "bold" or "link"
    offset: int
    written: str


def markup(text: str) -> list[Markup]:
    """The first citation, bold text and link in a plain text, in order of where they stand."""
    if "[" not in text and "**" not in text:
        return []  # nearly every title and note
    found = []
    link = _LINK.search(text)
    if link:
        found.append(Markup("link", link.start(), link.group(0)))
    # The citation reader takes '[words](…)' for a link and reads no citation in it.
    groups = citation_groups(text)
    if groups:
        found.append(Markup("citation", groups[0].start, text[groups[0].start : groups[0].end]))
    bold = _BOLD.search(text)
    if bold:
        found.append(Markup("bold", bold.start(), bold.group(0)))
    return sorted(found, key=lambda m: m.offset)


def _hint(kind: str, field: str, item: CitingItem) -> str:
    """How to write what the markup meant, in the item's 'sources' list or its Markdown field if it has them."""
    markdown = next(iter(item.markdown), "")
    listed = item.item_id is not None  # an event, figure or quote: not briefing.yaml's own fields
    if kind == "citation":
        if listed and markdown:
            return (f"list the source under the {item.kind}'s 'sources: […]' instead, or cite it in "
                    f"'{markdown}', which is Markdown")
        if listed:
            return f"list the source under the {item.kind}'s 'sources: […]' instead"
        return f"cite it in '{markdown or 'summary'}', which is Markdown, instead"
    if kind == "bold":
        also = f" (bold text can go in '{markdown}', which is Markdown)" if markdown else ""
        return f"'{field}' shows text as written: remove the asterisks{also}"
    also = f" (a link can go in '{markdown}', which is Markdown)" if markdown else ""
    return f"'{field}' shows text as written: keep the words, and list the page as a source{also}"


def warnings(doc: Document, path: PathT, item: CitingItem) -> Iterator[tuple[PathT, str, str, tuple[int, int]]]:
    """Each markup in the item's plain-text fields (the item written at path in doc): the field, the message,
    the hint and where the markup stands."""
    for sub, text in plain_texts(item.record):
        found = markup(text)
        if not found:
            continue
        field = str(next(p for p in reversed(sub) if isinstance(p, str)))
        spots_at = spots.offsets(doc, (*path, *sub), text, [m.offset for m in found])
        for piece, at in zip(found, spots_at, strict=True):
            shown = piece.written if len(piece.written) <= 60 else piece.written[:59] + "…"
            yield (sub, f"'{field}' is plain text: '{shown}' shows as typed, not as {_MEANT[piece.kind]}",
                   _hint(piece.kind, field, item), at)
