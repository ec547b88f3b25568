"""Atom and JSON feeds built from the valid fixture: well-formed, newest first, no drafts, no clock."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator import urls
from generator.exceptions import BuildError
from generator.model.briefing import Site
from generator.outputs.feeds import JSON_FEED_VERSION, build_feeds
from generator.pipeline import resolved_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.org/news/"
BALTIC = "Damage to Baltic Sea cables <and> a *pipeline*"


@pytest.fixture(scope="module")
def site() -> Site:
    return resolved_site(FIXTURES / "valid")[0]


@pytest.fixture(scope="module")
def relative(site: Site) -> dict[str, str]:
    return build_feeds(site, None)


@pytest.fixture(scope="module")
def absolute(site: Site) -> dict[str, str]:
    return build_feeds(site, SITE_URL)


def atom_entries(text: str) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(text.encode("utf-8"))
    return root, root.findall(f"{ATOM}entry")


def test_one_atom_and_one_json_feed_for_the_site_and_each_published_briefing(relative: dict[str, str]) -> None:
    assert sorted(relative) == [
        "feeds/atom.xml", "feeds/baltic-cable-damage.atom.xml", "feeds/baltic-cable-damage.json",
        "feeds/feed.json", "feeds/grain-corridor.atom.xml", "feeds/grain-corridor.json",
    ]


@pytest.mark.parametrize("variant", ["relative", "absolute"])
def test_atom_feeds_have_what_atom_requires(variant: str, request: pytest.FixtureRequest) -> None:
    files: dict[str, str] = request.getfixturevalue(variant)
    for path, text in files.items():
        if not path.endswith(".xml"):
            continue
        root, entries = atom_entries(text)
        assert root.tag == f"{ATOM}feed", path
        for name in ("id", "title", "updated"):
            assert (root.findtext(f"{ATOM}{name}") or "").strip(), (path, name)
        # Atom needs an author on the feed when its entries have none.
        assert root.findtext(f"{ATOM}author/{ATOM}name") == "Briefings"
        assert root.find(f"{ATOM}link[@rel='self']") is not None
        assert entries, path
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{name}") or "").strip(), (path, name)
            link = entry.find(f"{ATOM}link")
            assert link is not None and link.get("href"), path


def test_json_feeds_have_the_required_keys(relative: dict[str, str], absolute: dict[str, str]) -> None:
    for files in (relative, absolute):
        for path, text in files.items():
            if not path.endswith(".json"):
                continue
            feed = json.loads(text)
            assert feed["version"] == JSON_FEED_VERSION == "https://jsonfeed.org/version/1.1"
            assert feed["title"] and feed["home_page_url"] and feed["feed_url"], path
            assert feed["items"], path
            for item in feed["items"]:
                assert set(item) >= {"id", "url", "title", "content_text", "date_published", "date_modified"}


def test_site_feed_is_newest_first_with_the_notes_as_titles(relative: dict[str, str]) -> None:
    _, entries = atom_entries(relative["feeds/atom.xml"])
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "The Black Sea grain corridor: Updated January 2024",  # no revision log: its 'updated'
        f"{BALTIC}: Added the investigators' anchor finding.",
        f"{BALTIC}: First version.",
    ]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2024-01-01T00:00:00+00:00", "2023-11-02T00:00:00+00:00", "2023-10-11T00:00:00+00:00",
    ]
    items = json.loads(relative["feeds/feed.json"])["items"]
    assert [i["title"] for i in items] == [e.findtext(f"{ATOM}title") for e in entries]
    assert [i["date_modified"] for i in items] == [e.findtext(f"{ATOM}updated") for e in entries]


def test_feed_dates_come_from_the_data_not_the_clock(relative: dict[str, str]) -> None:
    assert atom_entries(relative["feeds/atom.xml"])[0].findtext(f"{ATOM}updated") == "2024-01-01T00:00:00+00:00"
    root, _ = atom_entries(relative["feeds/baltic-cable-damage.atom.xml"])
    assert root.findtext(f"{ATOM}updated") == "2023-11-02T00:00:00+00:00"


def test_the_draft_is_in_no_feed(relative: dict[str, str], absolute: dict[str, str]) -> None:
    for files in (relative, absolute):
        for path, text in files.items():
            assert "unfinished-draft" not in path
            assert "unfinished" not in text.lower(), path


def test_content_is_the_note_what_the_update_added_and_the_plain_summary(relative: dict[str, str]) -> None:
    _, entries = atom_entries(relative["feeds/baltic-cable-damage.atom.xml"])
    content = entries[0].find(f"{ATOM}content")
    assert content is not None and content.get("type") == "text"
    assert content.text == (
        "Added the investigators' anchor finding.\n\n"
        "Added:\n- Investigators recover an anchor {{ 7*7 }}\n"
        "- Quote by Finland: \u201cThe damage was caused by an anchor, we\u2026\u201d\n"
        "- Quote by Estonia: \u201cThe data cable was damaged on the same\u2026\u201d\n\n"
        "A gas pipeline and a data cable between Finland and Estonia were damaged in October 2023. "
        "Investigators suspect an anchor."
    )
    # An update that added nothing says only its note; each update is its own entry.
    first = entries[1].find(f"{ATOM}content")
    assert first is not None and first.text is not None and first.text.startswith("First version.\n\nA gas pipeline")
    items = json.loads(relative["feeds/baltic-cable-damage.json"])["items"]
    assert items[0]["content_text"] == content.text


def test_links_are_absolute_under_site_url(absolute: dict[str, str]) -> None:
    _, entries = atom_entries(absolute["feeds/atom.xml"])
    link = entries[1].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://example.org/news/briefings/baltic-cable-damage.html"
    feed = json.loads(absolute["feeds/grain-corridor.json"])
    assert feed["feed_url"] == "https://example.org/news/feeds/grain-corridor.json"
    assert feed["items"][0]["url"] == "https://example.org/news/briefings/grain-corridor.html"
    assert "_briefing" not in feed
    assert "relative" not in absolute["feeds/atom.xml"]


def test_a_site_url_without_trailing_slash_keeps_its_last_segment(site: Site) -> None:
    files = build_feeds(site, "https://example.org/news")
    assert files == build_feeds(site, SITE_URL)


def test_relative_links_resolve_from_the_feed_address_and_say_so(relative: dict[str, str]) -> None:
    feed_address = "https://host.example/site/feeds/atom.xml"
    _, entries = atom_entries(relative["feeds/atom.xml"])
    link = entries[1].find(f"{ATOM}link")
    assert link is not None
    assert urljoin(feed_address, link.get("href")) == "https://host.example/site/briefings/baltic-cable-damage.html"
    assert "<!-- Links in this feed are relative" in relative["feeds/atom.xml"]
    assert json.loads(relative["feeds/feed.json"])["_briefing"]["relative_links"] is True


def test_entry_ids_are_unique_tag_uris_that_follow_the_data(relative: dict[str, str],
                                                            absolute: dict[str, str]) -> None:
    ids = [e.findtext(f"{ATOM}id") for e in atom_entries(relative["feeds/atom.xml"])[1]]
    assert ids == [
        "tag:briefings,2024-01-01:grain-corridor/updated",
        "tag:briefings,2023-11-02:baltic-cable-damage/1",
        "tag:briefings,2023-10-11:baltic-cable-damage/1",
    ]
    json_ids = [i["id"] for i in json.loads(relative["feeds/feed.json"])["items"]]
    assert json_ids == ids
    # Under a site_url the host and path name the site, so two sites on one host keep apart.
    first = atom_entries(absolute["feeds/atom.xml"])[1][0].findtext(f"{ATOM}id")
    assert first == "tag:example.org,2024-01-01:news/grain-corridor/updated"


def test_two_builds_give_identical_bytes(site: Site, relative: dict[str, str], absolute: dict[str, str]) -> None:
    fresh = resolved_site(FIXTURES / "valid")[0]
    assert build_feeds(fresh, None) == relative
    assert build_feeds(fresh, SITE_URL) == absolute


def test_a_briefing_called_feed_is_refused_rather_than_overwriting_the_site_feed(site: Site) -> None:
    renamed = [dataclasses.replace(b, slug="feed") if b.slug == "grain-corridor" else b for b in site.briefings]
    with pytest.raises(BuildError, match=r"briefings/feed/ would overwrite feeds/feed\.json"):
        build_feeds(Site(renamed, site.actors, site.sources), None)


def test_every_address_in_a_feed_is_absolute_under_site_url(absolute: dict[str, str]) -> None:
    # JSON Feed 1.1: home_page_url, feed_url and each item's url are URLs; Atom's links likewise.
    for path, text in absolute.items():
        if path.endswith(".json"):
            feed = json.loads(text)
            addresses = [feed["home_page_url"], feed["feed_url"], *(item["url"] for item in feed["items"])]
        else:
            addresses = [link.get("href") or "" for link in ET.fromstring(text.encode()).iter(f"{ATOM}link")]
        assert addresses and all(a.startswith(SITE_URL) for a in addresses), (path, addresses)


def test_the_theme_announces_the_site_feeds_at_their_addresses() -> None:
    # generator/theme/main.html is MkDocs' template, outside the generator's: it spells the
    # site feeds' paths itself, and must spell them as generator/urls.py does.
    theme = (Path(__file__).resolve().parent.parent / "generator" / "theme" / "main.html").read_text(encoding="utf-8")
    for path, kind in ((urls.SITE_ATOM, "application/atom+xml"), (urls.SITE_JSON_FEED, "application/feed+json")):
        assert f"'{path}'|url" in theme and kind in theme, path
