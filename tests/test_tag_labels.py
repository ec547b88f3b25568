"""Tags as pages show them: ids in the data, an actor's or place's name on the page (model/briefing.tag_labels)."""

from __future__ import annotations

from generator.model.briefing import tag_labels

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
