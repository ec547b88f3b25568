"""Two site engines, one site: `briefing build --engine mkdocs|zensical` give readers the same pages.

Also `briefing check`'s own nav and link check, which stands in for what Zensical does not check.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
import yaml

from generator import diagnostics, engines
from generator.config import read_config
from generator.exceptions import UsageError

from conftest import FIXTURES, make_project, run_cli
from test_build import Page

needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                    reason="zensical is not installed (pip install -e '.[test]')")
END_OF_LIFE = "Material for MkDocs is supported until 5 May 2027"


def test_the_engine_setting_is_mkdocs_or_zensical(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: S\n", encoding="utf-8")
    assert read_config(tmp_path).engine == "mkdocs"
    config.write_text("site_name: S\nextra:\n  engine: zensical\n", encoding="utf-8")
    assert read_config(tmp_path).engine == "zensical"
    config.write_text("site_name: S\nextra:\n  engine: hugo\n", encoding="utf-8")
    with pytest.raises(UsageError, match="engine must be mkdocs or zensical, not 'hugo'"):
        read_config(tmp_path)


def test_the_preview_configuration_carries_the_error_box_as_text(tmp_path: Path) -> None:
    # Contributor text reaches Zensical's configuration: quotes, line breaks, emoji and markup stay one value.
    box = diagnostics.error_box("a.yaml:1:1: error: \"x\" \u2028 \U0001F600 <script>alert(1)</script>\n  hint: 'y'")
    assert "<script>" not in box and "&lt;script&gt;" in box
    text = engines._config_text(tmp_path, tmp_path / ".site.zensical-x", False, box)
    config = yaml.load(text, Loader=yaml.Loader)  # the loader Zensical reads its configuration with
    assert config["extra"] == {engines.PREVIEW_ERRORS: box} and config["site_dir"] == ".site.zensical-x"
    assert "extra" not in yaml.safe_load(engines._config_text(tmp_path, tmp_path / "s", False, ""))


def test_check_finds_a_broken_nav_entry_and_a_broken_link(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    assert run_cli("check", cwd=project).returncode == 0
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "Methodology: guide/methodology.md", "Methodology: guide/methodolgy.md"), encoding="utf-8")
    page = project / "docs" / "guide" / "engines.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the settings](command-line.md#no-such-heading), "
                    "[sources](../source.md), [a briefing](../briefings/baltic-cable-damage.md) "
                    "and `[code](not-a-link.md)`.\n", encoding="utf-8")
    lines = config.read_text(encoding="utf-8").splitlines()
    nav_line, nav_column = next((n, line.index("guide/") + 1) for n, line in enumerate(lines, 1)
                                if "guide/methodolgy.md" in line)
    page_line = len(page.read_text(encoding="utf-8").splitlines())
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    err = result.stderr
    assert f"mkdocs.yml:{nav_line}:{nav_column}: error: nav names 'guide/methodolgy.md', but " \
           "docs/guide/methodolgy.md neither exists nor is generated" in err
    assert "hint: did you mean 'guide/methodology.md'?" in err
    assert f"docs/guide/engines.md:{page_line}:20: error: the link 'command-line.md#no-such-heading' names no " \
           "anchor of docs/guide/command-line.md" in err
    assert f"docs/guide/engines.md:{page_line}:64: error: the link '../source.md' names docs/source.md" in err
    assert "hint: did you mean '../sources.md'?" in err  # as the link is written from the page
    assert "baltic-cable-damage" not in err and "not-a-link" not in err  # generated pages count; code is not a link
    assert "Traceback" not in err
    # A build stops before either engine runs: Zensical would publish the broken nav entry.
    build = run_cli("build", "--engine", "zensical", cwd=project)
    assert build.returncode == 1 and "nav names 'guide/methodolgy.md'" in build.stderr
    assert not (project / "site").exists()


def _files(site: Path, pattern: str, pages: bool = True) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.glob(pattern))
            if p.is_file() and (pages or p.suffix != ".html")}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, str, str]:
    """The valid fixture built by each engine: (project, MkDocs' site, Zensical's site, their stderr)."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (pip install -e '.[test]')")
    project = make_project(tmp_path_factory.mktemp("engines"), FIXTURES / "valid" / "briefings")
    mkdocs = run_cli("build", "--engine", "mkdocs", "--site-dir", "built-mkdocs", cwd=project)
    assert mkdocs.returncode == 0, mkdocs.stderr
    # Outside the project: Zensical builds inside it, then the site is moved.
    outside = project.parent / "elsewhere" / "site"
    zensical = run_cli("build", "--engine", "zensical", "--site-dir", str(outside), cwd=project)
    assert zensical.returncode == 0, zensical.stderr
    return project, project / "built-mkdocs", outside, mkdocs.stderr, zensical.stderr


