"""Tags as pages show them: ids in the data, an actor's or place's name on the page (model/briefing.tag_labels)."""

from __future__ import annotations

from pathlib import Path

from generator import pipeline, urls
from generator.model.briefing import tag_labels

from conftest import FIXTURES, make_project

NAMES = {"nato": "NATO", "north-korea": "North Korea", "ukraine": "Ukraine", "ukraine-country": "Ukraine",
         "usa": "United States", "kursk-region": "Kursk region"}


def test_a_tag_that_is_an_actor_or_place_reads_as_its_name_and_any_other_as_written() -> None:
    labels = tag_labels(["nato", "north-korea", "kursk-region", "eu-sanctions", "covid-19", "north-korea-sanctions"],
                        NAMES)
    assert labels == {"nato": "NATO", "north-korea": "North Korea", "kursk-region": "Kursk region",
                      # No word is guessed at: 'Eu sanctions', 'Covid 19' would be wrong.
                      "eu-sanctions": "eu-sanctions", "covid-19": "covid-19",
                      "north-korea-sanctions": "north-korea-sanctions"}


def test_tags_that_would_read_alike_are_shown_as_written() -> None:
    # Two ids named 'Ukraine', and a name that is another tag but for its case: each would merge two
    # tags on the tags page and in the search's filter.
    assert tag_labels(["ukraine", "ukraine-country", "nato"], NAMES) == {
        "ukraine": "ukraine", "ukraine-country": "ukraine-country", "nato": "NATO"}
    assert tag_labels(["usa", "united-states"], NAMES) == {"usa": "usa", "united-states": "united-states"}
    # A tag shown as written may in turn be read alike with another's name: that one is written too.
    assert tag_labels(["ukraine", "ukraine-country", "x"], {**NAMES, "x": "Ukraine-Country"}) == {
        "ukraine": "ukraine", "ukraine-country": "ukraine-country", "x": "x"}


def test_briefings_tags_yaml_names_tags_for_every_page(tmp_path: Path) -> None:
    # A name there comes before an actor's ('finland' is an actor's id), and its ids are no items: a tag
    # may be an actor's id without being reported as an id used twice.
    root = make_project(tmp_path / "site", FIXTURES / "valid" / "briefings")
    meta = root / "briefings" / "baltic-cable-damage" / "briefing.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("tags: [baltic-sea, infrastructure]", "tags: [baltic-sea, infrastructure, finland]"),
                    encoding="utf-8")
    assert pipeline.resolved_site(root)[0].tag_labels(["finland", "baltic-sea"]) == {
        "finland": "Finland", "baltic-sea": "baltic-sea"}
    (root / "briefings" / "tags.yaml").write_text(
        "- id: baltic-sea\n  name: Baltic Sea – the region\n- id: finland\n  name: The Finnish state\n"
        "- id: never-used\n  name: Never used\n", encoding="utf-8")
    site, _ = pipeline.resolved_site(root)
    assert site.tag_labels(["baltic-sea", "finland", "infrastructure"]) == {
        "baltic-sea": "Baltic Sea – the region", "finland": "The Finnish state", "infrastructure": "infrastructure"}
    pipeline.generate(root)
    page = (root / "docs" / urls.briefing_md("baltic-cable-damage")).read_text(encoding="utf-8")
    assert "- Baltic Sea – the region\n" in page  # the chips, and the tags page made from them
    assert '"keywords": ["Baltic Sea – the region", "infrastructure", "The Finnish state"]' in page
