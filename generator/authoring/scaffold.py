"""Scaffolding: `briefing new` starts a briefing, `briefing add` appends a template item.

Both write YAML as text and never load and re-dump a file, so a contributor's comments, quoting
and order stay exactly as written. A template leaves its required fields empty, each with a
TODO comment, so that `briefing check` names every field still to fill in, on its line.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.authoring.templates import BRIEFING_TEMPLATE, TEMPLATES
from generator.exceptions import DataError, Problem, UsageError
from generator.load.reader import BRIEFING_FILE, SLUG, load_document, load_site
from generator.model.contract import ID_HINT, ID_PATTERN, RESERVED_IDS
from generator.model.dates import DateSyntaxError, parse_date
from generator.urls import RESERVED_SLUGS, slugify
from generator.validate import duplicates
from generator.write import FILE_MODE, atomic_write

KINDS = ("event", "quote", "figure", "source", "actor", "place")
LIST_OF = {"event": "events", "quote": "quotes", "figure": "figures", "source": "sources", "actor": "actors",
           "place": "places"}
SITE_WIDE = frozenset(["place"])  # kinds only briefings/<list>.yaml holds: added without a slug
GUIDE = "docs/guide/writing-a-briefing.md"
MAX_SLUG = 80
MAX_TITLE = 500  # model.Text
BOM = b"\xef\xbb\xbf"  # kept where a file has one: the loader accepts it

# An `id:` anywhere in any file (broken ones and comments too): a fresh id must clash with none.
_ID_TEXT = re.compile(r"(?:^|[\s{,])id\s*:\s*[\"']?([A-Za-z0-9][A-Za-z0-9_.-]*)", re.M)


def schema_line(kind: str, site_wide: bool = False) -> str:
    """The editor's schema comment for a file of this kind (briefing, events, …)."""
    prefix = "../" if site_wide else "../../"
    return f"# yaml-language-server: $schema={prefix}schemas/{kind}.schema.json\n"


def _briefings(root: Path) -> Path:
    base = root / "briefings"
    if not base.is_dir():
        raise UsageError(f"no briefings/ folder in {root.resolve()}: run the command from the project root")
    return base


def check_slug(slug: str) -> None:
    """Refuse a slug the loader would refuse, saying the rule."""
    if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
        suggestion = slugify(slug)[:MAX_SLUG] or "my-briefing"
        raise UsageError(f"'{slug}' is not a valid slug: use lowercase letters, digits and single hyphens "
                         f"(at most {MAX_SLUG} characters), e.g. '{suggestion}'")
    if slug in RESERVED_SLUGS:
        raise UsageError(f"the slug '{slug}' is taken by a site-wide file: choose another, e.g. '{slug}-briefing'")


def new_briefing(root: Path, slug: str, title: str | None = None, today: date | None = None) -> Path:
    """Create briefings/<slug>/briefing.yaml, a draft that passes check; return its path."""
    check_slug(slug)
    folder = _briefings(root) / slug
    if folder.exists() or folder.is_symlink():
        raise UsageError(f"briefings/{slug}/ already exists: choose another slug, "
                         f"or edit briefings/{slug}/{BRIEFING_FILE}")
    title = " ".join((title if title is not None else slug.replace("-", " ").capitalize()).split())
    if not title or len(title) > MAX_TITLE:
        raise UsageError(f"the title must be 1 to {MAX_TITLE} characters of plain text")
    day = (today or date.today()).isoformat()
    # A JSON string is a valid YAML double-quoted scalar: any title is written safely.
    text = BRIEFING_TEMPLATE.format(schema_line=schema_line("briefing"), slug=slug, guide=GUIDE,
                                    title=json.dumps(title, ensure_ascii=False), today=day)
    folder.mkdir()
    atomic_write(folder / BRIEFING_FILE, text.encode("utf-8"))
    return folder / BRIEFING_FILE


