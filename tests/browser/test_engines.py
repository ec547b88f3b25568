"""Zensical's build as a reader meets it: the header's search finds what it finds on MkDocs' build.

The same queries as tests/browser/test_search.py's on the valid fixture, in the same Chromium,
and a screenshot of a briefing at a phone's and a desk's width for the eye.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import _root_conftest, served
from .test_search import BALTIC, FIXTURE, check

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
