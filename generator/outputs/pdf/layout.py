"""Laying out the PDFs with WeasyPrint, in worker processes, and numbering their pages.

Each briefing is laid out once, in a worker process (several at a time), so memory stays that of
one briefing whatever the size of the site (twice more, the first time only up to the end of its
timeline, when its map is to move to the top of a page: placement.py). Its pages come out without
page numbers, and the numbers are stamped on afterwards: "Page 3 of 12" for the briefing's own
PDF, then "Page 47 of 212" for the site PDF (assemble.py), whose numbers run on across the
briefings and so are known only once every briefing has been laid out. (Laying each briefing out a
second time with those numbers doubled the work.)

The numbers are laid out by WeasyPrint too, with print.css, as documents of empty pages whose
bottom-right margin box holds the number: the same font, size and place as on any page, since a
margin box's place does not depend on what the page holds. Each such page is drawn onto a
briefing's page as a form XObject, which keeps its own fonts, after the page's own content.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, StreamObject

from generator.exceptions import BuildError
from generator.forking import available_cores
from generator.outputs.pdf import placement
from generator.outputs.pdf.base import TEMPLATES, Progress, render_template
from generator.write import atomic_write

NUMBER = NameObject("/PageNumber")  # the stamp's name among a page's XObjects (WeasyPrint's are x0, x1, …)
# Tagged PDF: a structure tree (headings, paragraphs, lists, tables, links, in reading order) and
# /MarkInfo /Marked true, so that screen readers and reflowing viewers read the PDF as they read the
# page. The page numbers' own documents are not tagged: drawn onto tagged pages, they are marked
# as a pagination artifact there (stamp), which assistive technology skips.
TAGGED = {"pdf_tags": True}

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Part:
    """One briefing to lay out: its print HTML, where its PDF goes, and where to keep its bare pages."""

    index: int
    slug: str
    html: str
    target: Path
    body: Path | None  # the pages without numbers, for the site PDF; None when there is none


@dataclass(frozen=True)
class Done:
    """A laid-out part: its page count and how long it took."""

    index: int
    pages: int
    seconds: float


@dataclass(frozen=True)
class Numbers:
    """Page numbers to lay out: count pages, numbered from start, of a document of total pages."""

    start: int
    count: int
    total: int
    target: Path


def numbering_css(start: int | None = None, total: int | None = None) -> str:
    """The page-number rules: 'Page 3 of 12', or numbers from start of a given total.

    counter-reset on the first page makes the numbers continue those of the pages before.
    """
    of = f'"{int(total)}"' if total else "counter(pages)"
    css = f'@page {{ @bottom-right {{ content: "Page " counter(page) " of " {of}; }} }}'
    if start:
        css += f" @page :first {{ counter-reset: page {int(start)}; }}"
    return css


@functools.cache
def _stylesheet() -> Any:
    """print.css, parsed once per process."""
    from weasyprint import CSS

    return CSS(filename=str(TEMPLATES / "print.css"))


@functools.cache
def _font_config() -> Any:
    """One font configuration per process: print.css has no @font-face, so it can be shared."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def lay_out(source: str, numbering: str = "", edit: placement.Edit | None = None) -> Any:
    """Lay out print HTML with WeasyPrint and print.css (and page-number rules, if given).

    edit, if given, changes the parsed HTML tree first.
    """
    from weasyprint import CSS, HTML

    # The numbering goes in before print.css, in the same origin, so that print.css can take
    # the numbers off a page (the title page) by specificity.
    stylesheets = [CSS(string=numbering), _stylesheet()] if numbering else [_stylesheet()]
    html = HTML(string=source, base_url=str(TEMPLATES))
    if edit:
        edit(html.etree_element)
    return html.render(stylesheets=stylesheets, font_config=_font_config())


def lay_out_briefing(source: str) -> Any:
    """Lay out a briefing, its map set atop the next page if under its heading it left a page half empty."""
    document = lay_out(source)
    page = placement.pushed_map(document)
    if page is None:
        return document
    event = placement.first_event_on(lay_out(source, edit=placement.without_map), page)
    return document if event is None else lay_out(source, edit=placement.map_before(event))


def numbers_pdf(start: int, count: int, total: int | None) -> bytes:
    """A PDF of count pages showing only 'Page start of total', 'Page start+1 of total', …"""
    document = lay_out(render_template("numbers.html.j2", count=count), numbering_css(start, total))
    return bytes(document.write_pdf())


@functools.lru_cache(maxsize=32)
def _own_numbers(count: int) -> bytes:
    """'Page i of count' for a briefing's own PDF; briefings of the same length share it."""
    return numbers_pdf(1, count, None)


