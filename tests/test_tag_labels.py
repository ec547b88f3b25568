"""Tags as pages show them: ids in the data, names and words on the page (model/briefing.tag_label)."""

from __future__ import annotations

import pytest

from generator.model.briefing import tag_label

NAMES = {"nato": "NATO", "russia": "Russia", "ukraine": "Ukraine", "north-korea": "North Korea",
         "de-gaulle": "de Gaulle", "kursk-region": "Kursk region"}


@pytest.mark.parametrize(("tag", "label"), [
    ("nato", "NATO"),                                   # an actor's id: its name
    ("north-korea", "North Korea"),                     # the longest run of parts that is an id
    ("russia-ukraine-war", "Russia Ukraine war"),       # names and words together
    ("north-korea-sanctions", "North Korea sanctions"),
    ("troop-numbers", "Troop numbers"),                 # no name in it: words, in sentence case
    ("kursk", "Kursk"),                                 # a part of an id is not that id
    ("de-gaulle-legacy", "de Gaulle legacy"),           # a name keeps its own case, first or not
    ("sanctions-on-russia", "Sanctions on Russia"),
])
def test_a_tag_reads_as_names_and_words(tag: str, label: str) -> None:
    assert tag_label(tag, NAMES) == label
