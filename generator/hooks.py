"""MkDocs hooks (named in mkdocs.yml): generation runs inside plain `mkdocs build` and `serve`.

A hook, not a plugin, because MkDocs runs hooks from a file path without installing anything,
and Zensical, which ignores hooks it does not know, can build the Markdown `briefing generate`
wrote beforehand.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

from generator import pipeline, report
from generator.exceptions import BriefingError, DataError

log = logging.getLogger("mkdocs.briefing")
_serving = False


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve: then a broken file is reported without stopping the server."""
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    """Regenerate the Markdown before MkDocs collects the docs."""
    root = _root(config)
    if os.environ.get("BRIEFING_GENERATED") == str(root):
        return
    try:
        warnings = pipeline.generate(root, show_drafts=_serving)
    except DataError as err:
        text = report.format_text(err.problems, root)
        if _serving:
            log.error("the briefings have errors; the preview shows the last good version:\n%s", text)
            return
        raise Abort(f"the briefings have errors:\n{text}") from None
    except BriefingError as err:
        if _serving:
            log.error("%s", err)
            return
        raise Abort(str(err)) from None
    if warnings:
        log.info("briefings: %s (run 'briefing check' to see them)", report.summary(warnings))


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch briefings/ so that saving a YAML file rebuilds the preview."""
    server.watch(str(_root(config) / "briefings"))
    return server
