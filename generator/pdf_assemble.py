"""Laying out the PDFs, and the site PDF: a title page and contents, then every briefing.

Each briefing is laid out on its own (in worker processes when there are several), so memory
stays that of one briefing whatever the size of the site; the parts are joined with pypdf.

Page numbers run on across the site PDF. Each briefing is laid out again (a second pass)
knowing the page it starts on and the document's page count, so that WeasyPrint prints
"Page 47 of 212" itself, in the same font and place as in the briefing's own PDF. That costs a
second layout per briefing but needs nothing else: stamping numbers onto finished pages would
need a second footer design, a font of its own and a blank space kept free in every part.
The page count of a part does not depend on the numbers in its footer (the margin boxes have a
fixed size), so the counts of the first pass fix where each part starts; they are checked.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from .config import SiteConfig
from .exceptions import BuildError
from .model import Briefing
from .pdf import TEMPLATES, Progress, briefing_html, render_template

TOC_PREFIX = "toc--"  # anchors of the contents entries, pointed at the briefings when joined
MAX_ROUNDS = 3


@dataclass(frozen=True)
class Part:
    """One briefing to lay out: its print HTML, its page-number rules and where the PDF goes."""

    index: int
    slug: str
    html: str
    numbering: str
    target: Path


@dataclass(frozen=True)
class Done:
    """A laid-out part: its page count and how long it took."""

    index: int
    pages: int
    seconds: float


@dataclass(frozen=True)
class Entry:
    """One line of the contents: a briefing and the page it starts on."""

    slug: str
    title: str
    subtitle: str
    updated: str
    page: int


def numbering_css(start: int | None = None, total: int | None = None) -> str:
    """The page-number rules: 'Page 3 of 12' in a briefing's own PDF, or continuous numbers.

    A part of the site PDF is laid out knowing where it starts and how many pages the whole
    document has; counter-reset on its first page makes its numbers continue the earlier parts'.
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


