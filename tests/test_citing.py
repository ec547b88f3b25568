"""The citing items are the one list of fields that cite sources or name actors.

A briefing is filled from the contract's models by introspection, every field holding a value
derived from its own name, so a field added to a model is filled too. Every field that can cite
(a `sources` list of ids, or a Markdown text) and every field that names an actor must then be
seen through citing_items: a new citing field that is not registered in citing.py fails here.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any

import pytest

from generator.model import contract
from generator.model.briefing import Briefing, Site
from generator.model.citing import CitingItem
from generator.model.contract import Actor, BriefingFile, Record
from generator.resolve.backlinks import build_references

SCALARS: dict[Any, Any] = {
    contract.Text: "Some plain text",
    contract.Date: "2024-10-28",
    contract.Url: "https://example.org/page",
    contract.Language: "en",
    contract.FigureValue: 1200,
    contract.StrictBool: False,
    contract.Likelihood: "likely",
}
UNKNOWN = object()


def marker(model: type[Record], name: str) -> str:
    """The id that stands for one field of one model: 'keypoint-sources'."""
    return f"{model.__name__.lower()}-{name.replace('_', '-')}"


def _optional(hint: Any) -> Any:
    """X for X | None, else hint."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _fields(model: type[Record]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def value(hint: Any, mark: str) -> Any:
    """A valid value of a field's type, carrying mark where the field holds ids or Markdown."""
    hint = _optional(hint)
    if hint == contract.Id:
        return mark
    if hint == contract.Markdown:
        return f"Text that cites [@{mark}]."
    if typing.get_origin(hint) is list:
        return [value(typing.get_args(hint)[0], mark)]
    if typing.get_origin(hint) is typing.Literal:
        return typing.get_args(hint)[0]
    if isinstance(hint, type) and issubclass(hint, Record):
        return fill(hint)
    for scalar, example in SCALARS.items():
        if hint == scalar:
            return example
    return UNKNOWN


def fill(model: type[Record]) -> dict[str, Any]:
    """Data for every field of model, each id or text marked with the field's own name."""
    data = {}
    for name, hint in _fields(model).items():
        if name == "original_unavailable":
            continue  # said instead of an original, which is filled: the two cannot stand together
        data[name] = value(hint, marker(model, name))
        if data[name] is UNKNOWN:
            # An optional field of another type (a grade, a code) can stay out: it holds no ids.
            assert not model.model_fields[name].is_required(), f"teach {__file__} a value for {hint!r}"
            del data[name]
    return data


def models() -> list[type[Record]]:
    """Every contributor model of the contract."""
    return [m for m in vars(contract).values() if isinstance(m, type) and issubclass(m, Record) and m is not Record]


def citing_fields() -> set[str]:
    """The marker of every field that can cite a source: a `sources` list of ids, or Markdown."""
    found = set()
    for model in models():
        for name, hint in _fields(model).items():
            if (name == "sources" and hint == list[contract.Id]) or _optional(hint) == contract.Markdown:
                found.add(marker(model, name))
    return found


def actor_fields() -> set[str]:
    """The marker of every field that holds the id of an actor (its description says 'Id(s) of the actor…')."""
    found = set()
    for model in models():
        for name, info in model.model_fields.items():
            hint = _optional(_fields(model)[name])
            names_an_actor = re.match(r"Ids? of the actors?\b", info.description or "")
            if name != "id" and hint in (contract.Id, list[contract.Id]) and names_an_actor:
                found.add(marker(model, name))
    return found


@pytest.fixture
def briefing() -> Briefing:
    """A briefing with every field of every model given once."""
    meta = BriefingFile.model_validate(fill(BriefingFile))
    lists = {f.name: tuple(getattr(meta, f.name)) for f in dataclasses.fields(Briefing)
             if f.name in BriefingFile.model_fields}
    return Briefing(slug="everything", meta=meta, **lists)


def test_the_filled_briefing_reaches_the_fields_this_test_knows() -> None:
    # Guards the introspection itself: if it found nothing, the tests below would prove nothing.
    assert {"keypoint-sources", "keypoint-text", "event-summary", "quote-text", "original-text",
            "figure-sources", "change-note", "briefingfile-summary", "assessment-text",
            "assessment-sources"} <= citing_fields()
    assert {"event-actors", "quote-speaker", "figure-claimed-by"} <= actor_fields()


def test_every_field_that_cites_is_a_citing_item(briefing: Briefing) -> None:
    missing = citing_fields() - set(briefing.cited_source_ids())
    assert not missing, f"fields that cite but are not in generator/model/citing.py: {sorted(missing)}"


