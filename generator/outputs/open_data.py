"""Open data: the published briefings as JSON and CSV, the JSON Schema they follow, the GeoJSON, and a Data Package.

Everything here is a pure function of the validated site and its settings, with no clock and a
fixed order, so two builds of the same data give the same bytes and the write stage leaves the
files alone. Drafts are left out, and so are the actors and sources only drafts use.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import to_json

from generator import urls
from generator.config import SiteConfig
from generator.exceptions import BuildError
from generator.kept import Kept
from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor, Assessment, BriefingFile, Event, Figure, Quote, Source
from generator.model.dates import PRECISIONS
from generator.outputs.fields import DATE_PART_HELP, DATE_PARTS, exported_help, model_fields, record
from generator.outputs.geojson import build_geojson
from generator.outputs.tables import table_header, table_rows, table_schema
from generator.outputs.terms import address, licence_terms

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SLUG_HELP = "The briefing's folder name under briefings/, which names its page, data file and feeds."

# The CSV tables: the kind of item each holds, and the keys that hold in it. Item ids are unique
# across the site; a source shared by briefings has a row in each, and a quote's event is one of
# its own briefing's events.
TABLES: dict[str, tuple[type[BaseModel], list[str], list[dict[str, Any]]]] = {
    "events": (Event, ["id"], []),
    "quotes": (Quote, ["id"], [{"fields": ["event"], "reference": {"resource": "events", "fields": ["id"]}}]),
    "figures": (Figure, ["id"], []),
    "sources": (Source, ["briefing", "id"], []),
    "assessments": (Assessment, ["id"], []),
}


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


M = TypeVar("M", bound=BaseModel)


def _as_cited(briefing: Briefing, item: M) -> M:
    """The item with its sources as exported: what it cites, inline too, not only what it lists (fields.exported_help).

    A data user reading "sources": [] would take an event whose summary cites [@x] for one with no source.
    Itself when it cites no more than it lists.
    """
    if "sources" not in type(item).model_fields:
        return item
    cited = briefing.sources_of(item)
    listed = getattr(item, "sources")  # noqa: B009 (M is any model; this one has a sources field)
    return item if cited == listed else item.model_copy(update={"sources": cited})


def briefing_record(briefing: Briefing) -> dict[str, Any]:
    """One briefing as JSON data: its slug, every briefing.yaml field, and all its items."""
    data: dict[str, Any] = {"slug": briefing.slug}
    meta = briefing.meta
    data.update(record(meta.model_copy(update={"key_points": [_as_cited(briefing, p) for p in meta.key_points]})))
    # Items may live in sibling files, so the lists come from the briefing, not from meta.
    for name in ("events", "quotes", "figures", "assessments", "sources", "actors"):
        data[name] = [record(_as_cited(briefing, item)) for item in getattr(briefing, name)]
    return data


def _compact(data: Any) -> str:
    # Compact on purpose: without indent, json uses its C encoder (several times faster on the
    # whole-site file), and the downloads are smaller; any JSON viewer indents them.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json(data: Any) -> str:
    return _compact(data) + "\n"


def _object(members: dict[str, str | bytes]) -> bytes:
    """A JSON object file, UTF-8, from members already written as JSON: what _json of the values gives."""
    parts = [f"{_compact(name)}:".encode() + (value if isinstance(value, bytes) else value.encode("utf-8"))
             for name, value in members.items()]
    return b"{" + b",".join(parts) + b"}\n"


# The actors and sources some briefings use: each as (id, its record as compact JSON), by id.
_Used = dict[str, tuple[tuple[str, str], ...]]


def _used_records(site: Site, briefing: Briefing) -> _Used:
    """The actors and sources one briefing uses, each with its record as JSON."""
    actors, sources = _used(site, [briefing])
    return {"actors": tuple((a.id, _compact(record(a))) for a in actors),
            "sources": tuple((s.id, _compact(record(s))) for s in sources)}


def _dataset(used: Iterable[_Used]) -> dict[str, str]:
    """The actors and sources of several briefings' _used_records, once each by id, as JSON lists."""
    # Joined from each briefing's records, not written again from the site: at 1,000 briefings writing
    # every one of the site's 34,000 actors and sources cost each generation 0.6 s.
    merged: dict[str, dict[str, str]] = {"actors": {}, "sources": {}}
    for share in used:
        for name, records in share.items():
            merged[name].update(records)
    return {name: "[" + ",".join(text for _, text in sorted(records.items())) + "]"
            for name, records in merged.items()}


def briefing_sources(site: Site, briefing: Briefing) -> list[Source]:
    """The sources one briefing uses: its own in file order, then shared ones it cites, by id."""
    own = {s.id for s in briefing.sources}
    shared = sorted(used_source_ids(briefing) - own)
    return [*briefing.sources, *(site.sources[i] for i in shared if i in site.sources)]


