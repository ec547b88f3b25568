"""Zensical's build as a reader meets it: the header's search finds what it finds on MkDocs' build.

The same queries as tests/browser/test_search.py's on the valid fixture, in the same Chromium, on
Zensical's build and on its preview (`briefing serve --engine zensical`, indexed by our watcher),
and a screenshot of a briefing at a phone's and a desk's width for the eye.
"""

from __future__ import annotations

import importlib.util
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import _root_conftest, served
from .test_layout import PHONE, assert_code_spans_the_screen
from .test_search import BALTIC, FIXTURE, check, search

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def zensical_site(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The valid fixture, built by `briefing build --engine zensical` and served."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (pip install -e '.[test]')")
    shared = _root_conftest()
    briefings = shared.FIXTURES / "valid" / "briefings"
    project = shared.make_project(tmp_path_factory.mktemp("zensical"), briefings)
    out = project.parent / "site"
    result = shared.run_cli("build", "--engine", "zensical", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    with served(out) as address:
        yield address


@pytest.fixture(scope="module")
def zensical_preview(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`briefing serve --engine zensical` on the valid fixture, once its search index is written."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (pip install -e '.[test]')")
    shared = _root_conftest()
    project = shared.make_project(tmp_path_factory.mktemp("zensical-preview"), shared.FIXTURES / "valid" / "briefings")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project.parent / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--engine", "zensical",
                                   "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=out, stderr=out)
    address = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 120  # a bound against hanging, not a timing assertion
        while True:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            try:
                with opener.open(f"{address}/pagefind/pagefind-entry.json", timeout=10) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        yield address
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def test_search_in_the_zensical_preview_finds_the_same_first_results(zensical_preview, page):
    # The preview indexes after each of Zensical's builds, once its pages stand still; on a loaded
    # machine the first index can be of a build still being written, and the next one catches up.
    deadline = time.monotonic() + 120  # a bound against hanging, not a timing assertion
    while not search_at(page, zensical_preview, FIXTURE[0][0]):
        assert time.monotonic() < deadline, "the preview's search never found the first query"
        time.sleep(1)
    wrong = check(page, zensical_preview, FIXTURE)
    assert not wrong, "\n".join(wrong)


def search_at(page: Any, base: str, query: str) -> list[str]:
    """The results of query on base's home page, opened afresh (the index may have been renewed)."""
    page.goto(f"{base}/index.html")
    return search(page, query)


def test_search_on_the_zensical_build_finds_the_same_first_results(zensical_site, page, watch):
    wrong = check(page, zensical_site, FIXTURE)
    assert not wrong, "\n".join(wrong)
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_of_the_zensical_build_is_one_bar(zensical_site, page, screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{zensical_site}/{BALTIC}")
    header = page.locator("header.md-header").bounding_box()
    assert header and header["height"] < 60, "the header is one bar, not a stack of its controls"
    assert page.locator(".site-search__open").is_visible()
    page.screenshot(path=str(screenshot_dir / f"zensical-briefing-{width}.png"))


def test_a_guides_code_block_on_the_zensical_build_is_the_width_of_a_phones_screen(zensical_site, page):
    """Zensical highlights the guide's code blocks (a div around the pre): its wrapper keeps them as wide."""
    page.set_viewport_size(PHONE)
    page.goto(f"{zensical_site}/guide/command-line.html")
    assert_code_spans_the_screen(page)
