"""Validate stage: loaded YAML → pydantic models (a ValidSite), with every problem located.

Types are checked item by item, so one bad event does not hide the problems of the others;
cross-references are checked afterwards on everything that was valid (see cross_check.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from generator.exceptions import PROBLEM_ORDER, DataError, Problem
from generator.kept import Kept
from generator.load.reader import LIST_FILES, Document, RawBriefing, RawSite
from generator.model.briefing import Briefing
from generator.model.contract import KIND_NAMES, LIST_MODELS, Actor, BriefingFile, Place, Record, Source, Tag
from generator.model.dates import parse_date
from generator.validate import (
    comments,
    cross_check,
    duplicates,
    future,
    languages,
    pictures,
    placeholders,
    reuse,
    site_index,
    source_links,
)
from generator.validate.field_messages import describe, problems_of

# Stands in for an invalid briefing.yaml, so that the briefing's items can still be checked.
_STAND_IN = BriefingFile.model_construct(title="", summary="", updated=parse_date("9999"))


def _check_list(doc: Document, path: tuple[str | int, ...], value: Any, name: str,
                problems: list[Problem]) -> list[Record]:
    """Validate each item of one list (events, quotes, …) and return the valid ones."""
    model = LIST_MODELS[name]
    if not isinstance(value, list):
        line, column = doc.where(path)
        problems.append(Problem(doc.path, line, column, f"the {name} must be a list, not {describe(value)}",
                                f"start each {KIND_NAMES[name]} with '- id: …'", code="list_type"))
        return []
    items = []
    for index, item in enumerate(value):
        item_path = (*path, index)
        if not isinstance(item, dict):
            line, column = doc.where(item_path)
            problems.append(Problem(doc.path, line, column,
                                    f"each {KIND_NAMES[name]} must be a group of fields, not {describe(item)}",
                                    _item_hint(name, item), code="model_type"))
            continue
        try:
            items.append(model.model_validate(item))
        except ValidationError as err:
            problems.extend(problems_of(err, doc, item_path, item, model, KIND_NAMES[name]))
    return items


# The field a line of text written in place of an item most likely meant, by the list it is in.
_TEXT_FIELDS = {"events": "title", "quotes": "text", "figures": "label", "sources": "title", "actors": "name",
                "assessments": "text", "places": "name", "tags": "name"}


def _item_hint(name: str, item: object) -> str:
    """How to write an item given as a bare value: its text under '- id: …' as the field it most likely is."""
    if isinstance(item, str | int | float) and not isinstance(item, bool) and name in _TEXT_FIELDS:
        text = str(item) if len(str(item)) <= 40 else str(item)[:40] + "…"
        return f"write '- id: …' on this line, then '{_TEXT_FIELDS[name]}: {text}' indented under it"
    return "indent the fields under '- id: …'"


def _check_briefing(raw: RawBriefing, problems: list[Problem], root: Path,
                    today: dt.date | None = None) -> tuple[Briefing, bool] | None:
    """The briefing, and whether its briefing.yaml is valid (if not, its items are still checked)."""
    doc = raw.documents.get("briefing")
    data = doc.data if doc is not None else {}
    readable = doc is not None and isinstance(data, dict)  # else reported already, or just here
    if doc is not None and not readable:
        problems.append(Problem(doc.path, 1, 1, f"briefing.yaml must be a group of fields, not {describe(data)}",
                                "start with 'title: …' at the beginning of a line", code="model_type"))
    if not readable:
        data = {}
        doc = doc or next(iter(raw.documents.values()), None)
    if doc is None:
        return None
    meta_data = {k: v for k, v in data.items() if k not in LIST_FILES}
    lists: dict[str, list[Any]] = {}
    files: dict[str, str] = {}
    for name in LIST_FILES:
        sibling = raw.documents.get(name)
        if name in data and sibling is not None:
            line, column = doc.where((name,), key=True)
            problems.append(Problem(doc.path, line, column, f"the {name} are given here and in {name}.yaml",
                                    f"keep them in one place: move these into {sibling.path}", code="duplicate_list"))
        if sibling is not None:
            lists[name] = _checked_list(sibling, (), sibling.data, name, problems)
            files[name] = sibling.path
        elif name in data:
            lists[name] = _checked_list(doc, (name,), data[name], name, problems)
            files[name] = doc.path
        else:
            lists[name] = []
            files[name] = doc.path
    meta, valid = _STAND_IN, False
    if readable:
        try:
            meta, valid = BriefingFile.model_validate(meta_data), True
        except ValidationError as err:
            problems.extend(problems_of(err, doc, (), meta_data, BriefingFile, today=today))
    images = pictures.check(root / raw.folder, doc, meta_data.get("images"), problems) if readable else {}
    # Events in date order from the start (events on one date keep the order they were written in):
    # the briefing is read-only from here on, so every stage, the checks included, reads it this way.
    events = tuple(sorted(lists["events"], key=lambda e: e.date.sort_key))
    briefing = Briefing(raw.slug, meta, events, tuple(lists["quotes"]), tuple(lists["figures"]),
                        tuple(lists["sources"]), tuple(lists["actors"]), MappingProxyType(files),
                        assessments=tuple(lists["assessments"]), images=MappingProxyType(images))
    return briefing, valid


def _checked_list(doc: Document, path: tuple[str, ...], value: Any, name: str, problems: list[Problem]) -> list[Any]:
    """_check_list, or what it made last time from the very same document (the preview's unchanged file).

    A save to one file of a briefing validates the briefing again, but its other files keep their items:
    the same objects save after save, so the pages that show them (a publisher's sources, a month's
    events) keep their inputs (render/reuse.py) instead of being made and keyed again.
    """
    last = _LISTS.get((doc.path, path))
    if last is not None and last[0] is doc and last[1] is value:
        problems.extend(last[3])
        return list(last[2])
    found: list[Problem] = []
    items = _check_list(doc, path, value, name, found)
    problems.extend(found)
    _LISTS[(doc.path, path)] = (doc, value, items, found)
    return list(items)


# The preview's lists as last checked, by file and path: reused while the Document is the same object.
_LISTS: dict[tuple[str, tuple[str, ...]], tuple[Document, Any, list[Any], list[Problem]]] = {}
reuse.on_forget(_LISTS.clear)


# The preview's briefings as last checked (see reuse.py); not one with pictures, files checked afresh.
_CHECKED: reuse.Remembered[tuple[tuple[Briefing, bool] | None, list[Problem]]] = reuse.Remembered()


def _checked_briefing(raw: RawBriefing, problems: list[Problem], root: Path,
                      today: dt.date | None = None) -> tuple[Briefing, bool] | None:
    """_check_briefing, or what it returned last time for the same documents (and day)."""
    # A list file that is not a list is reported where it stands: the ids it meant to hold are not unknown.
    raw.failed.update(name for name in LIST_FILES
                      if name in raw.documents and not isinstance(raw.documents[name].data, list))
    objects, values = tuple(raw.documents.values()), (raw.folder, tuple(raw.documents), str(root), today)
    last = _CHECKED.get(raw.slug, objects, values)
    if last is not None:
        problems.extend(last[1])
        return last[0]
    found: list[Problem] = []
    checked = _check_briefing(raw, found, root, today)
    problems.extend(found)
    main = raw.documents.get("briefing")
    if main is not None and isinstance(main.data, dict) and main.data.get("images"):
        _CHECKED.forget(raw.slug)
    else:
        _CHECKED.put(raw.slug, objects, values, (checked, found))
    return checked


# The preview's site-wide files as last checked, by name: reused while the Document is the same object,
# so that an unchanged actors.yaml gives the same Actor objects and every page key made from them holds.
_REGISTRIES: dict[str, tuple[Document, list[Any], list[Problem]]] = {}
reuse.on_forget(_REGISTRIES.clear)


def _checked_registry(name: str, doc: Document, problems: list[Problem]) -> list[Any]:
    """_check_list of a site-wide file, or what it returned last time for the same document."""
    last = _REGISTRIES.get(name)
    if last is None or last[0] is not doc:
        found: list[Problem] = []
        last = _REGISTRIES[name] = (doc, _check_list(doc, (), doc.data, name, found), found)
    problems.extend(last[2])
    return list(last[1])


def _tags_named_twice(doc: Document | None) -> list[Problem]:
    """Each tag that briefings/tags.yaml names again, where it does: readers would see one name or the other."""
    if doc is None or not isinstance(doc.data, list):
        return []
    first: dict[str, int] = {}  # tag → the line naming it first
    found = []
    for index, item in enumerate(doc.data):
        tag = item.get("id") if isinstance(item, dict) else None
        if not isinstance(tag, str):
            continue
        line, column = doc.where((index, "id"))
        if tag in first:
            found.append(Problem(doc.path, line, column, f"the tag '{tag}' is named twice",
                                 f"keep one of the two names: the other is on line {first[tag]}", field="id",
                                 code="reference"))
        else:
            first[tag] = line
    return found


@dataclass(frozen=True)
class ValidSite:
    """What validation found: the briefings (events in date order), and the shared actors and sources."""

    briefings: tuple[Briefing, ...]
    actors: tuple[Actor, ...]  # briefings/actors.yaml
    sources: tuple[Source, ...]  # briefings/sources.yaml
    places: tuple[Place, ...] = ()  # briefings/places.yaml
    tags: tuple[Tag, ...] = ()  # briefings/tags.yaml: how readers see the tags briefings write
    # Slug → the digest of the files a briefing was made from (site_index.content_keys), where known.
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def validate_site(raw: RawSite, today: dt.date | None = None, unloaded: site_index.Unloaded | None = None,
                  index: site_index.SiteIndex | None = None, processes: int = 1,
                  kept: Kept | None = None) -> tuple[ValidSite, list[Problem]]:
    """Validate everything loaded; return what is valid and the warnings, or raise DataError.

    today is the day after which a date is warned about (see validate/future.py). unloaded: the
    briefings a scoped check takes from the site index instead; index, when given, keeps a summary
    of each briefing validated here. processes: how many share the briefings' cross-reference checks.
    kept: where each briefing's cross-reference checks are kept between runs (not for a scoped check,
    whose briefings are checked against summaries).
    """
    problems = list(raw.problems)
    day = future.reference_day(today)  # a missing 'updated' is hinted with it
    registry: dict[str, list[Any]] = {}
    for name, doc in raw.registries.items():
        registry[name] = _checked_registry(name, doc, problems)
        if not isinstance(doc.data, list):  # reported there; the ids it meant to hold are not unknown
            raw.failed.add(name)
    briefings: list[Briefing] = []
    partial: list[Briefing] = []
    incomplete = set()
    states: dict[str, tuple[str, Briefing | None]] = {}
    for raw_briefing in raw.briefings:
        before = len(problems)
        checked = _checked_briefing(raw_briefing, problems, raw.root, day)
        states[raw_briefing.slug] = ("none", None) if checked is None else (
            "valid" if checked[1] else "partial", checked[0])
        if checked is not None:
            (briefings if checked[1] else partial).append(checked[0])
        prefix = raw_briefing.folder + "/"
        has_errors = any(p.is_error for p in problems[before:]) or any(
            p.is_error and p.file.startswith(prefix) for p in raw.problems)
        if checked is None or not checked[1] or has_errors or raw_briefing.failed:
            incomplete.add(raw_briefing.slug)
    _CHECKED.keep(b.slug for b in raw.briefings)
    loaded = {doc.path for doc in raw.all_documents()}
    for gone in [key for key in _LISTS if key[0] not in loaded]:  # of files removed since
        del _LISTS[gone]
    if len(briefings) < len(raw.briefings) or any(p.is_error for p in raw.problems):
        incomplete.add("")  # something failed to load: a registry item may be cited there
    if unloaded is not None:
        incomplete.update(slug for slug, summary in unloaded.summaries.items() if summary.incomplete)
    cited_by: dict[str, frozenset[str]] = {}
    keys = site_index.content_keys(index, raw, [*briefings, *partial]) if index is not None else {}
    stored = cross_check.StoredChecks(kept, keys) if kept is not None and unloaded is None else None
    problems.extend(cross_check.check(briefings, registry, raw, frozenset(incomplete), partial, today,
                                      unloaded, cited_by, processes, stored))
    problems.extend([*placeholders.check(raw), *duplicates.check(raw), *comments.check(raw),
                     *languages.check(raw), *_tags_named_twice(raw.registries.get("tags"))])
    if index is not None:
        site_index.record(index, raw, states, incomplete, cited_by)
    problems = source_links.with_hints(problems, raw)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise DataError(problems, {d.path: d.lines for d in raw.all_documents()})
    valid = ValidSite(tuple(briefings), tuple(registry.get("actors", ())), tuple(registry.get("sources", ())),
                      tuple(registry.get("places", ())), tuple(registry.get("tags", ())), MappingProxyType(keys))
    return valid, sorted((p for p in problems if not p.is_error), key=PROBLEM_ORDER)