def _items(site: Site, briefing: Briefing, name: str) -> Sequence[BaseModel]:
    return briefing_sources(site, briefing) if name == "sources" else getattr(briefing, name)


@dataclass(frozen=True)
class _Parts:
    """One briefing's share of the open data, as written: its record, what it uses, its rows of each table."""

    record: bytes  # compact JSON, UTF-8
    used: _Used  # the actors and sources it uses (_used_records)
    rows: dict[str, str]  # table name → its CSV lines, without the header


def _parts(site: Site, briefing: Briefing, kept: Kept | None) -> tuple[_Parts, str | None]:
    """A briefing's parts, or those kept for the same files and the same site-wide items it uses; with
    the name of their entry in kept (None when they are not kept)."""
    key = site.keys.get(briefing.slug) if kept is not None else None
    if key is not None:
        # Besides its files, its parts read only the actors and sources it names that are not its own objects
        # (_used, briefing_sources): the site-wide files', or another briefing's under one of its ids.
        own_actors, own_sources = {a.id: a for a in briefing.actors}, {s.id: s for s in briefing.sources}
        actors = [a for i in sorted(briefing.actor_ids()) if (a := site.actors.get(i)) and a is not own_actors.get(i)]
        sources = [s for i in sorted(used_source_ids(briefing))
                   if (s := site.sources.get(i)) and s is not own_sources.get(i)]
        shared = (actors, sources)
        key = f"{key}\0{hashlib.sha256(to_json(shared)).hexdigest()}"
        found = kept.get(key) if kept is not None else None
        if isinstance(found, _Parts):
            return found, kept.name(key) if kept is not None else None
    parts = _Parts(_compact(briefing_record(briefing)).encode("utf-8"), _used_records(site, briefing),
                   {name: table_rows(model, ((briefing.slug, _as_cited(briefing, item))
                                             for item in _items(site, briefing, name)))
                    for name, (model, _, _) in TABLES.items()})
    if key is not None and kept is not None:
        kept.put(key, parts)
        return parts, kept.name(key)
    return parts, None


def _export_def(model: type[BaseModel], definition: dict[str, Any]) -> dict[str, Any]:
    """A model's schema as exported: the computed days beside each date, and every key always present."""
    properties: dict[str, Any] = {}
    for f in model_fields(model):
        properties[f.name] = definition["properties"][f.name]
        if f.info.description:
            properties[f.name] = {**properties[f.name], "description": exported_help(f)}
        if f.kind == "date":
            for part in DATE_PARTS:
                about = DATE_PART_HELP[part].format(name=f.name)
                properties[f"{f.name}_{part}"] = ({"enum": [*PRECISIONS, None], "description": about}
                                                  if part == "precision" else
                                                  {"type": ["string", "null"], "format": "date", "description": about})
    return {**definition, "properties": properties, "required": list(properties)}


def _models(model: type[BaseModel]) -> Iterable[type[BaseModel]]:
    """Every model a model holds, itself first."""
    yield model
    for f in model_fields(model):
        if f.model is not None:
            yield from _models(f.model)


def schema() -> dict[str, Any]:
    """The JSON Schema of the JSON files: the site's (briefings) and each briefing's (briefing)."""
    body = BriefingFile.model_json_schema(mode="serialization")
    defs: dict[str, Any] = body.pop("$defs")
    defs = {name: _export_def(model, body if model is BriefingFile else defs[name])
            for model in _models(BriefingFile) for name in [model.__name__]}
    briefing = defs.pop(BriefingFile.__name__)
    briefing["properties"] = {"slug": {"type": "string", "description": SLUG_HELP}, **briefing["properties"]}
    briefing["required"].insert(0, "slug")
    defs["Briefing"] = {**briefing, "title": "Briefing",
                        "description": "A published briefing: its slug, every field of its briefing.yaml, "
                                       "and all its items, also those written in sibling files."}

    def items(name: str, about: str) -> dict[str, Any]:
        return {"type": "array", "items": {"$ref": f"#/$defs/{name}"}, "description": about}

    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "Open data of the briefings",
        "description": f"{urls.SITE_DATA} holds every published briefing; {urls.briefing_data('<slug>')} one. "
                       "Dates are EDTF strings, each with its earliest and latest day and its precision beside it.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "description": "The address of this schema."},
            "license": {"type": "object", "description": "The terms the data is published under, as in "
                        "datapackage.json: the licence's page (path) and name (title), or its id (name).",
                        "properties": {"path": {"type": "string", "format": "uri"}, "title": {"type": "string"},
                                       "name": {"type": "string"}}},
            "briefings": items("Briefing", "Every published briefing, newest first."),
            "briefing": {"$ref": "#/$defs/Briefing"},
            "actors": items("Actor", "The actors the briefings name, by id."),
            "sources": items("Source", "The sources the briefings use, by id."),
        },
        "required": ["$schema", "actors", "sources"],
        "oneOf": [{"required": ["briefings"]}, {"required": ["briefing"]}],
        "additionalProperties": False,
        "$defs": defs,
    }


