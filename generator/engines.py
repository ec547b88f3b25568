"""The site engines: Zensical's build and preview beside MkDocs', and the notice of Material's end of support."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from generator.exceptions import BriefingError, BuildError
from generator.urls import SEARCH

MATERIAL_END_OF_LIFE = (
    "note: Material for MkDocs is supported until 5 May 2027; to build with Zensical, its successor, run "
    "'briefing build --engine zensical' or set 'extra: engine: zensical' in mkdocs.yml (see the guide's Site engines)")
# Zensical refuses a site_dir outside the project root and has no option for it: the build is staged
# in a folder of the root that a temporary configuration (inheriting mkdocs.yml) names.
ZENSICAL_STAGING = ".site.zensical-"
# Zensical's classic variant is Material's look (its default, modern, is another design). Zensical turns
# its own search on unless told not to: the site's search is Pagefind's. Lists are appended to
# mkdocs.yml's (tags stays on), mappings merged.
_ZENSICAL_CONFIG = """# Written by `briefing build` for Zensical, and removed after it.
INHERIT: mkdocs.yml
site_dir: {site_dir}
strict: {strict}
theme:
  variant: classic
plugins:
  - search:
      enabled: false
"""
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The setting of extra in which the preview's error box reaches the theme (partials/content.html).
PREVIEW_ERRORS = "briefing_preview_errors"


def zensical_staging(root: Path) -> Path:
    """A new, empty folder inside root for Zensical to build into; leftovers of killed builds are removed."""
    for leftover in root.glob(f"{ZENSICAL_STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=ZENSICAL_STAGING, dir=root))


def build_zensical(root: Path, site_dir: Path, strict: bool) -> str:
    """Build root's docs/ with Zensical into site_dir (a folder inside root); return its warnings' text.

    Raises BuildError when Zensical is missing or fails (strict: on a warning too).
    """
    with _zensical_config(root, site_dir, strict) as config:
        command = [sys.executable, "-m", "zensical", "build", "--config-file", str(config)]
        try:
            result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=3600,
                                    env={**os.environ, "NO_COLOR": "1"})
        except OSError as err:
            raise BuildError(f"cannot run Zensical: {err.strerror}") from None
    report = _readable(result.stderr).removesuffix("No issues found").strip()
    if result.returncode != 0:
        raise BuildError(f"Zensical: {report or result.stdout.strip()[-2000:]}")
    return report


def serve_zensical(root: Path, dev_addr: str, regenerate: Callable[[], str],
                   index: Callable[[Path, Path], object], errors: str = "", every: float = 0.5) -> None:
    """Zensical's preview of root, with regenerate() run on each change under briefings/ (it runs no hooks).

    regenerate() returns the error box to show on every page ('' when the data is good); errors is the
    one to start with. index(site, output) writes the search index of the preview's pages after each of
    Zensical's builds. Zensical rebuilds by itself when the Markdown regenerate() writes changes.
    Returns when it stops.
    """
    site_dir = zensical_staging(root)  # the preview's pages, inside the project as Zensical wants
    if threading.current_thread() is threading.main_thread():  # stopped by a signal, it still cleans up
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        with _zensical_config(root, site_dir, strict=False, errors=errors) as config:
            command = [sys.executable, "-m", "zensical", "serve", "--config-file", str(config), "--dev-addr", dev_addr]
            try:
                server = subprocess.Popen(command, cwd=root)
            except OSError as err:
                raise BuildError(f"cannot run Zensical: {err.strerror}") from None
            try:
                seen = _snapshot(root / "briefings")
                pages: dict[str, tuple[int, int]] = {}
                indexed = pages
                while server.poll() is None:
                    time.sleep(every)
                    now = _snapshot(root / "briefings")
                    if now != seen:
                        seen = now
                        box = regenerate()
                        if box != errors:
                            if not box:
                                print("briefings: the errors are fixed", file=sys.stderr)
                            errors = box
                            # Zensical reloads a changed configuration: it renders every page again, and
                            # the theme's partials/content.html shows the box; the open pages reload.
                            config.write_text(_config_text(root, site_dir, False, errors), encoding="utf-8")
                    # A build has finished when its pages stand still for one round.
                    before, pages = pages, _snapshot(site_dir, "*.html")
                    if pages and pages == before and pages != indexed:
                        indexed = pages
                        _index_preview(site_dir, index)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _index_preview(site_dir: Path, index: Callable[[Path, Path], object]) -> None:
    """The preview's search index, written beside its pages and then renamed in.

    Zensical reloads the open pages when a .js file in its folder is written (Pagefind writes
    several), not when a folder is renamed into it: indexed in place, every page would reload twice.
    """
    fresh = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-search-", dir=site_dir.parent))
    live = site_dir / SEARCH
    try:
        index(site_dir, fresh / SEARCH)
        if live.exists():
            os.replace(live, fresh / "previous")
        os.replace(fresh / SEARCH, live)
    except BriefingError as err:  # the preview stays up, without search until the next build
        print(f"failed: {err}", file=sys.stderr)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _snapshot(folder: Path, pattern: str = "*") -> dict[str, tuple[int, int]]:
    """Each file under folder with its modification time and size: a change of either is a save."""
    out = {}
    for path in folder.rglob(pattern):
        try:
            stat = path.stat()
        except OSError:  # removed meanwhile
            continue
        out[path.as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return out


@contextmanager
def _zensical_config(root: Path, site_dir: Path, strict: bool, errors: str = "") -> Iterator[Path]:
    """A configuration file in root that inherits mkdocs.yml and names site_dir; removed afterwards."""
    if importlib.util.find_spec("zensical") is None:
        raise BuildError("Zensical is not installed: pip install -e '.[zensical]' (or use --engine mkdocs)")
    handle, name = tempfile.mkstemp(prefix=".briefing-zensical-", suffix=".yml", dir=root)
    config = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(_config_text(root, site_dir, strict, errors))
        yield config
    finally:
        config.unlink(missing_ok=True)


def _config_text(root: Path, site_dir: Path, strict: bool, errors: str) -> str:
    """The temporary configuration: site_dir, strict, and the preview's error box (YAML's emitter quotes it)."""
    text = _ZENSICAL_CONFIG.format(site_dir=json.dumps(site_dir.relative_to(root).as_posix()),
                                   strict="true" if strict else "false")
    if errors:
        text += yaml.safe_dump({"extra": {PREVIEW_ERRORS: errors}}, allow_unicode=True, width=1 << 30)
    return text


def _readable(text: str) -> str:
    """Zensical's report without colours and without the Python traceback of its strict abort (its last line stays)."""
    text = _ANSI.sub("", text).strip()
    before, marker, after = text.partition("Traceback (most recent call last):")
    if marker:
        last = [line for line in after.splitlines() if line.strip()][-1:]
        text = "\n".join([before.rstrip(), *last]).strip()
    return text[-4000:]
