"""Search on one site, two engines, in headless Chromium: Material's built-in search against Pagefind.

The site is built once with Material's search plugin on (as the site was before Pagefind), then indexed
by Pagefind: the same pages, both search boxes in the header. For each engine a fresh browser context
(empty cache) opens a briefing, pastes a quote's first words into the engine's box, and waits for the
first result. Reported: the time from the page's start to the first result, and the bytes the browser
fetched for the search (as sent: Pagefind's index files are gzip-compressed already; the text files,
which any web server compresses, also as gzip would send them).

Then what a reader fetches: seven queries (five quotes' first words, a name, a place), each typed into
Pagefind's box at a reader's pace in a fresh context, and the bytes each fetched.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"
PAGE = "briefings/briefing-0000.html"
# What each engine fetches for a search: Material's worker, its index and lunr; Pagefind's folder, the
# site's wrapper of Pagefind's API (docs/assets/pagefind-lazy/) and the site's search UI (search.js and
# search.css, which every page loads: counted here all the same, as the Default UI they replace was).
ENGINES = {
    "material": {"box": "input[data-md-component=search-query]", "open": None,
                 "result": ".md-search-result__item", "fetches": ("/search/", "/workers/search", "lunr")},
    "pagefind": {"box": ".site-search__input", "open": "/",
                 "result": ".site-search__result-link",
                 "fetches": ("/pagefind/", "/pagefind-lazy/", "/assets/search.")},
}


# A reader typing on a phone, some 40 words a minute; the site's search runs when the typing pauses.
TYPING_MS = 300


def _first(project: Path, briefing: int, part: str) -> dict[str, Any]:
    items = yaml.safe_load((project / "briefings" / f"briefing-{briefing:04d}" / f"{part}.yaml").read_text(
        encoding="utf-8"))
    return (items if isinstance(items, list) else items[part])[0]  # type: ignore[no-any-return]


def query_of(project: Path, briefing: int = 0) -> str:
    """A reader's query: the first four words of a briefing's first quote."""
    return " ".join(_first(project, briefing, "quotes")["text"].rstrip(".").split()[:4])


def queries_of(project: Path) -> list[str]:
    """What readers type: five quotes' first words, the name of a quote's speaker, an event's place."""
    actors = yaml.safe_load((project / "briefings" / "actors.yaml").read_text(encoding="utf-8"))
    names = {a["id"]: a["name"] for a in (actors if isinstance(actors, list) else actors["actors"])}
    return [*(query_of(project, n) for n in range(5)), names[_first(project, 1, "quotes")["speaker"]],
            _first(project, 2, "events")["location"]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _search_once(browser: Any, base: str, engine: str, query: str, typing_ms: int = 0) -> dict[str, Any]:
    spec = ENGINES[engine]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fetched: list[tuple[str, int, int]] = []

    def record(response: Any) -> None:
        url = response.url
        if any(part in url for part in spec["fetches"]):
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                return
            already = body[:2] == b"\x1f\x8b" or url.endswith((".wasm", ".pagefind", ".pf_meta", ".pf_index",
                                                                 ".pf_fragment", ".pf_filter"))
            fetched.append((url, len(body), len(body) if already else len(gzip.compress(body, 6))))

    context.on("response", record)
    page = context.new_page()
    page.goto(f"{base}/{PAGE}", wait_until="domcontentloaded")
    if spec["open"]:
        page.keyboard.press(spec["open"])
    box = page.locator(spec["box"])
    box.click()
    if typing_ms:
        box.press_sequentially(query, delay=typing_ms)
    else:
        box.fill(query)
    page.locator(spec["result"]).first.wait_for(state="visible", timeout=300_000)
    first_ms = page.evaluate("performance.now()")
    if typing_ms:
        page.wait_for_timeout(2000)  # a search the typing would still start comes within this
    page.wait_for_load_state("networkidle")
    context.close()
    return {"first_result_ms": round(first_ms), "requests": len(fetched),
            "bytes": sum(f[1] for f in fetched), "bytes_sent": sum(f[2] for f in fetched)}


def measure(project: Path) -> dict[str, Any]:
    """Build with Material's search on, index with Pagefind, and time one query in each."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from playwright.sync_api import sync_playwright

    from generator.search_index import index_search

    out: dict[str, Any] = {"query": query_of(project)}
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        site_dir = work / "site"
        os.environ["BRIEFING_GENERATED"] = str(project.resolve())  # the hook neither generates nor indexes
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir),
                             plugins=["search", "tags"])
        started = time.perf_counter()
        build(config)
        out["mkdocs_with_material_search_s"] = round(time.perf_counter() - started, 2)
        out["material_index_bytes"] = (site_dir / "search" / "search_index.json").stat().st_size
        out["pagefind_index_s"] = round(index_search(site_dir), 2)
        folder = site_dir / "pagefind"
        out["pagefind_bytes_on_disk"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        out["pagefind_files"] = sum(1 for p in folder.rglob("*") if p.is_file())
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for engine in ENGINES:
                    out[engine] = _search_once(browser, base, engine, out["query"])
                typed = [{"query": q, **_search_once(browser, base, "pagefind", q, TYPING_MS)}
                         for q in queries_of(project)]
                sent = sorted(t["bytes_sent"] for t in typed)
                out["pagefind_typed"] = {"typing_ms": TYPING_MS, "queries": typed,
                                         "median_sent": sent[len(sent) // 2], "max_sent": sent[-1]}
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
