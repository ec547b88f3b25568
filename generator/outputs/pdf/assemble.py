"""The site PDF: a title page and contents, then every briefing, with page numbers that run on.

Each briefing's pages, laid out once without numbers (layout.py), are added to the document
as soon as they are ready, while the other briefings are still being laid out; then the front
matter goes before them, and the numbers are stamped on. pypdf joins the parts, keeping links,
named destinations and bookmarks.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, Fit, IndirectObject, NameObject, TextStringObject

from generator.config import SiteConfig
from generator.exceptions import BuildError
from generator.model.briefing import Briefing
from generator.outputs.pdf.base import Progress, render_template
from generator.outputs.pdf.layout import (
    TAGGED,
    Numbers,
    Workers,
    guard,
    lay_out,
    lay_out_numbers,
    numbering_css,
    stamp,
)
from generator.outputs.pdf.structure import StructureTree
from generator.write import atomic_write

TOC_PREFIX = "toc--"  # anchors of the contents entries, pointed at the briefings when joined
MAX_ROUNDS = 3
# Page numbers of the site PDF laid out per document: WeasyPrint's time per page grows with the
# length of a document, and each document adds its own copy of the font to the site PDF.
NUMBERS_PER_DOCUMENT = 300


@dataclass(frozen=True)
class Entry:
    """One line of the contents: a briefing and the page it starts on."""

    slug: str
    title: str
    subtitle: str
    updated: str
    page: int


def starts(front_pages: int, counts: list[int]) -> list[int]:
    """The first page number of each part, after front_pages pages of front matter."""
    out, page = [], front_pages + 1
    for count in counts:
        out.append(page)
        page += count
    return out


def _pdf_date(briefings: Sequence[Briefing]) -> str:
    latest = max(b.meta.updated.lower for b in briefings)
    return f"D:{latest:%Y%m%d}000000Z"


@dataclass(frozen=True)
class Front:
    """The title page and contents to lay out: the site, its briefings and their page counts."""

    config: SiteConfig
    entries: tuple[Entry, ...]  # pages not known yet: 0
    latest: str  # the latest update, in words and as a date
    date: str
    counts: tuple[int, ...]
    target: Path


def front_matter(front: Front) -> int:
    """Worker: lay out the title page and contents, numbered by WeasyPrint itself; return their page count."""
    front_pages = 2
    for _ in range(MAX_ROUNDS):
        entries = [replace(entry, page=page) for entry, page in zip(
            front.entries, starts(front_pages, list(front.counts)), strict=True)]
        source = render_template("front.html.j2", config=front.config, entries=entries, latest=front.latest,
                                 date=front.date, toc_prefix=TOC_PREFIX)
        document = lay_out(source, numbering_css(total=front_pages + sum(front.counts)))
        if len(document.pages) == front_pages:
            atomic_write(front.target, document.write_pdf(**TAGGED))
            return front_pages
        front_pages = len(document.pages)
    raise BuildError("the table of contents of the site PDF does not settle on a page count")


def assemble(site: SiteDocument, briefings: Sequence[Briefing], config: SiteConfig, counts: list[int],
             target: Path, work: Path, workers: Workers, say: Progress) -> int:
    """Finish the site PDF once every part is in: front matter, page numbers; return its page count."""
    started = time.perf_counter()
    latest = max(briefings, key=lambda b: b.meta.updated.sort_key).meta.updated
    entries = tuple(Entry(b.slug, b.meta.title, b.meta.subtitle or "", b.meta.updated.words(), 0) for b in briefings)
    # Laid out by a worker, like everything WeasyPrint lays out: this process holds the site PDF.
    front = Front(config, entries, latest.words(), latest.lower.isoformat(), tuple(counts), work / "front.pdf")
    front_pages = guard("the title page and contents", workers.submit(front_matter, front).result)
    total = front_pages + sum(counts)
    # The workers lay out the numbers while this process puts the front matter in.
    numbers = [(start - 1, workers.submit(lay_out_numbers, Numbers(
                    start, min(NUMBERS_PER_DOCUMENT, total + 1 - start), total, work / f"numbers-{start}.pdf")))
               for start in range(front_pages + 1, total + 1, NUMBERS_PER_DOCUMENT)]
    site.prepend(front.target)
    for first, future in numbers:
        stamp(site.writer, PdfReader(guard("the page numbers", future.result)), first)
    site.write(target, config, briefings)
    say(f"{target.name}: {total} pages, finished in {time.perf_counter() - started:.1f} s")
    return total


class SiteDocument:
    """The site PDF as it is put together: each briefing's pages as soon as they are laid out, then
    the front matter before them, then the page numbers (pypdf)."""

    def __init__(self) -> None:
        self.writer = PdfWriter()
        self._files: list[BinaryIO] = []
        self.structure = StructureTree(self.writer)  # the parts' structure trees, joined (tagged PDF)

    def append(self, part: Path) -> None:
        """Add a briefing's pages at the end, with its links, named destinations and bookmarks."""
        # pypdf's writer keeps every reader it has copied pages from until it is written. So that
        # this costs little memory, the reader reads from the file (kept open) rather than from a
        # copy of it, and forgets the objects it has read.
        file = open(part, "rb")  # noqa: SIM115 - closed by close()
        self._files.append(file)
        reader = PdfReader(file)
        offset = len(self.writer.pages)
        self.writer.append(reader, import_outline=True, excluded_fields=["/Annots"])
        self.structure.add(reader, offset, self._links(reader, offset))
        reader.resolved_objects.clear()

    def prepend(self, front: Path) -> None:
        """Put the front matter before the briefings, with its links, and its bookmarks first."""
        # Its named destinations stay behind: the contents' own anchors only gave WeasyPrint
        # something to link to.
        reader = PdfReader(front)
        for index, page in enumerate(reader.pages):
            self.writer.insert_page(page, index, excluded_keys=("/Annots",))
        self.structure.add(reader, 0, self._links(reader, 0), first=True)
        root = self.writer.get_outline_root()
        first, last = (root.raw_get(key) if key in root else None for key in ("/First", "/Last"))
        for item in reader.outline:
            if isinstance(item, list):  # print.css gives the front matter no nested bookmarks
                raise BuildError("the front matter of the site PDF has nested bookmarks")
            self.writer.add_outline_item(title=str(item.title), page_number=reader.get_destination_page_number(item),
                                         fit=Fit(str(item.typ), list(item.dest_array[2:])))
        if first is not None and last is not None:
            _bookmarks_first(root, first, last)

    def _links(self, reader: PdfReader, offset: int) -> list[tuple[IndirectObject, DictionaryObject]]:
        """Copy the links of reader's pages onto the writer's from offset on; return each with its copy."""
        # One by one, not by pypdf's append: that drops a link to a named destination not in the
        # document yet, and a contents entry's must be renamed (_copy_link).
        copied = []
        for number, page in enumerate(reader.pages):
            for annotation in page.get("/Annots") or []:
                copy = self.writer.add_annotation(offset + number, _copy_link(annotation.get_object(), self.writer))
                if isinstance(annotation, IndirectObject):  # the structure tree points at it (/OBJR)
                    copied.append((annotation, copy))
        return copied

    def write(self, target: Path, config: SiteConfig, briefings: Sequence[Briefing]) -> None:
        """Write the document, with the site's metadata."""
        date = _pdf_date(briefings)
        self.writer.add_metadata({
            "/Title": config.name, "/Subject": config.description, "/Creator": "briefing-generator",
            "/Producer": "WeasyPrint and pypdf", "/CreationDate": date, "/ModDate": date,
        })
        self.writer.page_mode = "/UseOutlines"
        self.structure.finish()
        try:
            atomic_write(target, self.writer.write)
        finally:
            self.close()

    def close(self) -> None:
        """Close the parts' files (write does it once it has written)."""
        for file in self._files:
            file.close()
        self._files.clear()


