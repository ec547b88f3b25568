"""MkDocs hooks (named in mkdocs.yml): generation runs inside plain `mkdocs build` and `serve`.

A hook, not a plugin, because MkDocs runs hooks from a file path without installing anything,
and Zensical, which ignores hooks it does not know, can build the Markdown `briefing generate`
wrote beforehand.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from generator import cache, diagnostics, mkdocs_build, pipeline, preview, search_index
from generator.exceptions import BriefingError, DataError, Problem
from generator.write import MANIFEST

log = logging.getLogger("mkdocs.briefing")
# Outside the "mkdocs" loggers: MkDocs' strict mode counts every warning logged there and would
# abort the rebuild, and the preview would stay stuck on the page before the broken save.
preview_log = logging.getLogger("briefing.preview")
_serving = False
_banner = ""  # while serving broken data: the error box shown at the top of every page


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve: then a broken file is reported without stopping the server."""
    global _serving
    _serving = command == "serve"
    if _serving and not preview_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        preview_log.addHandler(handler)
        preview_log.propagate = False


_one_parse = mkdocs_build.OneHtmlParse()
_part: mkdocs_build.Part | None = None  # this process's share of a build split across processes


def on_config(config: Any) -> Any:
    """Parse each page's raw HTML once, not twice (mkdocs_build.OneHtmlParse); sort tags as readers do."""
    if _one_parse not in config.markdown_extensions:
        config.markdown_extensions.append(_one_parse)
    # A tag is shown by an actor's or place's name ('North Korea') or as written ('defectors'): sorted by
    # case, every name would come before every other tag. (A setting mkdocs.yml could only give as a
    # Python name, which Zensical's reading of it does not take.)
    tags = config.plugins.get("material/tags")
    if tags is not None and hasattr(tags.config, "tags_sort_by"):
        from material.plugins.tags import tag_name_casefold
        tags.config.tags_sort_by = tags.config.listings_tags_sort_by = tag_name_casefold
    return config


def on_files(files: Any, config: Any) -> Any:
    """In a build split across processes (mkdocs_build.build_in_parts), choose this process's pages."""
    global _part
    _part = mkdocs_build.Part.from_environment()
    if _part:
        _part.choose(files)
    return files


@event_priority(-100)  # after the tags plugin has seen the page: its tags and its listing count in every process
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Another process's page is read (its front matter counts) but not rendered here."""
    return _part.skip(markdown, page) if _part else markdown


def on_env(env: Any, config: Any, files: Any) -> Any:
    """The theme's templates compiled once, not on every build; the empty template another process's pages use here."""
    env.bytecode_cache = cache.compiled_templates(_root(config))
    return _part.add_template(env) if _part else env


def on_pre_build(config: Any) -> None:
    """Regenerate the Markdown before MkDocs collects the docs."""
    root = _root(config)
    if os.environ.get("BRIEFING_GENERATED") == str(root):
        return
    try:
        warnings = _preview_of(root).generate() if _serving else pipeline.generate(root)
    except DataError as err:
        text = diagnostics.format_text(err.problems, root)
        # With nothing generated yet there is no last good version to show: stop, as a build does.
        if _serving and (root / "docs" / MANIFEST).is_file():  # the terminal and the page show only the errors
            _show_errors(config, diagnostics.format_text([p for p in err.problems if p.is_error], root))
            return
        raise Abort(f"the briefings have errors:\n{text}") from None
    except BriefingError as err:
        if _serving:
            _show_errors(config, str(err))
            return
        raise Abort(str(err)) from None
    if _banner:
        log.info("briefings: the errors are fixed")
    _set_banner(config, "")
    _report_warnings(root, warnings)


_preview: preview.Preview | None = None  # while serving: the project's generations, one at a time


def _preview_of(root: Path) -> preview.Preview:
    global _preview
    if _preview is None or _preview.root != root:
        _preview = preview.Preview(root)
    return _preview


_known: Counter[tuple[str, str]] | None = None  # the last good rebuild's warnings, by file and message


