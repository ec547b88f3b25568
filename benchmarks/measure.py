"""The measurements of benchmarks/run.py, each run in its own process: `run.py --child TASK PROJECT`.

Each returns a JSON-able dict: wall and CPU seconds of what it timed, and what it observed (files
written, pages rebuilt, the search index's size and whether every quote can be found in it).
"""

from __future__ import annotations

import html
import json
import os
import re
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

EDITED = "briefings/briefing-0000/events.yaml"
SERVE_URL = "http://127.0.0.1:8000/"

# Search index variants, made by rewriting the generated Markdown before the build as the
# templates would: attributes added to elements, and whole pages left out by their front matter.
SOURCES_LIST = ('<ol class="sources">', '<ol class="sources" data-search-exclude>')
ACTORS_LIST = ('<dl class="actors">', '<dl class="actors" data-search-exclude>')
CITATIONS = ('<sup class="cite">', '<sup class="cite" data-search-exclude>')
CHARTS = ('<figure class="figure-chart-wrap">', '<figure class="figure-chart-wrap" data-search-exclude>')
EVENT_SUMMARIES = ('<div class="timeline-summary">', '<div class="timeline-summary" data-search-exclude>')
CROSS_INDEX = ("sources.md", "chronology.md", "actors/*.md")  # repeat what the briefing pages say
VARIANTS: dict[str, tuple[list[tuple[str, str]], tuple[str, ...]]] = {
    "as-is": ([], ()),
    "sources-list-excluded": ([SOURCES_LIST], ()),
    "sources-and-actors-excluded": ([SOURCES_LIST, ACTORS_LIST], ()),
    "lean": ([SOURCES_LIST, ACTORS_LIST, CITATIONS, CHARTS], CROSS_INDEX),
    "lean-without-event-summaries": ([SOURCES_LIST, ACTORS_LIST, CITATIONS, CHARTS, EVENT_SUMMARIES], CROSS_INDEX),
}


@contextmanager
def timed(into: dict[str, Any], name: str) -> Iterator[None]:
    """Record the wall and CPU seconds of the block as into[name]."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into[name] = {"wall": round(time.perf_counter() - wall, 3), "cpu": round(time.process_time() - cpu, 3)}


def peak_mb() -> float:
    """Peak resident memory of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports KiB


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under folder with its inode, mtime and size: what a write would change."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            out[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return out