def write_pdf(source: str, numbering: str, target: Path) -> int:
    """Lay out print HTML with WeasyPrint into target (atomically); return the page count."""
    from weasyprint import CSS, HTML

    # The numbering goes in before print.css, in the same origin, so that print.css can take
    # the numbers off a page (the title page) by specificity.
    stylesheets = [CSS(string=numbering), _stylesheet()]
    document = HTML(string=source, base_url=str(TEMPLATES)).render(
        stylesheets=stylesheets, font_config=_font_config())
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        document.write_pdf(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return len(document.pages)


def _render_part(part: Part) -> Done:
    """Worker: lay out one part."""
    started = time.perf_counter()
    pages = write_pdf(part.html, part.numbering, part.target)
    return Done(part.index, pages, time.perf_counter() - started)


def render_parts(parts: list[Part], jobs: int | None, progress: Progress, label: str = "") -> dict[int, Done]:
    """Lay out every part, in worker processes when there are several; report each one done."""
    workers = max(1, min(jobs or _cores(), len(parts)))
    results: dict[int, Done] = {}

    def report(done: Done) -> None:
        results[done.index] = done
        slug = parts[done.index].slug
        progress(f"[{len(results)}/{len(parts)}] {label}{slug} … {done.seconds:.1f} s, "
                 f"{done.pages} page{'s' if done.pages != 1 else ''}")

    if workers == 1:
        for part in parts:
            report(_guard(part, functools.partial(_render_part, part)))
        return results
    # Workers come from a fork server, not a fork of this process: by the second pass this
    # process has used Pango and fontconfig, whose state a forked child should not inherit.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[Done], Part] = {pool.submit(_render_part, p): p for p in parts}
        try:
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    report(_guard(futures[future], future.result))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results


def _guard(part: Part, run: Callable[[], Done]) -> Done:
    """Run one part, turning a layout failure into a BuildError that names the briefing."""
    try:
        return run()
    except (OSError, ValueError, RuntimeError, AssertionError, TypeError, KeyError) as err:
        raise BuildError(f"PDF of briefing '{part.slug}': {type(err).__name__}: {err}") from None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def starts(front_pages: int, counts: list[int]) -> list[int]:
    """The first page number of each part, after front_pages pages of front matter."""
    out, page = [], front_pages + 1
    for count in counts:
        out.append(page)
        page += count
    return out


def _pdf_date(briefings: list[Briefing]) -> str:
    latest = max(b.meta.updated.lower for b in briefings)
    return f"D:{latest:%Y%m%d}000000Z"


def _front_matter(briefings: list[Briefing], config: SiteConfig, counts: list[int], target: Path) -> int:
    """Lay out the title page and contents; return how many pages they take."""
    front_pages = 2
    for _ in range(MAX_ROUNDS):
        first = starts(front_pages, counts)
        entries = [Entry(b.slug, b.meta.title, b.meta.subtitle or "", b.meta.updated.words(), page)
                   for b, page in zip(briefings, first, strict=True)]
        latest = max(briefings, key=lambda b: b.meta.updated.sort_key).meta.updated
        source = render_template(
            "front.html.j2", config=config, entries=entries, latest=latest.words(),
            date=latest.lower.isoformat(), toc_prefix=TOC_PREFIX)
        pages = write_pdf(source, numbering_css(total=front_pages + sum(counts)), target)
        if pages == front_pages:
            return pages
        front_pages = pages
    raise BuildError("the table of contents of the site PDF does not settle on a page count")


def assemble(briefings: list[Briefing], contents: dict[str, str], config: SiteConfig,
             counts: list[int], target: Path, work: Path, jobs: int | None,
             say: Progress) -> tuple[Path, int]:
    """Lay out the front matter and every briefing with continuous numbers, and join them."""
    for _ in range(MAX_ROUNDS):
        front = work / "front.pdf"
        front_pages = _front_matter(briefings, config, counts, front)
        total = front_pages + sum(counts)
        parts = [Part(i, b.slug, briefing_html(b, contents[b.slug], config),
                      numbering_css(start, total), work / f"part-{i:05d}.pdf")
                 for i, (b, start) in enumerate(zip(briefings, starts(front_pages, counts),
                                                    strict=True))]
        done = render_parts(parts, jobs, say, label="site PDF: ")
        again = [done[i].pages for i in range(len(parts))]
        if again == counts:
            break
        counts = again  # never seen; lay out again rather than print wrong numbers
    else:
        raise BuildError("the parts of the site PDF do not settle on a page count")
    started = time.perf_counter()
    join(front, [p.target for p in parts], config, briefings, target)
    say(f"{target.name}: {total} pages, joined in {time.perf_counter() - started:.1f} s")
    return target, total


def join(front: Path, parts: list[Path], config: SiteConfig, briefings: list[Briefing],
         target: Path) -> None:
    """Concatenate front matter and parts, keeping links, named destinations and bookmarks."""
    writer = PdfWriter()
    readers = [PdfReader(front), *(PdfReader(p) for p in parts)]
    # The contents' own anchors only gave WeasyPrint something to link to: drop them.
    readers[0].root_object.pop(NameObject("/Names"), None)
    offsets = []
    for reader in readers:
        offsets.append(len(writer.pages))
        # Links are copied below, once every part's named destinations are in the document:
        # pypdf keeps a link to a named destination only if the name is already known.
        writer.append(reader, import_outline=True, excluded_fields=["/Annots"])
    for reader, offset in zip(readers, offsets, strict=True):
        for number, page in enumerate(reader.pages):
            for annotation in page.get("/Annots") or []:
                writer.add_annotation(offset + number, _copy_link(annotation.get_object(), writer))
    date = _pdf_date(briefings)
    writer.add_metadata({
        "/Title": config.name, "/Subject": config.description, "/Creator": "briefing-generator",
        "/Producer": "WeasyPrint and pypdf", "/CreationDate": date, "/ModDate": date,
    })
    writer.page_mode = "/UseOutlines"
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with open(temporary, "wb") as out:
            writer.write(out)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_link(annotation: DictionaryObject, writer: PdfWriter) -> DictionaryObject:
    """A fresh copy of a link annotation; a contents entry now points at its briefing."""
    copy = DictionaryObject({NameObject(k): v.clone(writer) for k, v in annotation.items()
                             if k != "/P"})
    dest = copy.get("/Dest")
    if isinstance(dest, str) and dest.startswith(TOC_PREFIX):
        copy[NameObject("/Dest")] = TextStringObject(dest[len(TOC_PREFIX):])
    return copy
