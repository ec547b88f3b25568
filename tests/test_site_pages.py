"""Every page kind of the built site: actor pages, sources, chronology, charts, links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
import yaml

from conftest import FIXTURES, make_project, run_cli
from test_build import Page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture built once; returns its site/ folder."""
    project = make_project(tmp_path_factory.mktemp("pages"), FIXTURES / "valid" / "briefings")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def page(site: Path, name: str) -> Page:
    return Page((site / name).read_text(encoding="utf-8"))


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = broken_links(site)
    assert not broken, "\n".join(broken[:20])


def broken_links(site: Path) -> list[str]:
    """Every link between pages of the built site whose page or anchor does not exist."""
    ids: dict[Path, set[str]] = {}
    for html in site.rglob("*.html"):
        ids[html] = set(page(site, str(html.relative_to(site))).ids)
    broken = []
    for html in ids:
        for tag, attrs in page(site, str(html.relative_to(site))).tags:
            # Any address an attribute holds (the search's data-bundle, a src…): "//guide/…" is the host "guide".
            other_host = [v for k, v in attrs.items() if (k in ("href", "src") or k.startswith("data-")) and v
                          and v.startswith("//")]
            if other_host:
                broken.append(f"{html.relative_to(site)}: {other_host[0]} (another host)")
                continue
            href = attrs.get("href") if tag in ("a", "link") else None
            if not href or re.match(r"^[a-z]+:", href):
                continue
            target, fragment = urldefrag(href)
            # The 404 page is served at any address: MkDocs gives it root-absolute links.
            base = site if target.startswith("/") else html.parent
            path = (base / unquote(target.lstrip("/"))).resolve() if target else html
            if target.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{html.relative_to(site)}: {href}")
            elif fragment and path.suffix == ".html" and fragment not in ids.get(path, set()):
                broken.append(f"{html.relative_to(site)}: {href} (no such anchor)")
    return broken


def test_actor_page_lists_their_quotes_events_and_figures(site: Path) -> None:
    ukraine = page(site, "actors/ukraine.html")
    text = "".join(ukraine.text)
    assert "The corridor is open for civilian ships." in text
    assert "Коридор відкритий для цивільних суден." in text
    assert "Ukraine announces a temporary corridor" in text
    finland = "".join(page(site, "actors/finland.html").text)
    assert "4–5" in finland and "Months until the pipeline is repaired" in finland
    assert "Damage to Baltic Sea cables <and> a *pipeline*" in finland
    # An actor named by no published briefing gets no page.
    assert not (site / "actors" / "nobody.html").exists()


def test_an_actors_events_from_several_briefings_are_in_date_order(tmp_path: Path) -> None:
    """One briefing's events after another's jumped back in time: a reader follows the actor through the dates."""
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    grain = project / "briefings" / "grain-corridor" / "briefing.yaml"
    text = grain.read_text(encoding="utf-8")
    assert "    actors: [ukraine]\n" in text
    grain.write_text(text.replace("    actors: [ukraine]\n", "    actors: [ukraine, finland]\n", 1), encoding="utf-8")
    result = run_cli("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    finland = (project / "docs" / "actors" / "finland.md").read_text(encoding="utf-8")
    # c. August 2023 (the grain corridor's) before October's (the Baltic briefing's, which sorts first by slug).
    assert re.findall(r'<time datetime="([^"]+)" class="[^"]*timeline-date', finland) == [
        "2023-08", "2023-10-08", "2023-10-10"]


def test_briefing_mentions_link_to_actor_and_source_pages(site: Path) -> None:
    links = [href for _, href in page(site, "briefings/baltic-cable-damage.html").links]
    assert "../actors/finland.html" in links
    assert "../sources.html#fi-police-2023-10-24" in links


def test_sources_page_groups_by_publisher_with_what_cites_them(site: Path) -> None:
    sources = page(site, "sources.html")
    text = "".join(sources.text)
    assert text.index("Ministry of Infrastructure of Ukraine") < text.index("National Bureau of Investigation")
    assert "fi-police-2023-10-24" in sources.ids
    assert "A2" in text
    assert "briefings/baltic-cable-damage.html#anchor-found" in [h for _, h in sources.links]
    # A citation in a change note is a use too (the fixture cites fi-police-2023-10-24 in one).
    assert "briefings/baltic-cable-damage.html#what-changed" in [h for _, h in sources.links]
    assert "What changed: 2 November 2023" in text


def test_chronology_merges_briefings_in_date_order(site: Path) -> None:
    chronology = page(site, "chronology.html")
    events = [href.split("#")[1] for _, href in chronology.links if "#" in href and href.startswith("briefings/")]
    assert events == ["corridor-opens", "earlier-reports", "balticconnector-pressure-drop", "same-day-second",
                      "investigation-weeks", "anchor-found"]


def test_figure_chart_has_one_point_per_claim_and_a_text_alternative(site: Path) -> None:
    html = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"figure-chart\".*?</svg>", html, re.S)
    assert svg, "no chart"
    points = re.findall(r'<a class="chart-point [^"]*" href="#([^"]+)"', svg.group(0))
    assert sorted(points) == ["f-repair-months", "f-repair-months-estonia"]
    assert "<desc" in svg.group(0) and "c. 5, claimed by Estonia, 20 October 2023" in svg.group(0)


