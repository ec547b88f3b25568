"""The measurements of benchmarks/run.py, each run in its own process: `run.py --child TASK PROJECT`.

Each returns a JSON-able dict: wall and CPU seconds of what it timed, and what it observed (files
written, pages rebuilt, the search index's size and whether every quote can be found in it).
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

EDITED = "briefings/briefing-0000/events.yaml"
SERVE_URL = "http://127.0.0.1:8000/"

# Search index variants, each a rewrite of a copy of the generated Markdown before the build. "naive"
# indexes everything: every data-pagefind-ignore attribute (in HTML, and in attr_list braces on a
# Markdown heading) and every `search: exclude: true` front matter removed. "with-event-summaries" is
# the site with `extra: search_event_summaries: true`: the one attribute that setting leaves out.
EXCLUDE_ATTRIBUTE = re.compile(r" ?\{:? ?data-pagefind-ignore ?\}| data-pagefind-ignore(?:=\"[^\"]*\")?")
EXCLUDED_PAGE = "search:\n  exclude: true\n"
SUMMARY_EXCLUDED = ('<div class="timeline-summary" data-pagefind-ignore>', '<div class="timeline-summary">')


def _naive(text: str) -> str:
    return EXCLUDE_ATTRIBUTE.sub("", text.replace(EXCLUDED_PAGE, "", 1))


def _with_event_summaries(text: str) -> str:
    return text.replace(*SUMMARY_EXCLUDED)


VARIANTS: dict[str, Callable[[str], str] | None] = {
    "as-is": None,
    "naive": _naive,
    "with-event-summaries": _with_event_summaries,
}


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (a step's forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def timed(into: dict[str, Any], name: str) -> Iterator[None]:
    """Record the wall and CPU seconds of the block as into[name]: its forked workers' CPU too.

    Generation forks a worker per core to load, check and render (generator/forking.py): counting
    this process alone (before 1 December 2026) left their CPU out of every generation figure.
    """
    wall, cpu = time.perf_counter(), _cpu()
    yield
    into[name] = {"wall": round(time.perf_counter() - wall, 3), "cpu": round(_cpu() - cpu, 3)}


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


def _sub(project: Path, relative: str, pattern: str, replacement: str) -> None:
    file = project / relative
    text, count = re.subn(pattern, replacement, file.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, (relative, pattern)
    file.write_text(text, encoding="utf-8")


def edit_actor(project: Path, mark: str) -> None:
    """Rename, in the site-wide actors.yaml, the speaker of briefing 0's first quote."""
    quotes = (project / "briefings/briefing-0000/quotes.yaml").read_text(encoding="utf-8")
    speaker = re.search(r"^  speaker: (\S+)$", quotes, flags=re.M)
    assert speaker is not None
    _sub(project, "briefings/actors.yaml", rf"^(- id: {re.escape(speaker.group(1))}\n  name: .*?)( \(edit \w+\))?$",
         rf"\1 (edit {mark})")


# The five kinds of save the issue times the preview on: an event, a quote, a source, a site-wide
# actor, a briefing's title (all of briefing 0, or named in it).
EDITS: dict[str, Callable[[Path, str], None]] = {
    "event": edit_title,
    "quote": lambda project, mark: _sub(project, "briefings/briefing-0000/quotes.yaml",
                                        r"^(  text: )(Edit \w+ )?", rf"\1Edit {mark} "),
    "source": lambda project, mark: _sub(project, "briefings/briefing-0000/sources.yaml",
                                         r"^(  title: '[^:]*: )(Edit \w+ )?", rf"\1Edit {mark} "),
    "site-wide actor": edit_actor,
    "briefing title": lambda project, mark: _sub(project, "briefings/briefing-0000/briefing.yaml",
                                                 r"^(title: '?)(Edit \w+ )?", rf"\1Edit {mark} "),
}


