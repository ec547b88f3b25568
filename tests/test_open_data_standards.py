"""Open data as the standards' own tools read it: jsonschema on every JSON file, frictionless on the CSVs.

Two real builds (a fixture full of text that spreadsheets would run, and the bundled site) and
three in-process exports (the valid, hostile and open-data fixtures): every JSON file names its
schema and validates against it, and the Data Package is valid. Then the CSV cells against the
OWASP rule for formula injection, and the days computed beside each EDTF date.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import frictionless
import jsonschema
import pytest

from generator import urls
from generator.config import Licence, SiteConfig
from generator.exceptions import BuildError
from generator.model.contract import ITEM_MODELS, Event, Figure
from generator.outputs.open_data import DATA_PACKAGE_PROFILE, JSON_SCHEMA_DIALECT, build_exports
from generator.outputs.tables import FORMULA_TRIGGERS, columns, neutralise
from generator.pipeline import resolved_site

from conftest import FIXTURES, ROOT, make_project, run_cli

FORMULAS = FIXTURES / "open-data"


def write(files: dict[str, str], folder: Path) -> Path:
    """The exports written out as a site would hold them; the data folder."""
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder / urls.DATA


@pytest.fixture(scope="module", params=["open-data fixture", "bundled site"])
def built_data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of a real `briefing build`."""
    briefings = FORMULAS / "briefings" if request.param == "open-data fixture" else None
    project = make_project(tmp_path_factory.mktemp("open-data"), briefings)
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / urls.DATA_PAGE).is_file()  # MkDocs built the pages beside the data
    return project / "site" / urls.DATA


