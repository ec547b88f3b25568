"""Open data: the published briefings as JSON and CSV, and the JSON Schema of briefing.yaml.

Everything here is a pure function of the validated site, with no clock and a fixed order, so
two builds of the same data give the same bytes and the write stage leaves the files alone.
Drafts are left out, and so are the actors and sources only drafts use.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from generator import urls
from generator.exceptions import BuildError
from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor, BriefingFile, Event, Figure, Quote, Source

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
LIST_SEPARATOR = ";"

Row = dict[str, str]

EVENT_COLUMNS = ["briefing", "id", "date", "title", "summary", "actors", "location", "tags", "sources"]
QUOTE_COLUMNS = ["briefing", "id", "speaker", "text", "original_lang", "original_text", "date", "context",
                 "event", "sources"]
FIGURE_COLUMNS = ["briefing", "id", "measure", "label", "value", "value_low", "value_high", "approximate",
                  "as_of", "claimed_by", "note", "sources"]
SOURCE_COLUMNS = ["briefing", "id", "title", "publisher", "url", "published", "accessed", "archive_url",
                  "language", "kind", "reliability"]


def used_source_ids(briefing: Briefing) -> set[str]:
    """Ids of the sources a briefing defines or cites, in sources lists or inline as [@id]."""
    return {s.id for s in briefing.sources} | set(briefing.cited_source_ids())


def _used(site: Site, briefings: Iterable[Briefing]) -> tuple[list[Actor], list[Source]]:
    """The actors and sources the given briefings use, each sorted by id."""
    actor_ids: set[str] = set()
    source_ids: set[str] = set()
    for briefing in briefings:
        actor_ids |= briefing.actor_ids()
        source_ids |= used_source_ids(briefing)
    actors = [site.actors[i] for i in sorted(actor_ids) if i in site.actors]
    sources = [site.sources[i] for i in sorted(source_ids) if i in site.sources]
    return actors, sources


def briefing_record(briefing: Briefing) -> dict[str, Any]:
    """One briefing as JSON data: its slug, every briefing.yaml field, and all its items."""
    record: dict[str, Any] = {"slug": briefing.slug}
    record.update(briefing.meta.model_dump(mode="json"))
    # Items may live in sibling files, so the lists come from the briefing, not from meta.
    for name in ("events", "quotes", "figures", "sources", "actors"):
        record[name] = [item.model_dump(mode="json") for item in getattr(briefing, name)]
    return record


def _compact(data: Any) -> str:
    # Compact on purpose: without indent, json uses its C encoder (several times faster on the
    # whole-site file), and the downloads are smaller; any JSON viewer indents them.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json(data: Any) -> str:
    return _compact(data) + "\n"


def _object(members: dict[str, str]) -> str:
    """A JSON object file from members already written as JSON: what _json of the values gives."""
    return "{" + ",".join(f"{_compact(name)}:{value}" for name, value in members.items()) + "}\n"


def _dataset(site: Site, briefings: Sequence[Briefing]) -> dict[str, str]:
    """The actors and sources the briefings use, as JSON text."""
    actors, sources = _used(site, briefings)
    return {"actors": _compact([a.model_dump(mode="json") for a in actors]),
            "sources": _compact([s.model_dump(mode="json") for s in sources])}


def _text(value: Any) -> str:
    """A field as CSV text: lists joined with ';', dates as EDTF, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _event_row(event: Event) -> Row:
    return {name: _text(getattr(event, name)) for name in EVENT_COLUMNS[1:]}


def _quote_row(quote: Quote) -> Row:
    row = {name: _text(getattr(quote, name)) for name in ("id", "speaker", "text", "date", "context",
                                                           "event", "sources")}
    row["original_lang"] = quote.original.lang if quote.original else ""
    row["original_text"] = quote.original.text if quote.original else ""
    return row


def _figure_row(figure: Figure) -> Row:
    row = {name: _text(getattr(figure, name)) for name in FIGURE_COLUMNS[1:]
           if name not in ("value", "value_low", "value_high")}
    # A range goes in value_low/value_high and leaves value empty, so 'value' is always a number.
    if isinstance(figure.value, tuple):
        row.update(value="", value_low=_text(figure.value[0]), value_high=_text(figure.value[1]))
    else:
        row.update(value=_text(figure.value), value_low="", value_high="")
    return row


def _source_row(source: Source) -> Row:
    return {name: _text(getattr(source, name)) for name in SOURCE_COLUMNS[1:]}


def briefing_sources(site: Site, briefing: Briefing) -> list[Source]:
    """The sources one briefing uses: its own in file order, then shared ones it cites, by id."""
    own = {s.id for s in briefing.sources}
    shared = sorted(used_source_ids(briefing) - own)
    return [*briefing.sources, *(site.sources[i] for i in shared if i in site.sources)]


def _csv(columns: list[str], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    # Rows as lists in column order: csv.DictWriter checks every row's keys, a third of the cost.
    writer.writerows([row[name] for name in columns] for row in rows)
    return out.getvalue()


def _table(briefings: Sequence[Briefing], columns: list[str],
           rows_of: Callable[[Briefing], Iterable[Row]]) -> str:
    """One CSV table: a row per item, briefings by slug, items in the briefing's own order."""
    rows = ({"briefing": b.slug, **row} for b in sorted(briefings, key=lambda b: b.slug) for row in rows_of(b))
    return _csv(columns, rows)


def schema() -> dict[str, Any]:
    """The JSON Schema of briefing.yaml; the item models are under $defs for the sibling files."""
    return {"$schema": JSON_SCHEMA_DIALECT, **BriefingFile.model_json_schema()}


def build_exports(site: Site) -> dict[str, str]:
    """Every open-data file, keyed by its path under docs/: JSON, CSV tables and the schema."""
    briefings = site.published
    for briefing in briefings:
        if briefing.slug in urls.RESERVED_BY_OUTPUT["open data"]:
            raise BuildError(f"the briefing folder briefings/{briefing.slug}/ would overwrite "
                             f"{urls.briefing_data(briefing.slug)}: rename the folder")
    # Each briefing is written as JSON once, for its own file and for the whole site's.
    records = {b.slug: _compact(briefing_record(b)) for b in briefings}
    everything = "[" + ",".join(records[b.slug] for b in briefings) + "]"
    files = {urls.SITE_DATA: _object({"briefings": everything, **_dataset(site, briefings)})}
    for briefing in briefings:
        files[urls.briefing_data(briefing.slug)] = _object({"briefing": records[briefing.slug],
                                                             **_dataset(site, [briefing])})
    files[urls.table_data("events")] = _table(briefings, EVENT_COLUMNS, lambda b: map(_event_row, b.events))
    files[urls.table_data("quotes")] = _table(briefings, QUOTE_COLUMNS, lambda b: map(_quote_row, b.quotes))
    files[urls.table_data("figures")] = _table(briefings, FIGURE_COLUMNS, lambda b: map(_figure_row, b.figures))
    files[urls.table_data("sources")] = _table(
        briefings, SOURCE_COLUMNS, lambda b: map(_source_row, briefing_sources(site, b))
    )
    files[urls.SCHEMA_DATA] = _json(schema())
    return files