def _rss_mb() -> float:
    """This process's resident memory now, in MiB (Linux)."""
    try:
        return round(int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return 0.0


def child_stages(project: Path, args: list[str]) -> dict[str, Any]:
    """Each generation stage on its own, without the cache: load, validate, render, write."""
    from generator import write
    from generator.config import read_config
    from generator.load import reader as load
    from generator.memory import fewer_collections
    from generator.render import pages as render
    from generator.resolve.site import resolve
    from generator.validate import fields as validate

    out: dict[str, Any] = {}
    with fewer_collections():  # as pipeline.generate runs them
        out["rss_mb"] = {"start": _rss_mb()}
        with timed(out, "load"):
            raw = load.load_site(project)
        out["rss_mb"]["loaded"] = _rss_mb()  # the documents, each value with its position
        with timed(out, "validate"):  # resolving is part of it: both make the site before rendering
            valid, _warnings = validate.validate_site(raw)
            site = resolve(valid)
        out["rss_mb"]["validated"] = _rss_mb()  # and the validated site beside them
        with timed(out, "render"):
            config = read_config(project)
            pages = render.render_site(site, config)
            try:  # feeds and data files are part of generation where the generator has them
                from generator.outputs.feeds import build_feeds
                from generator.outputs.open_data import build_exports
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
    """The search index's size (raw and gzip-compressed), and how many quotes can be found in it."""
    from generator.pipeline import resolved_site
    from generator.render.markup import plain_text

    index_file = site_dir / "search" / "search_index.json"
    raw = index_file.read_bytes()
    docs = json.loads(raw)["docs"]
    text_of: dict[str, list[str]] = {}
    for entry in docs:
        page = entry["location"].split("#")[0]
        text_of.setdefault(page, []).append(entry.get("title", "") + " " + entry.get("text", ""))

    def normal(text: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())

    site, _ = resolved_site(project)
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
        by_kind[kind] = by_kind.get(kind, 0) + len(json.dumps(entry, separators=(",", ":")).encode())
    # GitHub Pages and most servers send the index gzip-compressed: what a phone downloads.
    return {"index_bytes": len(raw), "index_gzip_bytes": len(gzip.compress(raw, 6)), "entries": len(docs),
            "entries_without_text": sum(1 for entry in docs if not entry.get("text")),
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
        rewrite = VARIANTS[variant]
        if rewrite:
            docs = work / "docs"
            shutil.copytree(project / "docs", docs)
            for page in docs.rglob("*.md"):
                text = page.read_text(encoding="utf-8")
                changed_text = rewrite(text)
                if changed_text != text:
                    page.write_text(changed_text, encoding="utf-8")
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
        if (site_dir / "search" / "search_index.json").is_file():  # Material's search plugin is on
            out.update(_index_report(site_dir, project))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _command(into: dict[str, Any], name: str, command: list[str], cwd: Path) -> None:
    """Run command, recording as into[name] its wall and CPU seconds, its processes' included, and the cores it used.

    The CPU time counts every process it started and waited for (MkDocs' parts, Pagefind, workers).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    into[name] = {"wall": round(wall, 3), "cpu": round(cpu, 3), "cores": round(cpu / wall, 2),
                  "peak_process_mb": round(after.ru_maxrss / 1024, 1)}


def child_build_cold(project: Path, args: list[str]) -> dict[str, Any]:
    """A cold `briefing build` (nothing generated, no cache): generation, the MkDocs site, the search index."""
    out: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        _command(out, "build", [sys.executable, "-m", "generator", "build", "--site-dir", str(work / "site")],
                 cwd=project)
        out["pages"] = sum(1 for _ in (work / "site").rglob("*.html"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def child_mkdocs_plain(project: Path, args: list[str]) -> dict[str, Any]:
    """The baseline: plain `mkdocs build` of a copy of the generated docs/, Material's search and tags on, no hooks."""
    import yaml

    out: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-plain-"))
    try:
        shutil.copytree(project / "docs", work / "docs")
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config.pop("hooks", None)
        config["plugins"] = ["search", "tags"]
        config["docs_dir"] = str(work / "docs")
        config["theme"]["custom_dir"] = str(project / config["theme"]["custom_dir"])
        (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        _command(out, "mkdocs", [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                                 str(work / "mkdocs.yml"), "--site-dir", str(work / "site")], cwd=work)
        out["pages"] = sum(1 for _ in (work / "site").rglob("*.html"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _save_to_preview(project: Path, builder: Callable[[], None], into: dict[str, Any], hook: Any) -> None:
    """The hook's work on a save, in its two parts so that each is timed: regenerate (as on_pre_build
    does while serving), then the MkDocs rebuild with the hook told it is done."""
    with timed(into, "save_to_preview"):
        with timed(into, "regenerate"):  # as the hook does: after the background generation, if one runs
            hook._preview_of(project.resolve()).generate()
        os.environ["BRIEFING_GENERATED"] = str(project.resolve())
        with timed(into, "mkdocs_rebuild"):
            builder()


def child_serve(project: Path, args: list[str]) -> dict[str, Any]:
    """What `briefing serve` does when one YAML file is saved: regenerate, then rebuild.

    args[0]: "dirty" (the preview, after a one-off generation), "restart" (the preview started again on
    the pages it wrote: its first generation loads nothing) or "clean" (every page rebuilt).
    """
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import preview

    dirty = args[0] in ("dirty", "restart")
    no_cache = "no-cache" in args
    logging.getLogger("mkdocs.commands.build").addFilter(preview.not_dirty_warning)
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
        # The hook indexes that build for search in a thread: its Pagefind process is waited for here, or its
        # CPU would be counted in the save during which it ends (a step's CPU counts its ended children).
        # The hook as MkDocs loaded it, from its file: a module of its own, not generator.hooks.
        hooks = first.hooks["generator/hooks.py"]
        indexing = hooks._search_index.worker
        if indexing is not None:
            indexing.join()
        if args[0] == "restart":  # a preview started again on the pages it wrote: the site is loaded after the build
            started = hooks._preview_of(project.resolve())
            if started.preparing is not None:  # an analyst reads the page a few seconds before saving
                started.preparing.join()
            out["prepared"] = {"wall": started.prepared_in or 0.0, "in_background": started.preparing is not None}
        before = snapshot(Path(site_dir))
        docs_before = snapshot(project / "docs")
        edit_title(project, args[0] if dirty else "clean")
        if no_cache:
            shutil.rmtree(project / ".cache", ignore_errors=True)
        _save_to_preview(project, builder, out, hooks)
        rebuilt = [p for p in changed(before, snapshot(Path(site_dir))) if p.endswith(".html")]
        out["html_rebuilt"] = len(rebuilt)
        out["markdown_rewritten"] = changed(docs_before, snapshot(project / "docs"))
        if args[0] == "dirty" and not no_cache:  # the figure: the median over five saves of different kinds
            out["edits"] = {}
            for kind, edit in EDITS.items():
                step: dict[str, Any] = {}
                edit(project, "five")
                os.environ.pop("BRIEFING_GENERATED", None)
                _save_to_preview(project, builder, step, hooks)
                out["edits"][kind] = step
            out["save_to_preview_median"] = {
                unit: statistics.median(e["save_to_preview"][unit] for e in out["edits"].values())
                for unit in ("wall", "cpu")}
    finally:
        os.environ.pop("BRIEFING_GENERATED", None)
        shutil.rmtree(site_dir, ignore_errors=True)
    return out


def child_check(project: Path, args: list[str]) -> dict[str, Any]:
    """`briefing check SLUG` for one briefing, as the command runs it, just after a contributor edited a file
    of it (briefing-0000's events), with the cache as the last generation left it."""
    from generator import pipeline

    slug = args[0] if args else "briefing-0000"
    if slug == "briefing-0000":
        edit_title(project, "check")
    out: dict[str, Any] = {}
    with timed(out, "check_slug"):
        _, shown, others, _ = pipeline.check_briefings(project, [slug])
    out["shown"], out["not_checked"] = len(shown), others
    return out


def _usage() -> dict[str, float]:
    """CPU seconds and peak resident memory (MiB) of this process, and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_self": own.ru_utime + own.ru_stime, "cpu_children": children.ru_utime + children.ru_stime,
            "peak_self_mb": own.ru_maxrss / 1024, "peak_children_mb": children.ru_maxrss / 1024}


def child_pdf(project: Path, args: list[str]) -> dict[str, Any]:
    """`briefing pdf`: every briefing's own PDF and the whole-site PDF, laid out in worker processes."""
    try:
        from generator.pipeline import pdfs, resolved_site
    except ImportError:
        return {"skipped": "generator.pipeline has no pdfs"}
    out: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        before = _usage()
        with timed(out, "all_pdfs"):
            # Loading the site counts, as `briefing pdf` does it (and as render_pdfs once did itself).
            report = pdfs(project, resolved_site(project)[0], work / "pdf", site_pdf=True)
        # The worker processes have ended by now, so RUSAGE_CHILDREN counts them. A spawned
        # child's peak also counts this process's size when it was started (fork, then exec).
        after = _usage()
        workers = after["cpu_children"] - before["cpu_children"]
        out["all_pdfs"]["cpu_workers"] = round(workers, 3)
        out["all_pdfs"]["cpu_total"] = out["all_pdfs"]["cpu"]  # timed() counts the ended workers already
        out["peak_main_mb"] = round(after["peak_self_mb"], 1)
        out["peak_workers_mb"] = round(after["peak_children_mb"], 1)  # the largest worker's
        count = len(report.briefings)
        out["briefings"] = count
        out["per_briefing_s"] = round(out["all_pdfs"]["wall"] / max(count, 1), 2)
        out["briefing_pdf_kb"] = round(sum(p.stat().st_size for p in report.briefings) / max(count, 1) / 1024)
        out["site_pages"] = report.site_pages
        out["site_pdf_mb"] = round(report.site.stat().st_size / 2**20, 1) if report.site else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


# The single-process baseline's own rules, before print.css: numbers for the whole document, each
# briefing on a new page, and contents entries numbered by WeasyPrint from the pages it lays out.
ONE_DOCUMENT_CSS = """
@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
body article.briefing { break-before: page; }
nav.contents a.toc-link::after { content: leader(". ") target-counter(attr(href url), page); }
"""


def _one_document(project: Path) -> str:
    """The whole site as one print HTML document: the title page and contents, then every briefing."""
    from generator.config import read_config
    from generator.outputs.pdf.assemble import TOC_PREFIX, Entry
    from generator.outputs.pdf.base import render_template
    from generator.outputs.pdf.briefing import briefing_html
    from generator.pipeline import resolved_site

    site, _ = resolved_site(project)
    config = read_config(project)
    briefings = site.published
    latest = max(briefings, key=lambda b: b.meta.updated.sort_key).meta.updated
    entries = [Entry(b.slug, b.meta.title, b.meta.subtitle or "", b.meta.updated.words(), 0) for b in briefings]
    front = render_template("front.html.j2", config=config, entries=entries, latest=latest.words(),
                            date=latest.lower.isoformat(), toc_prefix=TOC_PREFIX)
    front = front.replace(f'href="#{TOC_PREFIX}', 'href="#')  # to the briefing itself
    articles = []
    for briefing in briefings:
        page = briefing_html(briefing, site, config)
        articles.append(page[page.index("<article"):page.rindex("</article>") + len("</article>")])
    return front.replace("</body>", "\n".join(articles) + "\n</body>")


def child_pdf_single(project: Path, args: list[str]) -> dict[str, Any]:
    """The naive whole-site PDF, to compare with: one WeasyPrint document, laid out in this process."""
    from weasyprint import CSS, HTML

    from generator.outputs.pdf.base import TEMPLATES

    out: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        with timed(out, "site_pdf"):
            document = HTML(string=_one_document(project), base_url=str(TEMPLATES)).render(
                stylesheets=[CSS(string=ONE_DOCUMENT_CSS), CSS(filename=str(TEMPLATES / "print.css"))])
            document.write_pdf(work / "briefings.pdf")
        out["site_pages"] = len(document.pages)
        out["site_pdf_mb"] = round((work / "briefings.pdf").stat().st_size / 2**20, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def child_version(project: Path, args: list[str]) -> dict[str, Any]:
    """The code version the cache is keyed on, of the generator this project imports."""
    from generator import cache

    return {"code_version": cache.code_version(), "generator": str(Path(cache.__file__).parent)}


def child_search(project: Path, args: list[str]) -> dict[str, Any]:
    """Material's search against Pagefind on the same site, in headless Chromium (benchmarks/search_bench.py)."""
    from search_bench import measure

    return measure(project)


CHILDREN: dict[str, Callable[[Path, list[str]], dict[str, Any]]] = {
    "version": child_version,
    "stages": child_stages, "generate": child_generate, "mkdocs": child_mkdocs,
    "build_cold": child_build_cold, "mkdocs_plain": child_mkdocs_plain,
    "serve": child_serve, "check": child_check, "pdf": child_pdf, "pdf_single": child_pdf_single,
    "search": child_search,
}