def used_ids(root: Path) -> set[str]:
    """Every id written in any YAML file under briefings/, however broken the file."""
    found: set[str] = set()
    for path in sorted(_briefings(root).rglob("*.y*ml")):
        if path.is_file() and not path.is_symlink():
            found.update(_ID_TEXT.findall(path.read_bytes().decode("utf-8", errors="replace")))
    return found


# What `add` can fill in for each kind: option → the template's field (dates go to the item's own date).
FILLS = {
    "event": {"date": "date", "title": "title"},
    "quote": {"speaker": "speaker", "date": "date"},
    "figure": {"measure": "measure", "date": "as_of", "label": "label"},
    "source": {"publisher": "publisher", "title": "title", "url": "url", "date": "published"},
    "actor": {"name": "name"},
    "place": {"name": "name"},
}
PREFIXES = {"event": "", "quote": "q-", "figure": "f-", "source": "src-", "actor": "", "place": ""}
MAX_ID = 80
_FILLER = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
                     "to", "with"])


def _words(text: str, count: int) -> str:
    """The first count words of text as an id part, small words left out."""
    words = slugify(text).split("-")
    return "-".join([w for w in words if w not in _FILLER][:count] or words[:count])


def fresh_id(kind: str, used: set[str], values: dict[str, str] | None = None) -> str:
    """An id in the house style, unique in the site: events start with their date, quotes with 'q-',
    figures 'f-', sources 'src-'; the rest from the speaker, measure, publisher, title or name (-2, -3 … on a clash)."""
    values = values or {}
    date = slugify(values.get("date", ""))
    parts = {
        "event": [date, _words(values.get("title", ""), 5)],
        "quote": [slugify(values.get("speaker", "")), date],
        "figure": [_words(values.get("measure", ""), 5), date],
        "source": [_words(values.get("publisher", ""), 3), _words(values.get("title", ""), 4), date],
        "actor": [slugify(values.get("name", ""))],
        "place": [slugify(values.get("name", ""))],
    }[kind]
    stem = "-".join(p for p in parts if p) or ("new" if PREFIXES[kind] else f"new-{kind}")
    base = (PREFIXES[kind] + stem)[: MAX_ID - 4].strip("-")
    candidate, number = base, 1
    while candidate in used or candidate in RESERVED_IDS:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _fill(template: str, field: str, value: str) -> str:
    """The template with field set to value (a JSON string is a valid YAML double-quoted scalar)."""
    written = json.dumps(value, ensure_ascii=False)
    required = re.compile(rf"^(\s*(?:- )?){field}:[ \t]+# TODO.*$", re.M)
    optional = re.compile(rf"^(\s*)# {field}: .*$", re.M)
    pattern = required if required.search(template) else optional
    return pattern.sub(lambda m: f"{m.group(1)}{field}: {written}", template, count=1)


def _check_values(kind: str, values: dict[str, str]) -> None:
    for option, value in values.items():
        if option not in FILLS[kind]:
            fits = [k for k, fills in FILLS.items() if option in fills]
            raise UsageError(f"--{option} is not for {'an' if kind[0] in 'aeiou' else 'a'} {kind}: "
                             f"it fills in {', '.join(k + 's' for k in fits)}")
        if not value.strip() or "\n" in value:
            raise UsageError(f"--{option} must be one line of text")
    if "date" in values:
        try:
            parse_date(values["date"])
        except DateSyntaxError as err:
            raise UsageError(f"--date {values['date']}: {err}" + (f" ({err.hint})" if err.hint else "")) from None


def _refuse_repeats(root: Path, slug: str | None, kind: str, values: dict[str, str]) -> None:
    """Refuse a new actor, source or place the site already has, naming it and the id to use."""
    option = duplicates.KEYED.get(LIST_OF[kind])
    if option is None or option not in values:
        return
    found = duplicates.matches(load_site(root), LIST_OF[kind], values[option])
    if found:
        lines = "".join(f"\n  {duplicates.advice(LIST_OF[kind], twin, slug)}" for twin in found)
        raise UsageError(f"the site already has {'an' if kind[0] in 'aeiou' else 'a'} {kind} with this {option}:"
                         f"{lines}\nnothing was added; to add a new {kind} anyway, run the command again with --new")