def test_what_changed_is_newest_first(site: Path) -> None:
    text = "".join(page(site, "briefings/baltic-cable-damage.html").text)
    assert text.index("Added the investigators") < text.index("First version.")


def test_briefing_has_json_ld_and_open_graph(site: Path) -> None:
    html = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    data = json.loads(block.group(1))
    assert data["@type"] == "Report" and data["dateModified"] == "2023-11-02"
    assert {c["name"] for c in data["citation"]} >= {"Investigation update on the Balticconnector damage"}
    assert "\\u003cand\\u003e" in block.group(1), "contributor text cannot close the script element"
    assert '<meta property="og:title" content="Damage to Baltic Sea cables &lt;and&gt; a *pipeline*">' in html


def test_downloads_and_feeds_are_linked_and_present(site: Path) -> None:
    links = [href for _, href in page(site, "briefings/grain-corridor.html").links]
    assert "../data/grain-corridor.json" in links and "../feeds/grain-corridor.atom.xml" in links
    data = json.loads((site / "data" / "grain-corridor.json").read_text(encoding="utf-8"))
    assert data["briefing"]["title"] == "The Black Sea grain corridor"
    assert (site / "feeds" / "atom.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_repository_and_site_address_give_edit_links_and_absolute_feeds(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://example.org/briefs/\nrepo_url: https://github.com/acme/briefs\n"
                      + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("generate", cwd=project).returncode == 0
    page_md = (project / "docs" / "briefings" / "grain-corridor.md").read_text(encoding="utf-8")
    assert 'href="https://github.com/acme/briefs/edit/main/briefings/grain-corridor/briefing.yaml"' in page_md
    assert "Edit this briefing" in page_md
    atom = (project / "docs" / "feeds" / "atom.xml").read_text(encoding="utf-8")
    assert 'href="https://example.org/briefs/briefings/grain-corridor.html"' in atom
    jsonld = json.loads(yaml.safe_load(page_md.split("---\n", 2)[1])["jsonld"])
    assert jsonld["url"] == "https://example.org/briefs/briefings/grain-corridor.html"


def test_sources_page_lists_each_use_once(site: Path) -> None:
    html = (site / "sources.html").read_text(encoding="utf-8")
    for entry in html.split('<ul class="cited-by"')[1:]:
        uses = re.findall(r'href="(briefings/[^"]+)"', entry.split("</ul>")[0])
        assert uses and len(uses) == len(set(uses)), f"a use is listed twice: {uses}"


def test_titles_name_the_site_once_and_the_footer_states_the_licence(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(.*?)</title>", home) == ["Briefings"]  # not "Briefings - Briefings"
    briefing = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
    title = "Damage to Baltic Sea cables &lt;and&gt; a *pipeline* - Briefings"
    assert re.findall(r"<title>(.*?)</title>", briefing.split("</head>", 1)[0]) == [title]
    # The bundled mkdocs.yml's licence and where to send corrections: once on every page. A briefing
    # ends on them in its article, and its footer leaves them out.
    licence = '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
    for html in (home, briefing):
        article, footer = html.split('<div class="md-copyright">', 1)
        said = article.count(licence) + footer.count(licence), html.count("Seen an error?")
        assert said == (1, 1), said
    assert "Briefings and data: " + licence in home.split('<div class="md-copyright">', 1)[1]
    assert "published under " + licence in briefing.split('<div class="md-copyright">', 1)[0]


def _element(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(0)


def test_the_assessment_stands_apart_with_its_scale_confidence_and_evidence(site: Path) -> None:
    html = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="assessment">Our assessment', html)
    box = _element(html, r'<div class="assessments">.*?\n</div>\n</div>')
    text = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert "These are the analysts' own judgements" in text and "not what any source said" in text
    # 'probable' is the pair of 'likely': shown as the band's term with its range.
    assert "Likely (55–80%) · Moderate confidence · 2 November 2023" in text
    assert 'href="../guide/methodology.html#likelihood-and-confidence"' in box
    evidence = _element(box, r'<p class="assessment-evidence">.*?</p>')
    assert re.findall(r'href="#([^"]+)"', evidence) == [
        "anchor-found", "q-police-anchor", "f-repair-months", "yle-2023-10-10"]
    assert "<script" not in box and "alert(1)" not in box
    # The box comes after the reporting, before the actors.
    assert html.index('id="q-police-anchor"') < html.index('class="assessments"') < html.index('id="actors"')


def test_a_quote_without_its_original_says_why(site: Path) -> None:
    html = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
    quote = _element(html, r'<figure class="quote" id="q-estonia-cable">.*?</figure>')
    assert "Original wording not published: given only in English translation by Yle." in quote
    actor = (site / "actors" / "estonia.html").read_text(encoding="utf-8")
    assert "Original wording not published: given only in English translation by Yle." in actor


def test_items_the_latest_update_added_are_marked_new(site: Path) -> None:
    html = (site / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8")
    badge = ('<span class="badge-new">New in the update of <time datetime="2023-11-02">2 November 2023</time>'
             '</span>')
    # Each badge belongs to the item (event, quote) it stands in: the nearest item id before it.
    marked = [re.findall(r'<(?:li|figure) class="[^"]*" id="([^"]+)"', html[:m.start()])[-1]
              for m in re.finditer(re.escape(badge), html)]
    assert marked == ["anchor-found", "q-police-anchor", "q-estonia-cable"]
    change = _element(html, r'<span class="change-added">.*?</span>\s*</li>')
    assert re.findall(r'href="#([^"]+)"', change) == ["anchor-found", "q-police-anchor", "q-estonia-cable"]


def test_each_briefing_lists_its_sections_for_a_screen_without_the_table_of_contents(site: Path) -> None:
    """'On this page' names every h2 of the briefing, in order, and nothing else (a narrow screen's contents)."""
    briefings = sorted((site / "briefings").glob("*.html"))
    assert len(briefings) >= 2
    seen = set()
    for html in briefings:
        text = html.read_text(encoding="utf-8")
        listed = re.search(r'<nav class="page-contents"[^>]*>(.*?)</nav>', text, re.S)
        assert listed, html.name
        links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', listed.group(1))
        headings = re.findall(r'<h2[^>]*\bid="([^"]+)"[^>]*>(.*?)<a class="headerlink"', text, re.S)
        assert [(anchor, label) for anchor, label in links] == [(i, h.strip()) for i, h in headings], html.name
        seen |= {anchor for anchor, _ in links}
    assert {"key-points", "timeline", "quotes", "sources"} <= seen


def test_a_source_under_its_publishers_heading_does_not_name_the_publisher_again(site: Path) -> None:
    sources = (site / "sources.html").read_text(encoding="utf-8")
    briefing = (site / "briefings" / "grain-corridor.html").read_text(encoding="utf-8")
    assert '<li id="ua-ministry-2023"><cite class="source-title">' in sources  # under "Ministry of Infrastructure…"
    named = '<span class="source-publisher" data-pagefind-ignore>Ministry of Infrastructure of Ukraine:</span>'
    assert named in briefing and named not in sources


def test_a_briefing_with_graded_sources_says_in_words_what_a_grade_is(site: Path) -> None:
    """A grade's tooltip needs a pointer: the page says what 'B2' means, once, where any source is graded."""
    shown = {}
    for html in sorted((site / "briefings").glob("*.html")):
        text = html.read_text(encoding="utf-8")
        graded = 'class="source-reliability"' in text
        shown[html.stem] = graded
        note = re.findall(r'<p class="grades-note"[^>]*>(.*?)</p>', text, re.S)
        assert len(note) == (1 if graded else 0), html.name
        if note:
            assert "the letter is the source's reliability (A to F)" in note[0]
            assert 'href="../guide/methodology.html#admiralty-grades"' in note[0]
    assert True in shown.values()


def test_briefings_updated_the_same_day_are_listed_in_their_slugs_order() -> None:
    """Newest first; on one day by slug: a reverse sort of both listed them backwards (copy-9 … copy-2, copy-19 …)."""
    import dataclasses

    from generator.model.briefing import Site
    from generator.pipeline import resolved_site

    site = resolved_site(FIXTURES / "valid")[0]
    one = site.published[0]
    copies = [dataclasses.replace(one, slug=f"copy-{n}") for n in (2, 10, 1)]
    older = dataclasses.replace(site.published[-1], slug="a-older")
    listed = Site((older, *copies), site.actors, site.sources).published
    if older.meta.updated.sort_key == one.meta.updated.sort_key:  # the fixture's two differ; say so if not
        pytest.fail("the fixture's briefings were updated on the same day")
    assert [b.slug for b in listed] == ["copy-1", "copy-10", "copy-2", "a-older"]


def test_a_briefing_that_cites_nothing_yet_says_so_under_sources(tmp_path: Path) -> None:
    """A new draft in the preview showed a 'Sources' heading over nothing, listed in the page's contents too."""
    from generator import pipeline

    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    assert run_cli("new", "fresh-start", cwd=project).returncode == 0
    pipeline.generate(project, show_drafts=True)
    page = (project / "docs" / "briefings" / "fresh-start.md").read_text(encoding="utf-8")
    assert '<p class="sources-none" data-pagefind-ignore>Nothing on this page cites a source yet.</p>' in page
    cited = (project / "docs" / "briefings" / "grain-corridor.md").read_text(encoding="utf-8")
    assert "sources-none" not in cited