def stamp(writer: PdfWriter, numbers: PdfReader, first: int) -> None:
    """Draw the pages of numbers onto the writer's pages, one each, from page index first on."""
    # A page's own content is put between q and Q, and its number drawn after it from the page's
    # first graphics state, as WeasyPrint draws a margin box after the page's content. The two
    # streams are shared by every page: the number's name resolves through each page's resources.
    # pypdf has no public call that adds a new object to a writer; _add_object is the one its
    # own page merging uses.
    opening, closing = DecodedStreamObject(), DecodedStreamObject()
    opening.set_data(b"q\n")
    closing.set_data(f"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q {NUMBER} Do Q EMC\n".encode())
    before, after = writer._add_object(opening), writer._add_object(closing)
    for offset, number in enumerate(numbers.pages):
        page = writer.pages[first + offset]
        form = number["/Contents"]
        if not isinstance(form, StreamObject):
            raise BuildError("the page numbers' PDF has no single content stream")
        form.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(number.mediabox), NameObject("/Resources"): number["/Resources"],
        })
        # A stream of the numbers' reader is cloned into the writer as a new object, and its
        # font with it (once per reader).
        reference = form.clone(writer).indirect_reference
        resources = _copy(page, "/Resources")
        xobjects = _copy(resources, "/XObject")
        if NUMBER in xobjects:
            raise BuildError(f"a page already has an XObject named {NUMBER}")
        xobjects[NUMBER] = reference
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents")
        streams = contents.get_object()
        page[NameObject("/Contents")] = ArrayObject(
            [before, *(streams if isinstance(streams, ArrayObject) else [contents]), after])
    writer.reset_translation(numbers)  # nothing more comes from it: the writer need not keep it


def _copy(parent: DictionaryObject, key: str) -> DictionaryObject:
    """A shallow copy of the dictionary parent[key], or a new one: a page's own, not shared."""
    return DictionaryObject(cast(DictionaryObject, parent[key]) if key in parent else {})


def _lay_out_part(part: Part) -> Done:
    """Worker: lay out one briefing, keep its bare pages for the site PDF, write its own PDF."""
    started = time.perf_counter()
    document = lay_out_briefing(part.html)
    pages = len(document.pages)
    body = bytes(document.write_pdf(**TAGGED))
    del document
    if part.body:
        part.body.write_bytes(body)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(body)))
    stamp(writer, PdfReader(io.BytesIO(_own_numbers(pages))), 0)
    atomic_write(part.target, writer.write)
    return Done(part.index, pages, time.perf_counter() - started)


def _warm_up() -> None:
    """Worker: import WeasyPrint and read print.css before the first briefing comes."""
    _stylesheet()
    _font_config()


def lay_out_numbers(numbers: Numbers) -> Path:
    """Worker: lay out a run of the site PDF's page numbers."""
    numbers.target.write_bytes(numbers_pdf(numbers.start, numbers.count, numbers.total))
    return numbers.target


class Workers:
    """Worker processes for laying out, or this process alone when there is one job at a time."""

    def __init__(self, jobs: int | None, tasks: int):
        self.count = max(1, min(jobs or available_cores(), tasks))
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            # Spawned workers start from a clean interpreter (no Pango or fontconfig state from
            # this process), and are this process's children: their peak memory shows in
            # getrusage(RUSAGE_CHILDREN) once they have ended.
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"))
            # A task each starts them now, and they load WeasyPrint while this process gets the
            # briefings ready.
            for _ in range(self.count):
                self._pool.submit(_warm_up)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=error is not None)

    def submit(self, task: Callable[[T], R], item: T) -> Future[R]:
        """Start a task; without workers it runs at once, here."""
        if self._pool is not None:
            return self._pool.submit(task, item)
        future: Future[R] = Future()
        try:
            future.set_result(task(item))
        except Exception as err:  # handed over as a worker's would be
            future.set_exception(err)
        return future

    def unordered(self, task: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, Future[R]]]:
        """Run task on every item; yield each item with its finished future, as each one ends."""
        if self._pool is None:
            for item in items:  # one at a time, so that progress is told as it goes
                yield item, self.submit(task, item)
            return
        futures = {self._pool.submit(task, item): item for item in items}
        for future in as_completed(futures):
            yield futures.pop(future), future  # a part's HTML is let go once it is done


def lay_out_parts(parts: Iterable[Part], total: int, workers: Workers, progress: Progress,
                  ready: Callable[[Part], None] | None = None) -> list[int]:
    """Lay out every briefing once and write its own PDF; return the page counts, in order.

    ready, if given, is handed each part in order as soon as it and the parts before it are done.
    """
    counts: dict[int, int] = {}
    waiting: dict[int, Part] = {}
    for part, future in workers.unordered(_lay_out_part, parts):
        done = guard(f"briefing '{part.slug}'", future.result)
        counts[done.index] = done.pages
        progress(f"[{len(counts)}/{total}] {part.slug} … {done.seconds:.1f} s, "
                 f"{done.pages} page{'s' if done.pages != 1 else ''}")
        if ready:
            waiting[part.index] = part
            while len(counts) - len(waiting) in waiting:  # the next one not handed over yet
                ready(waiting.pop(len(counts) - len(waiting)))
    return [counts[i] for i in range(total)]


def guard(what: str, run: Callable[[], T]) -> T:
    """Run one task, turning a layout failure into a BuildError that says what failed."""
    try:
        return run()
    except (OSError, ValueError, RuntimeError, AssertionError, TypeError, KeyError) as err:
        raise BuildError(f"PDF of {what}: {type(err).__name__}: {err}") from None