def _check_id(item_id: str, used: set[str]) -> None:
    if not re.fullmatch(ID_PATTERN, item_id) or len(item_id) > 80:
        raise UsageError(f"'{item_id}' is not a valid id: {ID_HINT}")
    if item_id in RESERVED_IDS:
        raise UsageError(f"the id '{item_id}' is reserved for a page heading: choose a more specific one")
    if item_id in used:
        raise UsageError(f"the id '{item_id}' is already used: ids are unique across the whole site")


@dataclass(frozen=True)
class Added:
    """Where `add` put the new item."""

    file: str  # relative to the project root, with '/'
    item_id: str
    line: int  # of its '- id:' line
    created: bool  # the file was created for it


def add_item(root: Path, slug: str | None, kind: str, item_id: str | None = None,
             today: date | None = None, values: dict[str, str] | None = None, new: bool = False) -> Added:
    """Append a template item to the briefing's own list file (a place: to briefings/places.yaml);
    create the file if it is missing.

    values fill in the template (see FILLS) and make its id; an actor, source or place whose name
    or url the site already has is refused, naming the existing one, unless new is set.
    """
    if kind not in KINDS:
        raise UsageError(f"'{kind}' is not a kind of item: use one of {', '.join(KINDS)}")
    values = {k: v for k, v in (values or {}).items() if v is not None}
    _check_values(kind, values)
    measure = values.get("measure") if kind == "figure" else None
    if measure is not None and not re.fullmatch(ID_PATTERN, measure):
        # A measure is a key ('cable-repair-cost'): the words typed ('Cable repair cost') are its label, which
        # the chart shows. Written as typed, the measure failed the next check.
        values = {"label": measure, **values, "measure": slugify(measure) or "new-measure"}
    base = _briefings(root)
    if kind in SITE_WIDE:
        if slug is not None:
            raise UsageError(f"{LIST_OF[kind]} are site-wide, in briefings/{LIST_OF[kind]}.yaml, shared by every "
                             f"briefing: run 'briefing add {kind}' without a slug")
        return _add_site_wide(root, kind, item_id, values, new)
    if slug is None:
        raise UsageError(f"name the briefing to add the {kind} to: briefing add {kind} SLUG")
    folder = base / slug
    if not SLUG.fullmatch(slug) or not (folder / BRIEFING_FILE).is_file():
        known = sorted(p.parent.name for p in base.glob(f"*/{BRIEFING_FILE}"))
        close = difflib.get_close_matches(slug, known, n=1)
        hint = f"create it with: briefing new {slug}"
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif not SLUG.fullmatch(slug):
            hint = "slugs are lowercase letters, digits and hyphens"
        raise UsageError(f"there is no briefing '{slug}' (no briefings/{slug}/{BRIEFING_FILE}): {hint}")
    name = LIST_OF[kind]
    target = folder / f"{name}.yaml"
    shown = f"briefings/{slug}/{name}.yaml"
    if not target.exists():
        main = (folder / BRIEFING_FILE).read_bytes().decode("utf-8", errors="replace")
        if re.search(rf"^{name}[ \t]*:", main, re.M):
            raise UsageError(f"the {name} of '{slug}' are written in briefing.yaml: add the {kind} there "
                             f"by hand, or first move the list into {shown}")
    item_id, template = _new_item(root, slug, kind, item_id, values, new, today)
    header = f"{schema_line(name)}# The {name} of the briefing '{slug}'. What each field means: {GUIDE}\n\n"
    return _write_item(target, shown, header, template, item_id)