def data_package(config: SiteConfig) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the CSV tables and the GeoJSON."""
    descriptor: dict[str, Any] = {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": urls.slugify(config.name) or "briefings",
        "title": config.name,
    }
    if config.description:
        descriptor["description"] = config.description
    if config.site_url:
        descriptor["homepage"] = urls.absolute(config.site_url, urls.DATA_PAGE)
    licence = licence_terms(config)
    if licence:
        descriptor["licenses"] = [licence]
    descriptor["resources"] = [
        {"name": name, "path": urls.relative(urls.table_data(name), urls.DATA_PACKAGE), "format": "csv",
         "mediatype": "text/csv", "encoding": "utf-8",
         "schema": table_schema(model, primary_key, foreign_keys)}
        for name, (model, primary_key, foreign_keys) in TABLES.items()
    ]
    # Not a table: no schema, and frictionless checks only that it is there. Its licence travels with it,
    # as in the file itself, for a user who takes the GeoJSON alone.
    descriptor["resources"].append({
        "name": "places", "path": urls.relative(urls.SITE_GEOJSON, urls.DATA_PACKAGE), "format": "geojson",
        "mediatype": "application/geo+json", "encoding": "utf-8",
        "description": "Every event that names places, as a GeoJSON FeatureCollection (RFC 7946).",
        **({"licenses": [licence]} if licence else {})})
    return descriptor


def build_exports(site: Site, config: SiteConfig | None = None, kept: Kept | None = None) -> dict[str, str]:
    """Every open-data file, keyed by its path under docs/: JSON, CSV tables, schema, GeoJSON and Data Package."""
    return {path: data.decode("utf-8") if isinstance(data, bytes) else data
            for path, data in iter_exports(site, config, kept)}


def iter_exports(site: Site, config: SiteConfig | None = None, kept: Kept | None = None,
                 holds: Callable[[str, str], bool] | None = None) -> Iterator[tuple[str, str | bytes]]:
    """build_exports one file at a time, the JSON as UTF-8 bytes: the whole site's data is the largest
    output, and as text it would take up to four bytes a character (Hangul takes two).

    kept: each briefing's parts as last written, for briefings whose files did not change (Site.keys):
    an edit writes the parts of the briefings it changed, and joins the rest (6 s to write all at 1,000).
    holds(path, entry): whether the file at path holds what entry names already (write.PageWriter.holds);
    a briefing's file made from kept parts is then not made again (reading 1,000 of them to compare cost 0.3 s).
    """
    config = config or SiteConfig()
    briefings = site.published
    for briefing in briefings:
        if briefing.slug in urls.RESERVED_BY_OUTPUT["open data"]:
            raise BuildError(f"the briefing folder briefings/{briefing.slug}/ would overwrite "
                             f"{urls.briefing_data(briefing.slug)}: rename the folder")
    named = _compact(address(config, urls.SCHEMA_DATA, urls.SITE_DATA))  # every data file is in one folder
    # The terms travel with the data (mkdocs.yml's extra: licence), as in datapackage.json.
    licence = licence_terms(config)
    terms = {"license": _compact(licence)} if licence else {}
    # Each briefing is written as JSON once, for its own file and into the whole site's, which is
    # joined as it goes: it is never held twice, nor beside every briefing's JSON apart (at 1,000
    # briefings each copy is 90 MB). BytesIO hands its buffer over as the file's bytes, uncopied.
    everything = io.BytesIO()
    everything.write(_object({"$schema": named, **terms}).removesuffix(b"}\n") + b',"briefings":[')
    rows: dict[str, dict[str, str]] = {name: {} for name in TABLES}
    used: list[_Used] = []
    for number, briefing in enumerate(briefings):
        parts, entry = _parts(site, briefing, kept)
        path = urls.briefing_data(briefing.slug)
        # Its file is its parts, with the schema's address and the terms.
        made_of = entry and hashlib.sha256(f"{entry}\0{named}\0{terms}".encode()).hexdigest()
        if not (made_of and holds and holds(path, made_of)):
            yield path, _object({"$schema": named, **terms, "briefing": parts.record, **_dataset([parts.used])})
        everything.write(b"," + parts.record if number else parts.record)
        for name in TABLES:
            rows[name][briefing.slug] = parts.rows[name]
        used.append(parts.used)
    everything.write(b"]," + _object({**_dataset(used)})[1:])
    yield urls.SITE_DATA, everything.getvalue()
    del everything
    for name, (model, _, _) in TABLES.items():  # a row per item, briefings by slug
        yield urls.table_data(name), table_header(model) + "".join(rows[name][slug] for slug in sorted(rows[name]))
    del rows
    yield urls.SCHEMA_DATA, _json(schema())
    yield from build_geojson(site, config).items()  # here, beside the Data Package that lists it
    yield urls.DATA_PACKAGE, _json(data_package(config))