def _bookmarks_first(root: DictionaryObject, first: IndirectObject, last: IndirectObject) -> None:
    """Move the top-level bookmarks added after last to the front of the outline, before first.

    pypdf's add_outline_item(before=…) inserts only before the last bookmark, so the front
    matter's bookmarks are added at the end, and the two runs of bookmarks swapped.
    """
    added_last = cast(IndirectObject, root.raw_get("/Last"))
    if added_last == last:
        return
    old_first, old_last = cast(DictionaryObject, first.get_object()), cast(DictionaryObject, last.get_object())
    added_first = cast(IndirectObject, old_last.raw_get("/Next"))
    del old_last["/Next"], cast(DictionaryObject, added_first.get_object())["/Prev"]
    cast(DictionaryObject, added_last.get_object())[NameObject("/Next")] = first
    old_first[NameObject("/Prev")] = added_last
    root[NameObject("/First")], root[NameObject("/Last")] = added_first, last


def _copy_link(annotation: DictionaryObject, writer: PdfWriter) -> DictionaryObject:
    """A fresh copy of a link annotation; a contents entry now points at its briefing."""
    copy = DictionaryObject({NameObject(k): v.clone(writer) for k, v in annotation.items()
                             if k != "/P"})
    dest = copy.get("/Dest")
    if isinstance(dest, str) and dest.startswith(TOC_PREFIX):
        copy[NameObject("/Dest")] = TextStringObject(dest[len(TOC_PREFIX):])
    return copy