def test_every_field_that_names_an_actor_is_a_citing_item(briefing: Briefing) -> None:
    missing = actor_fields() - briefing.actor_ids()
    assert not missing, f"fields that name actors but are not in generator/model/citing.py: {sorted(missing)}"


def test_backlinks_see_every_citation(briefing: Briefing) -> None:
    speaker = Actor(id="quote-speaker", name="A Speaker")
    site = Site(briefings=(briefing,), actors={speaker.id: speaker}, sources={}, show_drafts=True)
    refs = build_references(site)
    assert citing_fields() <= set(refs.sources)
    assert refs.sources["quote-text"][0].label == "Quote by A Speaker"
    # A quote's original is part of the quote: its citation links to the quote.
    assert [(c.kind, c.anchor) for c in refs.sources["original-text"]] == [("quote", "quote-id")]


def test_items_come_in_page_order(briefing: Briefing) -> None:
    assert [item.kind for item in briefing.citing_items()] == [
        "summary", "key point", "event", "figure", "quote", "quote original", "assessment", "what changed"]


def _written_at(briefing: Briefing, item: CitingItem) -> Any:
    """The model object the item's location leads to: in briefing.yaml, or from the item with its id."""
    if item.item_id is None:
        here: Any = briefing.meta
    else:
        listed = [r for f in dataclasses.fields(Briefing) if f.name in BriefingFile.model_fields
                  for r in getattr(briefing, f.name)]
        here = next(r for r in listed if r.id == item.item_id)
    for step in item.path:
        here = here[step] if isinstance(step, int) else getattr(here, step)
    return here


def test_each_item_says_where_it_is_written_and_what_it_cites(briefing: Briefing) -> None:
    for item in briefing.citing_items():
        record = _written_at(briefing, item)
        assert record is item.record, item.kind
        if item.sources:
            assert tuple(record.sources) == item.sources, item.kind
        for name, text in item.markdown.items():
            assert getattr(record, name) == text, (item.kind, name)


def place_fields() -> set[str]:
    """The marker of every field that holds the id of a place (its description says 'Ids of the places…')."""
    return {marker(model, name) for model in models() for name, info in model.model_fields.items()
            if re.match(r"Ids? of the places?\b", info.description or "")}


def test_every_field_that_names_a_place_is_a_mention(briefing: Briefing) -> None:
    assert "event-places" in place_fields()
    named = {m.ref for item in briefing.citing_items() for m in item.mentions if m.kind == "places"}
    missing = place_fields() - named
    assert not missing, f"fields that name places but are not in generator/model/citing.py: {sorted(missing)}"


def test_an_item_read_as_written_names_what_its_record_names(briefing: Briefing) -> None:
    """raw_references (the checks of an item that failed validation) reads the fields citing_items reads."""
    from generator.model.citing import REFERENCE_FIELDS, raw_references
    from generator.model.contract import LIST_MODELS

    for kind in REFERENCE_FIELDS:
        data = fill(LIST_MODELS[kind])
        record = getattr(briefing, kind)[0]
        items = [i for i in briefing.citing_items() if i.record is record]
        assert items, kind
        named = {(m.path, m.ref, m.kind) for item in items for m in item.mentions}
        named |= {(("sources", i), ref, "sources") for item in items for i, ref in enumerate(item.sources)}
        assert set(raw_references(kind, data)) == named, kind


def test_an_invalid_field_names_nothing() -> None:
    from generator.model.citing import raw_references

    item = {"id": "q-one", "speaker": "Kim Jong Un", "event": "ev-one", "sources": "src-a, src-b",
            "date": "2024-13"}
    assert list(raw_references("quotes", item)) == [(("event",), "ev-one", "events")]


def test_a_field_is_read_as_its_model_reads_it() -> None:
    from generator.model.citing import raw_references

    # Stripped of spaces, a number taken as text: as the model would take them, so they are checked.
    assert list(raw_references("quotes", {"speaker": " kim-jong-un ", "event": 2024})) == [
        (("speaker",), "kim-jong-un", "actors"), (("event",), "2024", "events")]


def test_a_quote_is_labelled_by_its_first_words_as_plain_text() -> None:
    """One speaker's quotes citing one source are told apart on the sources page, without their Markdown."""
    from generator.render.environment import quote_label

    assert quote_label("Quote by X", "See [the report](https://x.org/a) and _this_ [@src].") == \
        "Quote by X: \u201cSee the report and this.\u201d"
    assert quote_label("Quote by X", "We are all military veterans who understand North Korean military culture") \
        == "Quote by X: \u201cWe are all military veterans who…\u201d"
    assert quote_label("Quote by X", "") == "Quote by X"
