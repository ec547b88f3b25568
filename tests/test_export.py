"""Open-data exports of the valid fixture: JSON and CSV give back the items, the schema checks the JSON."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator import urls
from generator.exceptions import BuildError
from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor, Assessment, BriefingFile, Event, Figure, Quote, Source
from generator.outputs.fields import sources_help
from generator.outputs.open_data import build_exports
from generator.pipeline import resolved_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COMPUTED = re.compile(r"(?P<field>.+)_(?:start|end|precision)")
ITEM_MODELS: dict[str, Any] = {"events": Event, "quotes": Quote, "figures": Figure, "sources": Source,
                               "actors": Actor, "assessments": Assessment}


@pytest.fixture(scope="module")
def site() -> Site:
    return resolved_site(FIXTURES / "valid")[0]


@pytest.fixture(scope="module")
def files(site: Site) -> dict[str, str]:
    return build_exports(site)


def by_slug(site: Site) -> list[Briefing]:
    return sorted(site.published, key=lambda b: b.slug)


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def written(data: Any) -> Any:
    """Exported JSON without the values computed beside each date: what a contributor wrote."""
    if isinstance(data, list):
        return [written(v) for v in data]
    if not isinstance(data, dict):
        return data
    computed = {k for k in data if (m := COMPUTED.fullmatch(k)) and m["field"] in data}
    return {k: written(v) for k, v in data.items() if k not in computed}


def test_the_files_are_the_dataset_one_file_per_published_briefing_the_tables_the_schema_and_package(
        files: dict[str, str]) -> None:
    assert sorted(files) == [
        "data/assessments.csv", "data/baltic-cable-damage.json", "data/briefings.json", "data/datapackage.json",
        "data/events.csv",
        "data/figures.csv", "data/grain-corridor.json", "data/places.geojson", "data/quotes.csv", "data/schema.json",
        "data/sources.csv",
    ]


def test_the_draft_is_in_no_export(files: dict[str, str]) -> None:
    for path, text in files.items():
        assert "unfinished" not in text.lower(), path


def test_events_csv_gives_back_the_events(site: Site, files: dict[str, str]) -> None:
    rows = table(files["data/events.csv"])
    expected = [(b.slug, e.id, str(e.date), e.title) for b in by_slug(site) for e in b.events]
    assert [(r["briefing"], r["id"], r["date"], r["title"]) for r in rows] == expected
    pressure = next(r for r in rows if r["id"] == "balticconnector-pressure-drop")
    assert pressure["actors"] == "finland;estonia"
    assert pressure["summary"] == "Operators saw an unusual drop in pressure overnight [@yle-2023-10-10]."
    assert next(r for r in rows if r["id"] == "investigation-weeks")["date"] == "2023-10-10/2023-10-24"


def test_assessments_are_in_the_json_and_their_table(files: dict[str, str]) -> None:
    [assessment] = json.loads(files["data/baltic-cable-damage.json"])["briefing"]["assessments"]
    # The paired term 'probable' is written as its band's term.
    assert (assessment["id"], assessment["likelihood"], assessment["confidence"]) == (
        "as-anchor-cause", "likely", "moderate")
    assert assessment["evidence"] == ["anchor-found", "q-police-anchor", "f-repair-months"]
    [row] = table(files["data/assessments.csv"])
    assert (row["briefing"], row["id"], row["likelihood"], row["date"]) == (
        "baltic-cable-damage", "as-anchor-cause", "likely", "2023-11-02")
    assert "Assessment" in json.loads(files["data/schema.json"])["$defs"]


def test_csv_tables_use_plain_newlines(files: dict[str, str]) -> None:
    for path, text in files.items():
        if path.endswith(".csv"):
            assert "\r" not in text and text.endswith("\n"), path


def test_figures_csv_puts_a_range_in_low_and_high(files: dict[str, str]) -> None:
    rows = {r["id"]: r for r in table(files["data/figures.csv"])}
    ranged, single = rows["f-repair-months"], rows["f-repair-months-estonia"]
    assert (ranged["value"], ranged["value_low"], ranged["value_high"]) == ("", "4", "5")
    assert (single["value"], single["value_low"], single["value_high"]) == ("5", "", "")
    assert (single["approximate"], ranged["as_of"], ranged["claimed_by"]) == ("true", "2023-10-24", "finland")


def test_quotes_csv_keeps_the_original_words(site: Site, files: dict[str, str]) -> None:
    rows = table(files["data/quotes.csv"])
    assert [(r["briefing"], r["id"]) for r in rows] == [(b.slug, q.id) for b in by_slug(site) for q in b.quotes]
    kim = next(r for r in rows if r["id"] == "q-kim-ports")
    assert (kim["original_lang"], kim["original_text"]) == ("ko", "한국 항만들은 곡물 가격을 면밀히 지켜보고 있습니다.")
    assert kim["date"] == "2023" and kim["context"] == ""


def test_sources_csv_lists_each_briefings_sources_with_the_shared_ones_it_cites(files: dict[str, str]) -> None:
    rows = table(files["data/sources.csv"])
    assert [(r["briefing"], r["id"]) for r in rows] == [
        ("baltic-cable-damage", "fi-police-2023-10-24"),  # its own, then the shared ones it cites
        ("baltic-cable-damage", "yle-2023-10-10"),
        ("grain-corridor", "ua-ministry-2023"),
        ("grain-corridor", "yle-2023-10-10"),  # cited by a quote
    ]
    assert rows[0]["reliability"] == "A2" and rows[0]["url"] == ""


def as_cited(briefing: Briefing, item: Any) -> Any:
    """An item as exported: its sources those it cites, listed then inline, once each."""
    if "sources" not in type(item).model_fields:
        return item
    return item.model_copy(update={"sources": briefing.sources_of(item)})


def test_an_item_cites_its_sources_in_its_list_or_its_text_and_exports_all_of_them(
        site: Site, files: dict[str, str]) -> None:
    # The fixture's pressure drop cites its one source in its summary only: exported as unsourced, a
    # data user would take it for a claim without one.
    inline_only = "balticconnector-pressure-drop"
    briefing = next(b for b in site.published if any(e.id == inline_only for e in b.events))
    event = next(e for e in briefing.events if e.id == inline_only)
    assert event.sources == [] and "[@yle-2023-10-10]" in event.summary
    data = json.loads(files[urls.briefing_data(briefing.slug)])
    assert next(e for e in data["briefing"]["events"] if e["id"] == inline_only)["sources"] == ["yle-2023-10-10"]
    assert next(r for r in table(files["data/events.csv"]) if r["id"] == inline_only)["sources"] == "yle-2023-10-10"
    schema = json.loads(files["data/schema.json"])
    assert "cites inline" in schema["$defs"]["Event"]["properties"]["sources"]["description"]
    package = json.loads(files["data/datapackage.json"])
    events = next(r for r in package["resources"] if r["name"] == "events")
    assert "cites inline" in next(f for f in events["schema"]["fields"] if f["name"] == "sources")["description"]


def test_briefings_json_validates_back_to_equal_items(site: Site, files: dict[str, str]) -> None:
    data = json.loads(files["data/briefings.json"])
    records = {r["slug"]: r for r in data["briefings"]}
    assert list(records) == [b.slug for b in site.published]  # newest first, as on the home page
    for briefing in site.published:
        record = records[briefing.slug]
        for name, model in ITEM_MODELS.items():
            assert [model.model_validate(written(item)) for item in record[name]] == [
                as_cited(briefing, item) for item in getattr(briefing, name)]
        meta = BriefingFile.model_validate(written({k: v for k, v in record.items() if k != "slug"}))
        empty: dict[str, list[Any]] = {name: [] for name in ITEM_MODELS}
        assert meta.model_copy(update=empty) == briefing.meta.model_copy(update={
            **empty, "key_points": [as_cited(briefing, p) for p in briefing.meta.key_points]})
        assert meta.updated == briefing.meta.updated and record["updated"] == briefing.meta.updated.text


def test_briefings_json_carries_the_actors_and_sources_the_briefings_use(site: Site,
                                                                         files: dict[str, str]) -> None:
    data = json.loads(files["data/briefings.json"])
    actors = [Actor.model_validate(written(a)) for a in data["actors"]]
    sources = [Source.model_validate(written(s)) for s in data["sources"]]
    assert actors == [site.actors[i] for i in sorted(["estonia", "finland", "kim-min-ji", "ukraine"])]
    assert sources == [site.sources[i] for i in sorted(["fi-police-2023-10-24", "ua-ministry-2023",
                                                        "yle-2023-10-10"])]


def test_one_briefings_file_holds_it_and_only_what_it_uses(site: Site, files: dict[str, str]) -> None:
    data = json.loads(files["data/grain-corridor.json"])
    whole = {r["slug"]: r for r in json.loads(files["data/briefings.json"])["briefings"]}
    assert data["briefing"] == whole["grain-corridor"]
    assert [a["id"] for a in data["actors"]] == ["kim-min-ji", "ukraine"]
    assert [s["id"] for s in data["sources"]] == ["ua-ministry-2023", "yle-2023-10-10"]


@pytest.fixture(scope="module")
def validator(files: dict[str, str]) -> jsonschema.Draft202012Validator:
    schema = json.loads(files["data/schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_each_json_file_names_the_schema_and_follows_it(validator: jsonschema.Draft202012Validator,
                                                        files: dict[str, str]) -> None:
    data_files = [path for path in files if path.endswith(".json") and path not in
                  ("data/schema.json", "data/datapackage.json")]
    assert len(data_files) == 3
    for path in data_files:
        data = json.loads(files[path])
        assert data["$schema"] == "schema.json", path  # beside it, in the same folder
        validator.validate(data)


def test_schema_rejects_an_unknown_key_a_missing_date_part_and_an_unknown_precision(
        validator: jsonschema.Draft202012Validator, files: dict[str, str]) -> None:
    data = json.loads(files["data/baltic-cable-damage.json"])
    broken = copy.deepcopy(data)
    broken["briefing"]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError, match="'colour' was unexpected"):
        validator.validate(broken)
    broken = copy.deepcopy(data)
    del broken["briefing"]["events"][0]["date_start"]
    with pytest.raises(jsonschema.ValidationError, match="'date_start' is a required property"):
        validator.validate(broken)
    broken = copy.deepcopy(data)
    broken["briefing"]["changes"][0]["date_precision"] = "fortnight"
    with pytest.raises(jsonschema.ValidationError, match="'fortnight' is not one of"):
        validator.validate(broken)
    broken = copy.deepcopy(data)
    broken["briefing"]["updated_end"] = "2023-02-30"
    with pytest.raises(jsonschema.ValidationError, match="is not a 'date'"):
        validator.validate(broken)


def test_schema_describes_every_field_of_the_models(validator: jsonschema.Draft202012Validator) -> None:
    defs = validator.schema["$defs"]
    for model in (*ITEM_MODELS.values(), BriefingFile):
        name = "Briefing" if model is BriefingFile else model.__name__
        for field, info in model.model_fields.items():
            described = defs[name]["properties"][field]["description"]
            # An item's sources are exported with those its text cites (open_data._as_cited), and say so.
            expected = sources_help(info.description or "") if field == "sources" and model is not BriefingFile \
                else info.description
            assert described == expected, (name, field)


def test_two_builds_give_identical_bytes(files: dict[str, str]) -> None:
    again = build_exports(resolved_site(FIXTURES / "valid")[0])
    assert again == files


def test_a_briefing_called_schema_is_refused_rather_than_overwriting_the_schema(site: Site) -> None:
    renamed = [dataclasses.replace(b, slug="schema") if b.slug == "grain-corridor" else b for b in site.briefings]
    with pytest.raises(BuildError, match=r"briefings/schema/ would overwrite data/schema\.json"):
        build_exports(Site(renamed, site.actors, site.sources))


@pytest.mark.parametrize("published", ["all", "none"])
def test_each_json_file_is_the_compact_json_of_its_content(site: Site, published: str) -> None:
    """The whole site's file, joined briefing by briefing as it is made, is the JSON one dump would write."""
    chosen = site if published == "all" else Site([], site.actors, site.sources)
    for path, text in build_exports(chosen).items():
        if path.endswith(".json"):
            assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n", path
    whole = json.loads(build_exports(chosen)["data/briefings.json"])
    assert [b["slug"] for b in whole["briefings"]] == [b.slug for b in chosen.published]