def changed(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> list[str]:
    """Files created, rewritten or removed between two snapshots."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def edit_title(project: Path, mark: str) -> None:
    """Change the first event title of briefing 0, as a contributor saving one YAML file."""
    file = project / EDITED
    text = file.read_text(encoding="utf-8")
    text = re.sub(r"^(  title: .*?)( \(edit \w+\))?$", rf"\1 (edit {mark})", text, count=1, flags=re.M)
    file.write_text(text, encoding="utf-8")


def child_stages(project: Path, args: list[str]) -> dict[str, Any]:
    """Each generation stage on its own, without the cache: load, validate, render, write."""
    from generator import cache, load, render, validate, write
    from generator.config import read_config

    out: dict[str, Any] = {}
    with cache.fewer_collections():  # as pipeline.generate runs them
        with timed(out, "load"):
            raw = load.load_site(project)
        with timed(out, "validate"):
            site, _warnings = validate.validate_site(raw)
        with timed(out, "render"):
            config = read_config(project)
            pages = render.render_site(site, config)
            try:  # feeds and data files are part of generation where the generator has them
                from generator.export import build_exports
                from generator.feeds import build_feeds
            except ImportError:
                pass
            else:
                pages.update(build_feeds(site, config.site_url, site_name=config.name))
                pages.update(build_exports(site))
    with timed(out, "write"):
        report = write.write_pages(project / "docs", pages)
    out["written"] = len(report.written)
    out["pages"] = sum(1 for p in pages if p.endswith(".md"))
    out["generated_mb"] = round(sum(len(t.encode()) for t in pages.values()) / 2**20, 1)
    largest = sorted(pages, key=lambda p: len(pages[p]), reverse=True)[:3]
    out["largest"] = {p: round(len(pages[p].encode()) / 2**20, 2) for p in largest}
    return out


def child_generate(project: Path, args: list[str]) -> dict[str, Any]:
    """`briefing generate` as the command runs it, counting the files it touched under docs/."""
    from generator import pipeline

    out: dict[str, Any] = {}
    before = snapshot(project / "docs")
    with timed(out, "generate"):
        pipeline.generate(project)
    out["changed"] = changed(before, snapshot(project / "docs"))
    out["written"] = len(out["changed"])
    if len(out["changed"]) > 12:
        out["changed"] = [*out["changed"][:12], "…"]
    return out


def _index_report(site_dir: Path, project: Path) -> dict[str, Any]:
    """The search index's size, and how many quotes can be found on their briefing's entries."""
    from generator.markup import plain_text
    from generator.pipeline import load_and_validate

    index_file = site_dir / "search" / "search_index.json"
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    text_of: dict[str, list[str]] = {}
    for entry in docs:
        page = entry["location"].split("#")[0]
        text_of.setdefault(page, []).append(entry.get("title", "") + " " + entry.get("text", ""))

    def normal(text: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())

    site, _ = load_and_validate(project)
    quotes = found = originals = originals_found = 0
    for briefing in site.published:
        page = normal(" ".join(text_of.get(f"briefings/{briefing.slug}.html", [])))
        for quote in briefing.quotes:
            quotes += 1
            found += normal(plain_text(quote.text)) in page
            if quote.original:
                originals += 1
                originals_found += normal(plain_text(quote.original.text)) in page
    by_kind: dict[str, int] = {}
    for entry in docs:
        kind = entry["location"].split("/")[0].split(".")[0] or "index"
        by_kind[kind] = by_kind.get(kind, 0) + len(json.dumps(entry, ensure_ascii=False).encode())
    return {"index_bytes": index_file.stat().st_size, "entries": len(docs),
            "bytes_by_section": dict(sorted(by_kind.items(), key=lambda kv: -kv[1])[:6]),
            "quotes": quotes, "quotes_found": found,
            "originals": originals, "originals_found": originals_found}


def child_mkdocs(project: Path, args: list[str]) -> dict[str, Any]:
    """A full MkDocs build of the generated Markdown (the hook does not generate again)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    variant = args[0] if args else "as-is"
    out: dict[str, Any] = {"variant": variant}
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        docs = project / "docs"
        replacements, excluded = VARIANTS[variant]
        if replacements or excluded:
            docs = work / "docs"
            shutil.copytree(project / "docs", docs)
            for page in docs.rglob("*.md"):
                text = original = page.read_text(encoding="utf-8")
                for old, new in replacements:
                    text = text.replace(old, new)
                if any(page.relative_to(docs).match(pattern) for pattern in excluded):
                    text = text.replace("---\n", "---\nsearch:\n  exclude: true\n", 1)
                if text != original:
                    page.write_text(text, encoding="utf-8")
        site_dir = work / "site"
        os.environ["BRIEFING_GENERATED"] = str(project.resolve())
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir),
                             docs_dir=str(docs))
        with timed(out, "mkdocs"):
            build(config)
        out["pages"] = sum(1 for _ in docs.rglob("*.md"))
        out["ms_per_page"] = round(1000 * out["mkdocs"]["wall"] / out["pages"], 1)
        out["cpu_ms_per_page"] = round(1000 * out["mkdocs"]["cpu"] / out["pages"], 1)
        out["site_mb"] = round(sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file()) / 2**20, 1)
        page = site_dir / "briefings" / "briefing-0000.html"
        out["briefing_page_bytes"] = page.stat().st_size if page.is_file() else None
        out.update(_index_report(site_dir, project))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def child_serve(project: Path, args: list[str]) -> dict[str, Any]:
    """What `briefing serve` does when one YAML file is saved: regenerate, then rebuild."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import pipeline

    dirty = args[0] == "dirty"
    no_cache = "no-cache" in args
    logging.getLogger("mkdocs.commands.build").addFilter(pipeline._not_dirty_warning)
    site_dir = tempfile.mkdtemp(prefix="bench-serve-")
    out: dict[str, Any] = {"mode": args}
    try:
        def builder() -> None:
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
            config.site_url = SERVE_URL
            build(config, serve_url=SERVE_URL, dirty=dirty)

        first = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        first.plugins.on_startup(command="serve", dirty=dirty)
        with timed(out, "first_build"):
            first.site_url = SERVE_URL
            build(first, serve_url=SERVE_URL, dirty=dirty)
        before = snapshot(Path(site_dir))
        docs_before = snapshot(project / "docs")
        edit_title(project, "dirty" if dirty else "clean")
        if no_cache:
            shutil.rmtree(project / ".cache", ignore_errors=True)
        # The hook's work, done here in its two parts so that each can be timed: regenerate (as
        # on_pre_build does while serving), then the MkDocs rebuild with the hook told it is done.
        with timed(out, "save_to_preview"):
            with timed(out, "regenerate"):
                pipeline.generate(project, show_drafts=True)
            os.environ["BRIEFING_GENERATED"] = str(project.resolve())
            with timed(out, "mkdocs_rebuild"):
                builder()
        rebuilt = [p for p in changed(before, snapshot(Path(site_dir))) if p.endswith(".html")]
        out["html_rebuilt"] = len(rebuilt)
        out["markdown_rewritten"] = changed(docs_before, snapshot(project / "docs"))
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return out


def child_pdf(project: Path, args: list[str]) -> dict[str, Any]:
    """PDF export: every briefing's own PDF, then the whole-site PDF, if the generator has it."""
    try:
        from generator.pdf import render_pdfs
    except ImportError:
        return {"skipped": "generator.pdf has no render_pdfs"}
    out: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        with timed(out, "briefing_pdfs"):
            report = render_pdfs(project, work / "a", site_pdf=False)
        count = len(report.briefings)
        out["briefings"] = count
        out["per_briefing_s"] = round(out["briefing_pdfs"]["wall"] / max(count, 1), 2)
        with timed(out, "all_pdfs"):
            report = render_pdfs(project, work / "b", site_pdf=True)
        out["site_pages"] = report.site_pages
        out["site_pdf_mb"] = round(report.site.stat().st_size / 2**20, 1) if report.site else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def child_version(project: Path, args: list[str]) -> dict[str, Any]:
    """The code version the cache is keyed on, of the generator this project imports."""
    from generator import cache

    return {"code_version": cache.code_version(), "generator": str(Path(cache.__file__).parent)}


CHILDREN: dict[str, Callable[[Path, list[str]], dict[str, Any]]] = {
    "version": child_version,
    "stages": child_stages, "generate": child_generate, "mkdocs": child_mkdocs,
    "serve": child_serve, "pdf": child_pdf,
}