@pytest.fixture(scope="module", params=["valid", "hostile", "open-data"])
def exported_data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of a fixture's exports, made in-process with the project's own settings."""
    from generator.config import read_config

    site = resolved_site(FIXTURES / request.param)[0]
    return write(build_exports(site, read_config(ROOT)), tmp_path_factory.mktemp(request.param))


def check_json_files(folder: Path) -> list[str]:
    """Validate every JSON file of folder against the schema it names; the files that did."""
    valid = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        named = data.get("$schema")
        assert isinstance(named, str), f"{path.name} names no $schema"
        if named == JSON_SCHEMA_DIALECT:  # the schema itself, against the dialect's meta-schema
            jsonschema.Draft202012Validator.check_schema(data)
        elif named == DATA_PACKAGE_PROFILE:  # the descriptor, by the Data Package standard's own tool
            report = frictionless.validate(str(path))
            assert report.valid, report.flatten(["type", "note"])
        else:
            address = urljoin(path.as_uri(), named)
            assert urlsplit(address).scheme == "file", f"{path.name}: {named} is not a shipped file"
            schema = json.loads(Path(urlsplit(address).path).read_text(encoding="utf-8"))
            validator = jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
            assert not errors, f"{path.name}: {errors[:5]}"
        valid.append(path.name)
    return valid


def check_package(folder: Path) -> None:
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    # The tables, and the GeoJSON, which frictionless finds where the package says (a missing file is an error).
    assert sorted(task.name for task in report.tasks) == ["assessments", "events", "figures", "places", "quotes",
                                                          "sources"]


def test_every_json_file_of_a_built_site_validates_against_the_schema_it_names(built_data: Path) -> None:
    checked = check_json_files(built_data)
    assert {"briefings.json", "schema.json", "datapackage.json"} <= set(checked)
    assert len(checked) == len(list(built_data.glob("*.json"))) >= 4


def test_frictionless_reports_the_built_data_package_valid(built_data: Path) -> None:
    check_package(built_data)


def test_the_built_geojson_is_listed_and_licensed_as_the_other_files_and_links_to_its_events(built_data: Path) -> None:
    places = json.loads((built_data / "places.geojson").read_text(encoding="utf-8"))
    schema = json.loads((FIXTURES / "geojson" / "rfc7946.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(places)
    package = json.loads((built_data / "datapackage.json").read_text(encoding="utf-8"))
    whole = json.loads((built_data / "briefings.json").read_text(encoding="utf-8"))
    assert places["license"] == package["licenses"][0] == whole["license"]  # the site's, from mkdocs.yml
    listed = [r for r in package["resources"] if r["path"] == "places.geojson"]
    assert [{k: v for k, v in r.items() if k != "description"} for r in listed] == [
        {"name": "places", "path": "places.geojson", "format": "geojson", "mediatype": "application/geo+json",
         "encoding": "utf-8", "licenses": package["licenses"]}]
    # Without site_url (the bundled mkdocs.yml has none) each address is relative, as $schema is in the JSON
    # files and the links in the feeds: from the GeoJSON to its event's page, which holds the event's anchor.
    assert places["features"]
    for feature in places["features"]:
        url = feature["properties"]["url"]
        assert urlsplit(url).scheme == "" and url.startswith("../"), url
        page = Path(urlsplit(urljoin((built_data / "places.geojson").as_uri(), url)).path)
        assert f'id="{feature["id"]}"' in page.read_text(encoding="utf-8"), url


def test_every_exported_json_file_validates_and_the_package_is_valid(exported_data: Path) -> None:
    assert len(check_json_files(exported_data)) >= 4
    check_package(exported_data)


def rewrite(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_frictionless_catches_a_number_turned_into_text_and_a_quote_at_an_unknown_event(tmp_path: Path) -> None:
    """The validator really reads the tables: what the rules guard against makes the package invalid."""
    site = resolved_site(FORMULAS)[0]
    data = write(build_exports(site), tmp_path / "numbers")
    rewrite(data, "figures.csv", ",-5,", ",\"'-5\",")
    report = frictionless.validate(str(data / "datapackage.json"))
    assert not report.valid and {row[0] for row in report.flatten(["type"])} == {"type-error"}
    data = write(build_exports(site), tmp_path / "keys")
    rewrite(data, "quotes.csv", '"cut-by-the-hour","src-formula"', '"no-such-event","src-formula"')
    report = frictionless.validate(str(data / "datapackage.json"))
    assert [row[0] for row in report.flatten(["type"])] == ["foreign-key"]


def test_the_package_carries_the_sites_licence_and_names_and_leaves_out_what_it_cannot_state() -> None:
    site = resolved_site(FORMULAS)[0]
    config = SiteConfig(name="Baltic Briefings", site_url="https://example.org/b/",
                        licence=Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"))
    files = build_exports(site, config)
    package = json.loads(files[urls.DATA_PACKAGE])
    assert (package["name"], package["title"], package["homepage"]) == (
        "baltic-briefings", "Baltic Briefings", "https://example.org/b/data/index.html")
    assert package["licenses"] == [{"path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}]
    assert json.loads(files[urls.SITE_DATA])["$schema"] == "https://example.org/b/data/schema.json"
    # The GeoJSON names the same terms, in itself and where the package lists it; with site_url, full addresses.
    places = json.loads(files[urls.SITE_GEOJSON])
    assert places["license"] == package["licenses"][0]
    assert next(r for r in package["resources"] if r["name"] == "places")["licenses"] == package["licenses"]
    assert {f["properties"]["url"] for f in places["features"]} == {
        "https://example.org/b/briefings/spreadsheet-formulas.html#open-ended-inquiry",
        "https://example.org/b/briefings/spreadsheet-formulas.html#unknown-start"}
    named = json.loads(build_exports(site, dataclasses.replace(config, licence=Licence("CC-BY-4.0")))
                       [urls.DATA_PACKAGE])
    assert named["licenses"] == [{"name": "CC-BY-4.0"}]
    # A bare name that is no licence id cannot be a Data Package licence: none is stated rather than a wrong one.
    unnamed = build_exports(site, dataclasses.replace(config, licence=Licence("All rights reserved")))
    assert "licenses" not in json.loads(unnamed[urls.DATA_PACKAGE])
    assert "license" not in json.loads(unnamed[urls.SITE_GEOJSON])
    assert all("licenses" not in r for r in json.loads(unnamed[urls.DATA_PACKAGE])["resources"])


def test_a_briefing_called_datapackage_is_refused() -> None:
    site = resolved_site(FORMULAS)[0]
    renamed = [dataclasses.replace(b, slug="datapackage") for b in site.briefings]
    with pytest.raises(BuildError, match=r"would overwrite data/datapackage\.json"):
        build_exports(type(site)(renamed, site.actors, site.sources))


# CSV injection (OWASP) ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables() -> dict[str, str]:
    files = build_exports(resolved_site(FORMULAS)[0])
    return {path.removeprefix("data/").removesuffix(".csv"): text for path, text in files.items()
            if path.endswith(".csv")}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_no_text_cell_starts_like_a_formula_and_the_formulas_keep_their_words(tables: dict[str, str]) -> None:
    numeric = {c.name for model in ITEM_MODELS.values() for c in columns(model) if c.schema["type"] == "number"}
    prefixed = 0
    for name, text in tables.items():
        for row in rows(text):
            for column, cell in row.items():
                if column in numeric:
                    continue
                assert not cell.startswith(FORMULA_TRIGGERS), (name, column, cell)
                prefixed += cell.startswith("'")
    assert prefixed >= 10
    events = {r["id"]: r for r in rows(tables["events"])}
    assert events["cut-by-the-hour"]["title"] == "'=SUM(A1:A9)"
    assert events["cut-by-the-hour"]["summary"] == "'@src-formula says it was cut at dawn [@src-formula]."
    assert events["cut-by-the-hour"]["location"] == "'-Gulf of Finland"
    source = rows(tables["sources"])[0]
    assert (source["title"], source["publisher"]) == ("'=IMPORTXML(\"https://example.org\", \"//a\")", "'@publisher")


def test_every_text_cell_is_quoted_and_numbers_stay_bare_negative_ones_too(tables: dict[str, str]) -> None:
    lines = tables["figures"].splitlines()
    assert lines[0].startswith('"briefing","id","measure"')
    single = next(line for line in lines if line.startswith('"spreadsheet-formulas","f-temperature",'))
    ranged = next(line for line in lines if '"f-temperature-range"' in line)
    assert ',-5,"","",' in single and ',"",-7.5,-2,' in ranged
    assert '"\'=A1*2"' in single
    figures = {r["id"]: r for r in rows(tables["figures"])}
    assert float(figures["f-temperature"]["value"]) == -5
    assert (figures["f-temperature-range"]["value_low"], figures["f-temperature-range"]["value_high"]) == ("-7.5", "-2")


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_each_owasp_trigger_gets_a_quote_and_nothing_else_does(trigger: str) -> None:
    assert neutralise(trigger + "cmd") == "'" + trigger + "cmd"
    assert neutralise("cmd" + trigger) == "cmd" + trigger
    assert neutralise(-5) == -5 and neutralise(None) is None


def test_tab_and_carriage_return_cells_are_neutralised_and_quoted_in_the_file() -> None:
    from generator.outputs.tables import table

    event = Event.model_construct(id="e", date=None, title="\tTabbed", summary="\rReturned", actors=[],
                                  location=None, tags=[], sources=[])
    text = table(Event, [("b", event)])
    assert '"\'\tTabbed"' in text and '"\'\rReturned"' in text
    assert rows(text)[0]["summary"] == "'\rReturned"


def test_the_guide_and_the_data_page_state_the_rule() -> None:
    guide = (ROOT / "docs" / "guide" / "methodology.md").read_text(encoding="utf-8")
    rule = guide.split("<!-- csv-injection -->", 1)[1]
    for trigger in ("`=`", "`+`", "`-`", "`@`", "a tab", "a carriage return", "quoted"):
        assert trigger in rule, trigger
    from generator.render.pages import render_site

    page = render_site(resolved_site(FORMULAS)[0])[urls.DATA_MD]
    assert 'href="datapackage.json"' in page and 'href="schema.json"' in page
    assert "`=`, `+`, `-` or `@`" in page and "`date_start`" in page


# Dates beside every EDTF date ---------------------------------------------------------------------

def test_each_date_has_its_first_and_last_day_and_precision_in_csv_and_json(tables: dict[str, str]) -> None:
    expected = {
        "decade-of-tension": ("201X~", "2010-01-01", "2019-12-31", "decade"),
        "unknown-start": ("/2024-10", "", "2024-10-31", "month"),
        "cut-by-the-hour": ("2024-10-28T09:30:01", "2024-10-28", "2024-10-28", "second"),
        "open-ended-inquiry": ("2024-11-02/..", "2024-11-02", "", "day"),
        "winter-patrols": ("2024-24", "2024-12-01", "2025-02-28", "season"),
    }
    got = {r["id"]: (r["date"], r["date_start"], r["date_end"], r["date_precision"]) for r in rows(tables["events"])}
    assert got == expected
    record = json.loads(build_exports(resolved_site(FORMULAS)[0])["data/spreadsheet-formulas.json"])["briefing"]
    events = {e["id"]: (e["date"], e["date_start"], e["date_end"], e["date_precision"]) for e in record["events"]}
    assert events == {k: tuple(v or None for v in row) for k, row in expected.items()}
    assert (record["updated"], record["updated_start"], record["updated_end"]) == ("2025-21", "2025-03-01",
                                                                                 "2025-05-31")
    assert record["changes"][0]["date_precision"] == "second"
    assert record["quotes"][0]["date_start"] == "2024-10-01"


def test_every_date_field_of_every_table_has_its_three_columns() -> None:
    for model in ITEM_MODELS.values():
        names = [c.name for c in columns(model)]
        for field, info in model.model_fields.items():
            if "FuzzyDate" in str(info.annotation):
                at = names.index(field)
                assert names[at + 1:at + 4] == [f"{field}_start", f"{field}_end", f"{field}_precision"]
            elif model is not Figure or field != "value":
                assert any(n == field or n.startswith(field + "_") for n in names), (model.__name__, field)


def test_the_data_package_describes_every_column_of_the_tables(tables: dict[str, str]) -> None:
    package: dict[str, Any] = json.loads(build_exports(resolved_site(FORMULAS)[0])[urls.DATA_PACKAGE])
    for resource in (r for r in package["resources"] if r["format"] == "csv"):  # the GeoJSON is no table
        header = tables[resource["name"]].splitlines()[0]
        assert header == ",".join(f'"{f["name"]}"' for f in resource["schema"]["fields"])
        assert all(f.get("description") for f in resource["schema"]["fields"]), resource["name"]