@pytest.mark.slow
def test_both_engines_give_readers_the_same_pages(both: tuple[Path, Path, Path, str, str]) -> None:
    _, mkdocs, zensical, _, _ = both
    pages = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*.html") if "pagefind" not in p.parts)
    assert pages == sorted(p.relative_to(zensical).as_posix() for p in zensical.rglob("*.html")
                           if "pagefind" not in p.parts)
    assert "briefings/baltic-cable-damage.html" in pages
    for name in [p for p in pages if p.startswith("briefings/")]:
        one = Page((mkdocs / name).read_text(encoding="utf-8"))
        other = Page((zensical / name).read_text(encoding="utf-8"))
        content = [i for i in one.ids if not i.startswith("__")]  # Material's own controls aside
        assert [i for i in other.ids if i in set(content)] == content, name
        cites = [href for anchor, href in one.links if anchor.startswith("cite-")]
        assert cites and cites == [href for anchor, href in other.links if anchor.startswith("cite-")], name
        assert all(href[1:] in other.ids for href in cites), name
        assert _json_ld(one) and _json_ld(one) == _json_ld(other), name


@pytest.mark.slow
def test_the_tag_chips_stand_above_the_title_under_both_engines(both: tuple[Path, Path, Path, str, str]) -> None:
    _, mkdocs, zensical, _, _ = both
    for site in (mkdocs, zensical):  # Zensical's own content partial puts them after the page
        text = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
        article = text[text.index('<article class="md-content__inner'):]
        assert 'class="md-tag"' in article
        assert article.index('class="md-tags"') < article.index("<h1"), site
        assert "briefing-errors" not in text  # the preview's box only


def _json_ld(page: Page) -> list[str]:
    return [text for text in page.text if text.lstrip().startswith('{"@context"')]


