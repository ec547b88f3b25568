"""Two site engines, one site: `briefing build --engine mkdocs|zensical` give readers the same pages.

Also `briefing check`'s own nav and link check, which stands in for what Zensical does not check.
"""

from __future__ import annotations

import importlib.util
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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
    nav_line = next(n for n, line in enumerate(lines, 1) if "guide/methodolgy.md" in line)
    page_line = len(page.read_text(encoding="utf-8").splitlines())
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    err = result.stderr
    assert f"mkdocs.yml:{nav_line}:22: error: nav names 'guide/methodolgy.md', but docs/guide/methodolgy.md " \
           "neither exists nor is generated" in err
    assert "hint: did you mean 'guide/methodology.md'?" in err
    assert f"docs/guide/engines.md:{page_line}:20: error: the link 'command-line.md#no-such-heading' names no " \
           "heading of docs/guide/command-line.md" in err
    assert f"docs/guide/engines.md:{page_line}:64: error: the link '../source.md' names docs/source.md" in err
    assert "hint: did you mean 'sources.md'?" in err
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


@pytest.mark.slow
@needs_zensical
def test_the_zensical_preview_regenerates_on_a_saved_yaml_file(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--engine", "zensical",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=log)
    page = "briefings/baltic-cable-damage.html"

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 120  # a bound against hanging, not a timing assertion
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            if text in _page(port, page):
                return
            time.sleep(0.3)
        pytest.fail(f"the preview never showed {text!r}:\n{(tmp_path / 'serve.log').read_text()}")

    try:
        wait_for("Damage to Baltic Sea cables")
        briefing = project / "briefings" / "baltic-cable-damage" / "briefing.yaml"
        text = briefing.read_text(encoding="utf-8")
        assert text.startswith("title: Damage")
        briefing.write_text(text.replace("title: Damage", "title: Renamed damage", 1), encoding="utf-8")
        wait_for("Renamed damage to Baltic Sea cables")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.", ".briefing-zensical"))]