def _report_warnings(root: Path, warnings: list[Problem]) -> None:
    """Count the warnings once; then, on each rebuild of the preview, show only the new and the resolved ones.

    Warnings are told apart by file and message, not line: an edit above one moves it, not changes it.
    """
    global _known
    now = Counter((w.file, w.message) for w in warnings)
    if _known is None or not _serving:
        if warnings:
            log.info("briefings: %s (run 'briefing check' to see them, 'briefing check SLUG' for one briefing's)",
                     diagnostics.summary(warnings))
    else:
        left = _known.copy()
        new = []
        for warning in warnings:
            if left[(warning.file, warning.message)] > 0:
                left[(warning.file, warning.message)] -= 1
            else:
                new.append(warning)
        if new:
            preview_log.warning("new since the last rebuild:\n%s", diagnostics.format_text(new, root))
        for file, message in sorted((_known - now).elements()):
            log.info("briefings: resolved: %s: %s", file, message)
    _known = now


def _show_errors(config: Any, text: str) -> None:
    """Report broken data in the terminal, and on every preview page through on_page_content."""
    preview_log.error("the briefings have errors; the preview shows the last good version:\n%s", text)
    _set_banner(config, diagnostics.error_box(text))  # Zensical's preview shows the same box


def _set_banner(config: Any, banner: str) -> None:
    """Change the error box; when it changes, every page must be rendered again to show it."""
    global _banner
    if banner == _banner:
        return
    _banner = banner
    # The preview's rebuilds are dirty: MkDocs renders only pages older than their Markdown.
    for page in Path(config.site_dir).rglob("*.html"):
        os.utime(page, (0, 0))


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    """While the briefings have errors, put them at the top of every page of the preview; note its anchors."""
    _one_parse.add_anchors(page)
    if _part:
        _part.forget_anchors(page)
    return _banner + content


def on_post_build(config: Any) -> None:
    """Index the built pages for search, unless `briefing build` does it after MkDocs (it set BRIEFING_GENERATED).

    So the preview's search and a plain `mkdocs build` search the pages just built.
    """
    if _part:
        _part.write_report()
    if os.environ.get("BRIEFING_GENERATED") == str(_root(config)):
        return
    if _serving:  # the reloaded page first; search catches up (about ten seconds at 200 briefings)
        _search_index.request(Path(config.site_dir))
        # After the first build, when its generation found every page already written and loaded nothing.
        _preview_of(_root(config)).prepare()
        return
    try:
        search_index.index_search(Path(config.site_dir))
    except BriefingError as err:
        raise Abort(str(err)) from None


class _SearchIndexer:
    """The preview's search index, made in one background thread after each rebuild.

    Never two at once, and the latest wins: saves made while it indexes are indexed once, after.
    Live reload does not wait for it; a failure is logged and the preview stays up, without search.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.waiting: Path | None = None
        self.worker: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        """Index site_dir when the index being made (if any) is done."""
        with self.lock:
            self.waiting = site_dir
            if self.worker is None:
                self.worker = threading.Thread(target=self._run, name="search-index", daemon=True)
                self.worker.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                site_dir, self.waiting = self.waiting, None
                if site_dir is None:
                    self.worker = None
                    return
            try:
                seconds = search_index.index_preview(site_dir)
                preview_log.info("search index updated (%.1f s)", seconds)
            except BriefingError as err:
                preview_log.error("%s", err)
            except Exception:  # a thread's failure would otherwise vanish; the next rebuild tries again
                preview_log.exception("the search index could not be made")


_search_index = _SearchIndexer()


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch briefings/ so that saving a YAML file rebuilds the preview, and adding or removing a folder too."""
    import watchdog.events  # MkDocs' own watcher's library: imported when serving only

    briefings = str(_root(config) / "briefings")
    server.watch(briefings)
    # MkDocs' watcher ignores folders: a briefing's emptied folder removed, as the error box's hint says,
    # changed no file it saw, and the box stayed up. Ours asks for a rebuild as MkDocs' own does.
    def folder_changed(event: Any) -> None:
        if event.is_directory and event.event_type in ("created", "deleted", "moved"):
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = folder_changed  # type: ignore[method-assign]
    server.observer.schedule(handler, briefings, recursive=True)
    return server