@pytest.mark.slow
def test_both_engines_publish_the_same_feeds_data_and_search(both: tuple[Path, Path, Path, str, str]) -> None:
    _, mkdocs, zensical, _, _ = both
    for folder in ("feeds", "data"):  # the files, byte for byte; the open-data page is compared above
        assert _files(mkdocs, f"{folder}/**/*", pages=False) == _files(zensical, f"{folder}/**/*", pages=False)
    assert _files(mkdocs, "feeds/**/*") and _files(mkdocs, "data/**/*")
    for site in (mkdocs, zensical):  # Pagefind's index, never an engine's own search index
        assert (site / "pagefind" / "pagefind-entry.json").is_file()
        assert not (site / "search.json").exists() and not (site / "search").exists()
    entry = json.loads((zensical / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] > 10


@pytest.mark.slow
def test_the_end_of_material_is_told_once_and_zensical_leaves_nothing_behind(
        both: tuple[Path, Path, Path, str, str]) -> None:
    project, _, _, mkdocs_err, zensical_err = both
    assert mkdocs_err.count(END_OF_LIFE) == 1 and "--engine zensical" in mkdocs_err
    assert END_OF_LIFE not in zensical_err
    leftovers = [p.name for p in project.iterdir() if p.name.startswith((".site.", ".briefing-zensical"))]
    assert not leftovers, "Zensical's staging folder and configuration are removed"


@pytest.mark.slow
@needs_zensical
def test_a_failed_zensical_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\nextra:\n") == 1
    config.write_text(text.replace("\nextra:\n", "\nextra:\n  engine: zensical\n"), encoding="utf-8")
    first = run_cli("build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert END_OF_LIFE not in first.stderr, "the setting chose Zensical"
    before = _files(project / "site", "**/*")
    # A theme template Zensical cannot render: the engine itself fails, after generation.
    (project / "generator" / "theme" / "partials" / "toc.html").write_text("{% if %}", encoding="utf-8")
    failed = run_cli("build", cwd=project)
    assert failed.returncode == 1
    assert "failed: Zensical:" in failed.stderr and "the previous site was left as it was" in failed.stderr
    assert "Traceback (most recent call last)" not in failed.stderr
    assert _files(project / "site", "**/*") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.", ".briefing-zensical"))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _page(port: int, path: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://127.0.0.1:{port}/{path}", timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _box(html_text: str) -> str:
    """The error box of a page, or '' when it has none."""
    match = re.search(r'<div class="briefing-errors".*?</div>', html_text, re.S)
    return match.group(0) if match else ""


def _has_error(port: int, path: str, text: str) -> bool:
    """Whether the page at path shows the error box, with text in it."""
    return text in _box(_page(port, path)) if text else bool(_box(_page(port, path)))


def _index_hash(port: int) -> str:
    """The hash of the preview's search index for English, or '' while there is none."""
    try:
        return str(json.loads(_page(port, "pagefind/pagefind-entry.json"))["languages"]["en"]["hash"])
    except (ValueError, KeyError):
        return ""


@pytest.mark.slow
@needs_zensical
def test_the_zensical_preview_regenerates_shows_errors_until_fixed_and_is_searchable(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--engine", "zensical",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=log)
    page = "briefings/baltic-cable-damage.html"

    def wait_for(check: Callable[[], bool], what: str, wanted: bool = True) -> None:
        deadline = time.monotonic() + 120  # a bound against hanging, not a timing assertion
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            if check() == wanted:
                return
            time.sleep(0.3)
        pytest.fail(f"the preview never showed {what}:\n{(tmp_path / 'serve.log').read_text()}")

    try:
        wait_for(lambda: "Damage to Baltic Sea cables" in _page(port, page), "the briefing")
        wait_for(lambda: bool(_index_hash(port)), "its search index")
        entry = json.loads(_page(port, "pagefind/pagefind-entry.json"))
        assert entry["languages"]["en"]["page_count"] > 10
        first_index = _index_hash(port)

        briefing = project / "briefings" / "baltic-cable-damage" / "briefing.yaml"
        text = briefing.read_text(encoding="utf-8")
        assert text.startswith("title: Damage")
        briefing.write_text(text.replace("title: Damage", "title: Renamed damage", 1), encoding="utf-8")
        wait_for(lambda: "Renamed damage to Baltic Sea cables" in _page(port, page), "the saved title")
        assert not _box(_page(port, page))
        # Indexed again after Zensical's rebuild: the new title changes the index.
        wait_for(lambda: _index_hash(port) not in ("", first_index), "a new search index")

        broken = text.replace("title: Damage", "title: Damage\ncolour: <b>red</b>", 1)
        briefing.write_text(broken, encoding="utf-8")
        for shown in (page, "index.html"):  # every page, the last good version under the box
            wait_for(partial(_has_error, port, shown, "unknown field &#x27;colour&#x27;"), f"the error box on {shown}")
        html_text = _page(port, page)
        box = _box(html_text)
        assert "briefings/baltic-cable-damage/briefing.yaml:2:1: error: unknown field &#x27;colour&#x27;" in box
        assert "colour: &lt;b&gt;red&lt;/b&gt;" in box and "<b>red</b>" not in html_text  # text, never markup
        assert "Renamed damage to Baltic Sea cables" in html_text
        # The very markup of MkDocs' preview (diagnostics.error_box, which both engines call).
        shown_text = html.unescape(re.search(r"<pre[^>]*>(.*?)</pre>", box, re.S).group(1))  # type: ignore[union-attr]
        assert box + "\n" == diagnostics.error_box(shown_text)

        briefing.write_text(text.replace("title: Damage", "title: Fixed damage", 1), encoding="utf-8")
        wait_for(lambda: "Fixed damage" in _page(port, page), "the fixed title")
        for shown in (page, "index.html"):
            wait_for(partial(_has_error, port, shown, ""), f"{shown} without the box", wanted=False)
        assert "the errors are fixed" in (tmp_path / "serve.log").read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.", ".briefing-zensical"))]
