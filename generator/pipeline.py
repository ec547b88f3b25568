"""The pipeline in order: load → validate → resolve → render → write → MkDocs (or Zensical) build, and serve."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator.outputs.pdf.documents import PdfReport

from generator import cache, engines, forking, generations, mkdocs_build, output_cache, urls
from generator.config import read_config
from generator.exceptions import BuildError, DataError, Problem, UsageError
from generator.load.ahead import parsing_ahead
from generator.load.reader import load_site
from generator.memory import fewer_collections, set_aside_survivors
from generator.model.briefing import Site
from generator.outputs.feeds import build_feeds, site_url_warnings
from generator.outputs.open_data import TABLES, iter_exports
from generator.outputs.pictures import build_pictures
from generator.render import parallel
from generator.render.environment import environment
from generator.render.pages import render_pages, render_site
from generator.resolve import backlinks
from generator.resolve.site import resolve, with_related
from generator.search_index import index_search
from generator.validate import future, reuse, scope, site_index
from generator.validate.fields import validate_site
from generator.validate.linked_files import outside_links
from generator.validate.site_links import check_site_links
from generator.write import FOLDER_MODE, MANIFEST, PageWriter, WriteReport, read_manifest

log = logging.getLogger("generator")


def resolved_site(root: Path, show_drafts: bool = False, related: bool = True,
                  inputs: generations.Inputs | None = None, little: bool = False) -> tuple[Site, list[Problem]]:
    """Load, validate and resolve everything under root/briefings: the finished site and its warnings.

    Raises DataError with all problems. show_drafts (the preview) puts drafts among the published;
    related=False skips the related briefings' ranking (check shows no page). inputs: what this run
    found it reads (its files' digests are not taken again); little: only a few files changed since
    the last generation (Inputs.little_change).
    """
    if not (root / "briefings").is_dir():  # a usage error (exit 2), not bad data
        raise UsageError(f"no briefings/ folder in {root.resolve()}: run the command from the project root "
                         "or give --root")
    # The preview knows unchanged files by their state.
    documents = cache.DocumentCache(root, remember=show_drafts, known=inputs.files if inputs else None)
    index = _site_index(root)
    index.loaded = documents.digests
    # A one-off run loads, checks and ranks on every core, unless the caches answer nearly all of it;
    # the preview redoes a save's share, and forks nothing.
    one = show_drafts or little
    ahead = contextlib.nullcontext() if one else parsing_ahead(root / "briefings", documents.prepare)
    processes = 1 if one else forking.cores()
    with fewer_collections():
        with ahead:
            raw = load_site(root, read=documents)
        documents.prune()
        settings = _settings_warnings(root)
        checks = cache.Entries(cache.cache_dir(root) / "checks")  # each briefing's, between runs
        try:
            valid, warnings = validate_site(raw, index=index, processes=processes, kept=checks)
        except DataError as err:  # every problem at once, the settings' too
            raise DataError([*err.problems, *settings], err.sources) from None
        finally:
            index.prune()
            checks.prune()
            if not show_drafts:  # only the preview validates again in this process: let the documents go
                documents.forget()
                reuse.forget_all()
        site = resolve(valid, show_drafts=show_drafts, related=related, processes=processes, memo=_related_memo(root))
        return site, [*warnings, *settings]


def _site_index(root: Path) -> site_index.SiteIndex:
    """The summaries `briefing check SLUG` reads of the briefings it does not load (validate/site_index.py)."""
    return site_index.SiteIndex(cache.cache_dir(root) / "index", cache.code_version())


def _settings_warnings(root: Path) -> list[Problem]:
    """What mkdocs.yml leaves out that the outputs need: site_url for the feeds' links."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():  # check needs none; build and serve say that it is missing
        return []
    return site_url_warnings(read_config(root).site_url, config_file.read_text(encoding="utf-8"))


def check(root: Path) -> list[Problem]:
    """Validate the briefings, mkdocs.yml's nav and the hand-written pages' links; return the warnings."""
    try:
        site, warnings = resolved_site(root, related=False)
    except DataError as err:  # every problem at once: the links' too, as far as the last generation knows
        links = check_site_links(root, _generated_pages(root, None))
        raise DataError([*err.problems, *links], err.sources) from None
    links = check_site_links(root, _generated_pages(root, site), texts=lambda paths: _rendered(root, site, paths))
    if links:
        raise DataError([*links, *warnings])
    return warnings


def _rendered(root: Path, site: Site, paths: Sequence[str]) -> dict[str, str]:
    """The generated pages at paths as generation renders them: check knows their anchors without writing them."""
    # A briefing's page ends on its related briefings, which check's site left out: ranked here (or
    # read from the last run's lists) only when a hand-written page links to an anchor of such a page.
    if set(paths) & {urls.briefing_md(b.slug) for b in site.published}:
        site = with_related(site, memo=_related_memo(root))
    return render_pages(site, read_config(root), paths)


def _related_memo(root: Path) -> cache.Memo:
    """The related briefings' last lists: an edit seldom changes what they are ranked by."""
    return cache.Memo(cache.cache_dir(root) / "related")


def _generated_pages(root: Path, site: Site | None) -> set[str]:
    """The files under docs/ generation writes that the nav and hand-written pages may name.

    From the site when it resolved; else those the last generation wrote (its manifest).
    """
    pages = {urls.HOME_MD, urls.SOURCES_MD, urls.CHRONOLOGY_MD, urls.ACTORS_MD, urls.PLACES_MD, urls.DATA_MD,
             urls.SITE_DATA, urls.SCHEMA_DATA, urls.DATA_PACKAGE, urls.SITE_GEOJSON, urls.SITE_ATOM,
             urls.SITE_JSON_FEED}
    if site is None:
        return pages | set(read_manifest(root / "docs"))
    for briefing in site.published:
        pages |= {urls.briefing_md(briefing.slug), urls.briefing_data(briefing.slug),
                  urls.briefing_atom(briefing.slug), urls.briefing_json_feed(briefing.slug)}
    return pages | {urls.actor_md(i) for i in site.actors} | {urls.place_md(i) for i in site.places}


def check_briefings(root: Path, targets: list[str]) -> tuple[list[str], list[Problem], int, list[Problem]]:
    """Check the briefings targets name (slugs, folders or their files) against the rest of the site.

    Returns their slugs, their problems and those of the site-wide items they use (as check() of the
    whole site reports them), and how many other briefings were not checked: those the site index
    summarises are looked up, not loaded (validate/site_index.py); and the errors of the site-wide files
    that they do not meet (the build fails on them all the same). An unknown briefing is a usage error.
    Errors are returned, not raised.
    """
    slugs = scope.named_slugs(root, targets)
    documents = cache.DocumentCache(root)  # not pruned: this run does not read every file
    index = _site_index(root)
    index.loaded = documents.digests
    with fewer_collections():
        raw, unloaded = site_index.load_scoped(root, slugs, documents, index)
        try:
            problems = validate_site(raw, unloaded=unloaded, index=index)[1]
        except DataError as err:
            problems = err.problems
        finally:
            documents.forget()
            reuse.forget_all()
    loaded = {doc.path: doc for doc in raw.all_documents()}
    shown, hidden = scope.split(problems, root, slugs, loaded)
    elsewhere = [p for p in hidden if p.is_error and scope.site_wide(p.file)]
    return slugs, shown, len(set(unloaded.order) - set(slugs)), elsewhere


def generate(root: Path, show_drafts: bool = False, pdf_links: bool = False) -> list[Problem]:
    """Validate, render and write the Markdown, feeds and data into docs/; return the warnings."""
    if show_drafts:
        return generate_preview(root)[0]
    return _generate(root, False, pdf_links)[0]


def generate_preview(root: Path, whole: bool = False) -> tuple[list[Problem], bool]:
    """The preview's generation, drafts shown: its warnings, and whether it loaded the whole site.

    It did not when nothing had changed since the last generation; whole: load, check and render it
    even then, so that the preview's next save finds it in memory (preview.Preview.prepare).
    """
    warnings, site = _generate(root, True, False, whole)
    set_aside_survivors()  # the preview generates again on every save
    return warnings, site is not None


def _generate(root: Path, show_drafts: bool, pdf_links: bool,
              whole: bool = False) -> tuple[list[Problem], Site | None]:
    """generate(), and the site it resolved: None when nothing changed and nothing was loaded."""
    # The generator's own files are read again: the preview runs for hours, and a template
    # edited meanwhile must not be taken for the one the cache was keyed on.
    cache.code_version.cache_clear()
    # The warnings are remembered with the pages: a date that was after the day they were made for
    # may not be after today.
    inputs = generations.read_inputs(root, remember=show_drafts, show_drafts=show_drafts, pdf_links=pdf_links,
                                     today=future.reference_day().isoformat())
    last = generations.last_generation(root)
    unchanged = None if whole else generations.unchanged_generation(last, root / "docs", inputs.key)
    if unchanged is not None:
        log.info("generated Markdown: unchanged (no briefing, setting or generator file changed)")
        return unchanged, None
    # Every stage allocates objects that live to the end: the collector is held back for all of them,
    # not only within each (a full collection between two walked the whole site again: 0.7 s at 1,000).
    with fewer_collections():
        # The preview knows its pages and files from memory, not from the last generation's record.
        return _generate_changed(root, show_drafts, pdf_links, inputs, None if show_drafts else last)


def _generate_changed(root: Path, show_drafts: bool, pdf_links: bool, inputs: generations.Inputs,
                      last: generations.Generation | None) -> tuple[list[Problem], Site]:
    """_generate() once the inputs' key says something changed; last: the record of the last generation."""
    little = inputs.little_change(last)
    site, warnings = resolved_site(root, show_drafts=show_drafts, inputs=inputs, little=little)
    config = dataclasses.replace(read_config(root), pdf_links=pdf_links)
    # The page templates compiled once for the project, not on each run: 0.2 s of a run after an edit.
    environment().bytecode_cache = cache.compiled_templates(root)
    deferred = _deferred_exports(root / "docs", site) if show_drafts else set()
    # Each file is written as soon as it is made: no process holds the whole site's pages at once.
    writer = PageWriter(root / "docs", keep=deferred, remember=show_drafts,
                        pages=last.written_pages() if last else None)
    # A one-off run leaves a page whose file holds it as the last generation wrote it (the preview, which
    # knows its pages from memory, gave the writer no record to compare with: only the entries are noted).
    store = output_cache.PageStore(root, mode=f"drafts={show_drafts} pdf={pdf_links}", remember=show_drafts,
                                   holds=writer.holds)

    def exports() -> None:
        parts = cache.Entries(cache.cache_dir(root) / "data")
        writer.put_all(iter_exports(site, config, parts, holds=writer.holds))
        parts.prune()  # here: a one-off run makes the data in a child of its own

    # A one-off run keeps what each briefing's items cite; the preview keeps its index in memory. Both the
    # pages and the open data list them: recalled before the open data's child is forked.
    cited = None if show_drafts else cache.Entries(cache.cache_dir(root) / "citations")
    recalled = backlinks.recall(site, cited) if cited is not None else None
    # A one-off run makes the open data in a child of its own while the pages are rendered (on the
    # other cores). The preview forks nothing (its search index is made in a thread meanwhile): it
    # renders a few pages a save, kept in memory.
    with fewer_collections(), parallel.alongside(None if deferred else exports, writer, fork=not show_drafts):
        render_site(site, config, store, processes=1 if show_drafts or little else None, writer=writer,
                    kept=cited, recalled=recalled)
        pictures = output_cache.PictureStore(root)
        writer.put_all(build_pictures(site, pictures).items())
        # A one-off run keeps each briefing's feeds on disk; the preview, in memory (outputs/feeds.py).
        feeds = None if show_drafts else cache.Entries(cache.cache_dir(root) / "feeds")
        writer.put_all(build_feeds(site, config.site_url, site_name=config.name, licence=config.licence,
                                   kept=feeds).items())
    if feeds is not None:
        feeds.prune()
    if cited is not None:
        cited.prune()
    store.prune()
    pictures.prune()
    report = writer.finish()
    _log_write(report)
    generations.record_generation(root, root / "docs", inputs, warnings, [*writer.names, *deferred, MANIFEST],
                                  writer.states, writer.entries)
    return warnings, site


def _deferred_exports(docs: Path, site: Site) -> set[str]:
    """The open-data files the preview leaves as the last generation wrote them; none when one is missing.

    The preview shows pages, not data files: rewriting 70 MB of JSON and CSV at 1,000 briefings on
    every save would cost most of the wait. `briefing build` writes them afresh. A briefing that is
    new since then has no data file yet, so the preview writes them all once more.
    """
    wanted = {urls.SITE_DATA, urls.SCHEMA_DATA, urls.DATA_PACKAGE, urls.SITE_GEOJSON,
              *(urls.table_data(name) for name in TABLES), *(urls.briefing_data(b.slug) for b in site.published)}
    owned = set(read_manifest(docs))
    if not wanted <= owned or not all((docs / path).is_file() for path in wanted):
        return set()
    return {path for path in owned if path.startswith(f"{urls.DATA}/") and not path.endswith(".md")}


def _log_write(report: WriteReport) -> None:
    log.info("generated Markdown: %d written, %d unchanged, %d removed",
             len(report.written), len(report.unchanged), len(report.removed))


def _mkdocs_config(root: Path, **overrides: Any) -> MkDocsConfig:
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(f"no mkdocs.yml in {root.resolve()}: run the command from the project root")
    from mkdocs.config import load_config

    return load_config(config_file=str(config_file), **overrides)


def mkdocs_logging() -> None:
    """Show MkDocs' warnings and errors the way `mkdocs build` would."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_briefing", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._briefing = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def build(root: Path, site_dir: Path | None = None, strict_build: bool = True,
          with_pdf: bool = False, engine: str | None = None) -> list[Problem]:
    """Generate, then build the site (and its PDFs) into a temporary folder and swap it into place.

    engine: "mkdocs" or "zensical"; None reads mkdocs.yml's extra: engine.
    """
    from mkdocs.exceptions import MkDocsException

    engine = engine or read_config(root).engine
    warnings, site = _generate(root, show_drafts=False, pdf_links=with_pdf)
    if strict_build:  # the nav and links checked here, not by the engine: Zensical skips the nav
        docs = root / "docs"  # the pages as generated just now, links to their anchors checked as the engine will
        links = check_site_links(root, read_manifest(docs), texts=lambda paths: {
            p: (docs / p).read_text(encoding="utf-8") for p in paths if (docs / p).is_file()})
        if links:
            raise DataError(links)
    elif linked := outside_links(root):  # never published, strict or not
        raise DataError(linked)
    target = (site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # A build that was killed leaves its staging folder behind; it is never the live site.
    for leftover in target.parent.glob(f".{target.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    staging.chmod(FOLDER_MODE)  # mkdtemp's folder is private; the published site must not be
    try:
        if engine == "zensical":
            _build_zensical(root.resolve(), staging, strict_build)
        else:
            _build_mkdocs(root, staging, strict_build)
        index_search(staging)  # before the swap: a failed index leaves the previous site
        if with_pdf:
            # prints progress and font warnings
            # The site generate() resolved, or loaded now when the cache let generation skip it.
            pdfs(root, site or resolved_site(root)[0], staging / urls.PDF, progress=print)
        _swap(staging, target)
    except MkDocsException as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"MkDocs: {err}; the previous site was left as it was") from None
    except OSError as err:  # a full disk, a read-only folder, a file too large
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot write {err.filename2 or err.filename or 'the site'}: {err.strerror}; "
                         "the previous site was left as it was") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if with_pdf:
        print(f"PDFs in {target / urls.PDF}/")
    print(f"Site built in {target}/\n  open {target}/{urls.HOME_PAGE} in a browser, or serve it (search needs HTTP):\n"
          f"  python3 -m http.server --directory {target}   or   make serve")
    if engine == "mkdocs":  # Material prints it only when the program is called `mkdocs`
        print(engines.MATERIAL_END_OF_LIFE, file=sys.stderr)
    return warnings


def _build_mkdocs(root: Path, staging: Path, strict: bool, parts: int | None = None) -> None:
    """MkDocs' build of root's docs/ into staging, on every core; its hook need not generate again.

    parts: how many processes share the pages (mkdocs_build.parts_for by default).
    """
    mkdocs_logging()
    config = _mkdocs_config(root, site_dir=str(staging), strict=strict)
    os.environ["BRIEFING_GENERATED"] = str(root.resolve())
    try:
        mkdocs_build.build_in_parts(config, root.resolve(), parts or mkdocs_build.parts_for(root / "docs"))
    finally:
        os.environ.pop("BRIEFING_GENERATED", None)


def _build_zensical(root: Path, staging: Path, strict: bool) -> None:
    """Zensical's build of root's docs/ into staging, through a folder inside root (the only place it writes)."""
    inside = engines.zensical_staging(root)
    try:
        report = engines.build_zensical(root, inside, strict)
        if report:
            print(report, file=sys.stderr)  # its warnings, when not strict
        # Zensical writes its search index even with its search off; nothing reads it (search is Pagefind's).
        (inside / "search.json").unlink(missing_ok=True)
        staging.rmdir()
        shutil.move(inside, staging)  # a rename on one disk, else a copy
        staging.chmod(FOLDER_MODE)
    except BuildError as err:
        raise BuildError(f"{err}; the previous site was left as it was") from None
    finally:
        shutil.rmtree(inside, ignore_errors=True)


def pdfs(root: Path, site: Site, out_dir: Path | None = None, *, jobs: int | None = None,
         site_pdf: bool = True, progress: Callable[[str], None] | None = None) -> PdfReport:
    """Write the PDFs of the loaded site's published briefings into out_dir (site/pdf/ by default)."""
    # Imported here: pypdf and WeasyPrint cost every other command a tenth of a second to load.
    from generator.outputs.pdf.documents import render_pdfs

    return render_pdfs(site, read_config(root), (out_dir or root / "site" / urls.PDF).resolve(), jobs=jobs,
                       site_pdf=site_pdf, progress=progress)


def _swap(staging: Path, target: Path) -> None:
    """Replace target by staging with two renames, so a reader never sees a half-built site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