def _add_site_wide(root: Path, kind: str, item_id: str | None, values: dict[str, str], new: bool) -> Added:
    """Append a template item to the site-wide file briefings/<list>.yaml; create it if missing."""
    name = LIST_OF[kind]
    item_id, template = _new_item(root, None, kind, item_id, values, new, None)
    header = (f"{schema_line(name, site_wide=True)}# The {name} every briefing can name, shared by all. "
              f"What each field means: {GUIDE}\n\n")
    return _write_item(_briefings(root) / f"{name}.yaml", f"briefings/{name}.yaml", header, template, item_id)


def _new_item(root: Path, slug: str | None, kind: str, item_id: str | None, values: dict[str, str], new: bool,
              today: date | None) -> tuple[str, str]:
    """The new item's id (given and checked, or made in the house style) and its filled-in template."""
    if not new:
        _refuse_repeats(root, slug, kind, values)
    used = used_ids(root)
    if item_id is None:
        item_id = fresh_id(kind, used, values)
    else:
        _check_id(item_id, used)
    template = TEMPLATES[kind].format(id=item_id, today=(today or date.today()).isoformat())
    for option, value in values.items():
        template = _fill(template, FILLS[kind][option], value)
    return item_id, template


def _write_item(target: Path, shown: str, header: str, template: str, item_id: str) -> Added:
    """Add the item to the end of target, or create target with header and the item; checked before writing."""
    created = not target.exists()
    if created:
        data, line = (header + template).encode("utf-8"), header.count("\n") + 1
    else:
        data, line = _appended(target, shown, template)
    _verify(target, shown, data, item_id)
    return Added(shown, item_id, line, created)


def _appended(target: Path, shown: str, template: str) -> tuple[bytes, int]:
    """The file's bytes with the template added after them, and the line the item starts on."""
    if target.is_symlink():
        raise UsageError(f"{shown} is a symbolic link: links are not followed")
    raw = target.read_bytes()
    problems: list[Problem] = []
    doc = load_document(target, shown, problems)
    if problems and not (len(problems) == 1 and problems[0].code == "empty"):
        raise DataError(problems)  # broken already: appending would only hide where
    if doc is not None and not isinstance(doc.data, list):
        raise UsageError(f"{shown} must be a list of items ('- id: …') to add to it")
    bom = BOM if raw.startswith(BOM) else b""
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    lines = raw[len(bom):].split(newline)
    content = [i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith(b"#")]
    first = lines[content[0]] if content else b""
    indent = b""
    if doc is not None and doc.data == [] and len(content) == 1 and first.split(b"#")[0].strip() == b"[]":
        del lines[content[0]]  # '[]' stood for "no items yet"; the only line changed
    elif first.lstrip().startswith(b"["):
        raise UsageError(f"{shown} writes its list in brackets [ … ]: write one '- id: …' item per line "
                         "to add to it")
    else:
        indent = first[: len(first) - len(first.lstrip(b" "))]
    kept = newline.join(lines)
    if kept.strip() and not kept.endswith(newline):
        kept += newline
    separator = b"" if not kept.strip() or kept.endswith(newline * 2) else newline  # one blank line
    kept = bom + kept
    body = b"".join(indent + ln.encode("utf-8") + newline for ln in template.rstrip("\n").split("\n"))
    start = (kept + separator).count(newline) + 1
    return kept + separator + body, start


def _verify(target: Path, shown: str, data: bytes, item_id: str) -> None:
    """Write data in place of target only if it loads as a list ending with the new item."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode) if target.exists() else FILE_MODE)
            out.write(data)
        problems: list[Problem] = []
        doc = load_document(Path(temporary), shown, problems)
        ok = (doc is not None and isinstance(doc.data, list) and doc.data
              and isinstance(doc.data[-1], dict) and doc.data[-1].get("id") == item_id)
        if not ok:
            raise UsageError(f"could not add to {shown} without breaking it; add the item by hand")
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
