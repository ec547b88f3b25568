"""Every page loads cleanly, stays on this machine, and has no serious accessibility violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import _root_conftest, served

pytestmark = pytest.mark.browser

AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '),
                              summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}))}));
}"""


# Known faults of the Material theme itself, each (axe rule, element): reported, not yet fixed.
THEME_ISSUES: set[tuple[str, str]] = set()  # none left


def _serious_violations(page, axe_script, label):
    """axe-core's serious and critical violations on the loaded page, one readable block each."""
    page.add_script_tag(path=str(axe_script))
    found = []
    for v in page.evaluate(AXE_RUN_JS):
        v["nodes"] = [n for n in v["nodes"] if (v["id"], n["target"]) not in THEME_ISSUES]
        if v["impact"] not in ("serious", "critical") or not v["nodes"]:
            continue
        nodes = "\n".join(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:8])
        more = f"\n    … and {len(v['nodes']) - 8} more" if len(v["nodes"]) > 8 else ""
        found.append(f"{label}: [{v['impact']}] {v['id']} — {v['help']}\n{nodes}{more}")
    return found


def test_pages_load_without_errors_and_stay_on_this_machine(site, page, watch):
    problems: list[str] = []
    head_links: set[str] = set()
    searched: set[str] = set()
    for path in site.pages:
        page.goto(site.url(path), wait_until="networkidle")
        # The search loads its UI and index from pagefind/ by a relative address: use it once from
        # each folder, so an address that breaks at some depth shows up here.
        folder = path.rpartition("/")[0]
        if folder not in searched:
            searched.add(folder)
            page.locator(".site-search__open").click()
            box = page.locator(".site-search__input")
            box.press_sequentially("Korea", delay=20)
            page.locator(".site-search__result").first.wait_for(state="visible", timeout=15_000)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("Escape")
        problems += [f"{path}: {p}" for p in watch.problems()]
        watch.clear()
        head_links.update(page.locator("head link[href]").evaluate_all(
            "links => links.map(l => l.rel + ' ' + l.href)"))
    # Links in <head> (feeds, icons, next/previous) are not fetched by the browser: ask for each.
    for rel_href in sorted(head_links):
        rel, href = rel_href.rsplit(" ", 1)
        if href.startswith(site.base):
            status = page.request.get(href).status
            if status != 200:
                problems.append(f'<link rel="{rel}" href="{site.path_of(href)}">: HTTP {status}')
    assert not problems, "\n".join(problems)


def test_the_watch_catches_a_request_leaving_the_machine(site, page, watch):
    # Guards the guard: a page asking for a web font elsewhere is blocked and reported.
    page.goto(site.url("index.html"))
    page.evaluate("""() => new Promise(done => {
      const link = Object.assign(document.createElement('link'),
        {rel: 'stylesheet', href: 'https://fonts.googleapis.com/css?family=Roboto'});
      link.onerror = link.onload = done;
      document.head.append(link);
    })""")
    assert any("fonts.googleapis.com" in p for p in watch.problems()), watch.problems()


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def with_repository(request: pytest.FixtureRequest, site: Any,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The valid fixture built with repo_url set, as mkdocs.yml suggests for its "Edit this briefing" links."""
    engine = request.param
    if engine == "zensical":
        pytest.importorskip("zensical")
    shared = _root_conftest()
    project = shared.make_project(tmp_path_factory.mktemp(f"repository-{engine}"),
                                  shared.FIXTURES / "valid" / "briefings")
    config = project / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/acme/briefs\n" + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    out = project.parent / "site"
    result = shared.run_cli("build", "--engine", engine, "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    with served(out) as address:
        yield address


def test_a_repository_link_asks_no_other_host(with_repository, page, watch):
    # Material's own link to the repository asked api.github.com for its stars and releases on every page.
    for path in ("index.html", "briefings/grain-corridor.html"):
        page.goto(f"{with_repository}/{path}", wait_until="networkidle")
        assert page.locator("a.md-source[href='https://github.com/acme/briefs']").count() >= 1
    assert not watch.external, watch.external
    assert not watch.problems(), watch.problems()


def test_no_serious_accessibility_violations(site, page, axe_script):
    found = []
    for path in site.pages:
        page.goto(site.url(path))
        found += _serious_violations(page, axe_script, path)
    assert not found, "\n".join(found)


def test_no_serious_accessibility_violations_in_dark_mode_and_on_a_phone(site, page, axe_script):
    page.add_init_script("localStorage.clear()")  # follow the preference, not Material's memory
    page.emulate_media(color_scheme="dark")
    page.goto(site.url(site.briefing))
    page.wait_for_selector("body[data-md-color-scheme=slate]", timeout=5_000)
    found = _serious_violations(page, axe_script, f"{site.briefing} (dark)")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.url(site.briefing))
    page.wait_for_selector("body[data-md-color-scheme=default]", timeout=5_000)
    found += _serious_violations(page, axe_script, f"{site.briefing} (phone)")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("pattern", ["actors/*.html", "chronology.html"])
def test_actor_and_chronology_pages_are_accessible_and_clean(site, page, watch, axe_script,
                                                              pattern):
    paths = site.built(pattern)
    if not paths:
        pytest.skip(f"no {pattern} in the built site yet")
    found = []
    for path in paths[:1]:  # the looping tests above cover the others
        page.goto(site.url(path), wait_until="networkidle")
        found += [f"{path}: {p}" for p in watch.problems()]
        watch.clear()
        found += _serious_violations(page, axe_script, path)
    assert not found, "\n".join(found)
