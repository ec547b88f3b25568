"""The search index: Pagefind's, built from the finished HTML of either engine, on the site's own host."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator import search_packing, urls
from generator.exceptions import BuildError

# Pagefind indexes each page's article (not Material's header, navigation and footer), without the
# headings' permalink marks, and keeps index.html in addresses (the site's links name it too). A quote's
# link to its event repeats the event's title, already indexed at the event: left out, an event's words
# open the event, and every word's entry in the index is about 8% smaller. The guide's code blocks hold
# made-up example data, which a reader's search showed beside the briefings ("Added the first reports of
# fighting in Kursk"): fenced blocks, which name their language, and only hand-written pages have them
# (contributor Markdown has no fences).
PAGEFIND_ARGS = ("--root-selector", "article.md-content__inner", "--exclude-selectors", ".headerlink",
                 "--exclude-selectors", ".quote-event", "--exclude-selectors", 'code[class^="language-"]',
                 "--glob", urls.SEARCH_PAGES, "--keep-index-url", "--quiet")


# Pagefind's processes this one is waiting for: stopped when it exits. The preview indexes in a thread,
# and a preview stopped meanwhile (Ctrl-C) left its Pagefind running alone, some for three quarters of
# an hour on a folder already deleted.
_RUNNING: set[subprocess.Popen[str]] = set()


@atexit.register
def _stop_running() -> None:
    for process in list(_RUNNING):
        process.kill()


def index_search(site_dir: Path, output: Path | None = None, background: bool = False) -> float:
    """Write the search index (Pagefind, from the finished HTML) into site_dir/pagefind/; return its seconds.

    output: another folder for the index (the Zensical preview's, which renames it into place).
    background: at the lowest CPU priority (index_preview).
    """
    started = time.perf_counter()
    where = ["--output-path", str(output)] if output else ["--output-subdir", urls.SEARCH]
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), *where, *PAGEFIND_ARGS]
    # Pagefind takes every core for seconds (some twenty at 1,000 briefings): in the preview the
    # next save's regeneration must not wait for it. `nice` is POSIX; without it, it runs as is.
    nice = shutil.which("nice") if background else None
    if nice:
        command = [nice, "-n", "19", *command]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as err:
        raise BuildError(f"cannot run Pagefind for the search index: {err.strerror}") from None
    _RUNNING.add(process)
    try:
        stdout, stderr = process.communicate(timeout=3600)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise BuildError("Pagefind was still indexing the site for search after an hour: stopped") from None
    finally:
        _RUNNING.discard(process)
    if process.returncode != 0:
        detail = (stderr or stdout).strip()
        raise BuildError(f"Pagefind could not index the site for search: {detail[-2000:]}; "
                         "install it with: pip install 'pagefind[extended]'")
    try:
        search_packing.pack(output or site_dir / urls.SEARCH)
    except (OSError, ValueError, LookupError, TypeError) as err:  # cbor2's and gzip's errors are ValueErrors
        raise BuildError(f"Pagefind's index could not be packed for readers ({type(err).__name__}: {err}); "
                         "generator/search_packing.py reads Pagefind 1.5's files: is another version "
                         "installed? (pip install 'pagefind[extended]>=1.5,<1.6')") from None
    return time.perf_counter() - started


def index_preview(site_dir: Path, output: Path | None = None) -> float:
    """The preview's search index (either engine's), made while the analyst goes on saving: at the lowest priority.

    The page a save rebuilds comes first; the search catches up.
    """
    return index_search(site_dir, output, background=True)
