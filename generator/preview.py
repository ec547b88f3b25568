"""The live preview: MkDocs' or Zensical's server, the pages generated again on every save.

A preview keeps the whole site in memory between saves (the documents, the checks, the pages'
inputs), so that a save redoes only its own share. When the last generation already holds every
file, the preview's first generation has nothing to do and loads nothing: Preview.prepare then
loads the site in the background, so that the first save is not the one to wait for it.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from generator import diagnostics, engines, pipeline
from generator.config import read_config
from generator.exceptions import BriefingError, DataError, Problem
from generator.search_index import index_preview
from generator.write import MANIFEST

log = logging.getLogger("briefing.preview")


class Preview:
    """One project's preview generations: one at a time, on each save, and once in the background."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()  # a save waits for the background generation, never runs beside it
        self.holds_site = False  # whether this process has loaded, checked and rendered the whole site
        self.preparing: threading.Thread | None = None  # the background generation, once started
        self.prepared_in: float | None = None  # how long it took, in seconds, once done

    def generate(self) -> list[Problem]:
        """Generate the preview's pages, drafts shown; return the warnings. Raises DataError, as generate()."""
        with self.lock:
            warnings, loaded = pipeline.generate_preview(self.root)
            self.holds_site |= loaded
            return warnings

    def prepare(self) -> threading.Thread | None:
        """Load the whole site in a background thread, once, if this process holds none yet; else None.

        Once: when it fails (the data broke meanwhile), the saves load the site, as they report why.
        """
        if self.holds_site or self.preparing is not None:
            return None
        self.preparing = threading.Thread(target=self._hold_site, name="preview-prepare", daemon=True)
        self.preparing.start()
        return self.preparing

    def _hold_site(self) -> None:
        with self.lock:
            if self.holds_site:  # a save came first
                return
            start = time.perf_counter()
            try:
                pipeline.generate_preview(self.root, whole=True)
            except BriefingError:  # the data changed meanwhile: the next save loads it, and reports
                return
            except Exception:  # a thread's failure would otherwise vanish; the next save loads the site
                log.exception("the preview could not load the site ahead of the first save")
                return
            self.holds_site = True
            self.prepared_in = time.perf_counter() - start
            log.info("the site is loaded (%.1f s): a save now redoes only its own share", self.prepared_in)


def not_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a build is dirty: serve asks for it, and strict would abort on it."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def serve(root: Path, dev_addr: str = "127.0.0.1:8000", engine: str | None = None) -> list[Problem]:
    """Serve the site with MkDocs' live reload (the hook regenerates on every YAML save), or Zensical's."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    if (engine or read_config(root).engine) == "zensical":
        _serve_zensical(root.resolve(), dev_addr)
        return []
    pipeline.mkdocs_logging()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    logging.getLogger("generator").setLevel(logging.INFO)
    build_log = logging.getLogger("mkdocs.commands.build")
    if not_dirty_warning not in build_log.filters:
        build_log.addFilter(not_dirty_warning)
    # Dirty rebuilds: MkDocs renders again only the pages whose Markdown is newer than their HTML,
    # and the generator rewrites only the Markdown a saved YAML file changes. The hook indexes the
    # preview for search after each rebuild, from the pages on disk.
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True,
                 build_type="dirty")
    return []


def _serve_zensical(root: Path, dev_addr: str) -> None:
    """Zensical's preview, drafts included; our watcher regenerates the pages, as the hook does under MkDocs."""
    preview = Preview(root)

    def regenerate() -> str:
        """Generate the pages; return the error box every page shows ('' when the data is good)."""
        try:
            warnings = preview.generate()
        except DataError as err:  # the preview stays up, on the last good pages
            text = diagnostics.format_text([p for p in err.problems if p.is_error], root)
            print(f"the briefings have errors; the preview shows the last good version:\n{text}", file=sys.stderr)
            return diagnostics.error_box(text)
        except BriefingError as err:
            print(f"failed: {err}", file=sys.stderr)
            return diagnostics.error_box(str(err))
        if warnings:
            print(f"briefings: {diagnostics.summary(warnings)} (run 'briefing check' to see them)", file=sys.stderr)
        return ""

    if (root / "docs" / MANIFEST).is_file():
        errors = regenerate()  # broken data shows over the last good pages, as under MkDocs
    else:
        preview.generate()  # with nothing generated yet, broken data stops here, as under MkDocs
        errors = ""
    preview.prepare()  # while Zensical, in its own process, builds the pages
    engines.serve_zensical(root, dev_addr, regenerate, index_preview, errors)
