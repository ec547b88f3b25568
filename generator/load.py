"""Load stage: read the YAML under briefings/ into plain values that remember where they stood.

We let libyaml (PyYAML's C parser) build the node tree and construct values ourselves, because
that is where YAML's surprises are caught: duplicate keys, `no` meaning false, `12:30` meaning
750, merge keys, alias bombs and custom tags. Plain scalars follow YAML 1.2's core schema.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .exceptions import Problem

try:
    from yaml import CSafeLoader as _Loader

    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    HAS_LIBYAML = False
    warnings.warn(
        "PyYAML was installed without libyaml: loading will be about 11x slower. "
        "Reinstall PyYAML with libyaml (e.g. apt-get install libyaml-dev, then reinstall).",
        stacklevel=1,
    )

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_NODES = 500_000

BRIEFING_FILE = "briefing.yaml"
LIST_FILES = ("events", "quotes", "figures", "sources", "actors")
REGISTRY_FILES = ("sources", "actors")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


@dataclass
class Document:
    """One YAML file: its text, its value, and the line and column of every value and key."""

    path: str  # as shown to contributors, relative to the project root, with '/'
    lines: list[str]
    data: Any = None
    value_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value at path, or of its key; falls back to the nearest parent."""
        table = self.key_at if key else self.value_at
        while path:
            if path in table:
                return table[path]
            if path in self.value_at:
                return self.value_at[path]
            path = path[:-1]
        return self.value_at.get((), (1, 1))


@dataclass
class RawBriefing:
    """A briefing folder as loaded: its slug and its documents by name (briefing, events, …)."""

    slug: str
    folder: str
    documents: dict[str, Document]


@dataclass
class RawSite:
    """Everything under briefings/: the site-wide registries and each briefing, plus load problems."""

    root: Path
    registries: dict[str, Document]
    briefings: list[RawBriefing]
    problems: list[Problem]

    def all_documents(self) -> list[Document]:
        """Every loaded document, registries first."""
        docs = list(self.registries.values())
        for briefing in self.briefings:
            docs.extend(briefing.documents.values())
        return docs


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, hint: str = ""):
        super().__init__(message)
        self.line = mark.line + 1 if mark else 1
        self.column = mark.column + 1 if mark else 1
        self.message = message
        self.hint = hint


def _plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by YAML 1.2's core schema; everything else stays text."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(text):
        return int(text.replace("_", ""))
    if _FLOAT.fullmatch(text):
        return float(text.replace("_", ""))
    return text


class _Builder:
    """Turns a libyaml node tree into Python values, recording positions and refusing surprises."""

    def __init__(self, document: Document):
        self.doc = document
        self.aliases = 0
        self.nodes = 0
        self.seen: set[int] = set()
        self.stack: set[int] = set()

    def build(self, node: Any, path: Path_, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(node.start_mark, "the file has too many values", "split it into smaller files")
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark, f"values are nested more than {MAX_DEPTH} levels deep",
                           "briefing data is at most a few levels deep; check the indentation")
        if id(node) in self.stack:
            raise _Refused(node.start_mark, "an alias refers to itself", "remove the recursive alias")
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(node.start_mark, f"more than {MAX_ALIASES} aliases (*name) in one file",
                               "write the values out instead of repeating anchors")
        self.seen.add(id(node))
        self.doc.value_at.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        tag = node.tag or ""
        if tag.startswith("!") or (tag.startswith("tag:") and not tag.startswith("tag:yaml.org,2002:")):
            raise _Refused(node.start_mark, f"custom YAML tags such as '{tag}' are not allowed",
                           "remove the tag; write plain values")
        if isinstance(node, yaml.ScalarNode):
            # libyaml marks a plain scalar with style "" and the pure-Python parser with None.
            return node.value if node.style else _plain_scalar(node.value)
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
            return self._mapping(node, path, depth)
        finally:
            self.stack.discard(id(node))

    def _mapping(self, node: Any, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "a key must be a plain name",
                               "keys are field names such as title or date")
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise _Refused(key_node.start_mark, "merge keys (<<) are not supported",
                               "write the fields out in full")
            position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.doc.key_at[(*path, key)]
                raise _Refused(key_node.start_mark, f"the key '{key}' appears twice in this mapping",
                               f"it was first given on line {first[0]}; keep only one")
            self.doc.key_at[(*path, key)] = position
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def _decode(raw: bytes, path: str, problems: list[Problem]) -> str | None:
    """Decode UTF-8 (a BOM is accepted and dropped); report bad bytes by line and column."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.append(Problem(path, line, column,
                                f"byte 0x{raw[err.start]:02x} is not valid UTF-8 text",
                                "save the file as UTF-8 (in most editors: 'Save with encoding')",
                                code="encoding"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_document(file: Path, shown_as: str, problems: list[Problem]) -> Document | None:
    """Read one YAML file; on failure append a located problem and return None."""
    try:
        raw = file.read_bytes()
    except OSError as err:
        problems.append(Problem(shown_as, 1, 1, f"cannot read the file: {err.strerror}", code="io"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(shown_as, 1, 1,
                                f"the file is {len(raw) // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                                "split the list into several briefings or files", code="size"))
        return None
    text = _decode(raw, shown_as, problems)
    if text is None:
        return None
    doc = Document(shown_as, text.split("\n"))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in doc.lines):
        problems.append(Problem(shown_as, 1, 1, "the file is empty",
                                "a list file holds '- id: …' items (write [] for none); "
                                "briefing.yaml needs at least title, summary and updated",
                                code="empty"))
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc.data = _Builder(doc).build(node, ())
    except _Refused as err:
        problems.append(Problem(shown_as, err.line, err.column, err.message, err.hint, code="yaml"))
        return None
    except yaml.MarkedYAMLError as err:
        problems.append(_syntax_problem(err, doc))
        return None
    except yaml.YAMLError as err:  # errors without a position
        problems.append(Problem(shown_as, 1, 1, f"YAML error: {err}", code="yaml"))
        return None
    finally:
        loader.dispose()
    return doc


def _syntax_problem(err: yaml.MarkedYAMLError, doc: Document) -> Problem:
    """Turn a libyaml syntax error into a located problem with a hint a non-programmer can use."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (err.problem or "").strip()
    source_line = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    hint = "check the indentation and punctuation on this line and the one before"
    message = f"YAML syntax error: {problem}"
    if "\t" in source_line or "'\\t'" in problem:
        message, hint = "a tab character is used for indentation", "YAML needs spaces: replace the tab with spaces"
    elif "mapping values are not allowed" in problem:
        hint = "a value that contains ': ' must be put in quotes, e.g. title: \"Seoul: talks\""
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "a value that starts with @ or ` must be put in quotes"
    elif "could not find expected ':'" in problem:
        hint = "every line of a mapping needs 'key: value'; a long text may need quotes or '>'"
    elif "but found another document" in problem:
        message, hint = "the file holds more than one YAML document", "remove the '---' line"
    elif "found undefined alias" in problem:
        hint = "define the anchor (&name) before using *name, or write the value out"
    return Problem(doc.path, line, column, message, hint, code="syntax")


def load_site(root: Path) -> RawSite:
    """Load briefings/ under root: the registries and every briefing folder, collecting problems."""
    base = root / "briefings"
    problems: list[Problem] = []
    registries: dict[str, Document] = {}
    briefings: list[RawBriefing] = []
    if not base.is_dir():
        problems.append(Problem("briefings", 1, 1, "there is no briefings/ folder",
                                "run the command from the project root, or create briefings/<slug>/briefing.yaml",
                                code="layout"))
        return RawSite(root, registries, briefings, problems)
    for name in REGISTRY_FILES:
        file = base / f"{name}.yaml"
        if file.is_file():
            doc = load_document(file, f"briefings/{name}.yaml", problems)
            if doc is not None:
                registries[name] = doc
    for entry in sorted(base.iterdir()):
        shown = f"briefings/{entry.name}"
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_file():
            if entry.suffix in (".yaml", ".yml") and entry.stem not in REGISTRY_FILES:
                problems.append(Problem(shown, 1, 1, "this file is not read",
                                        "site-wide files are sources.yaml and actors.yaml; a briefing "
                                        "lives in its own folder briefings/<slug>/", severity="warning",
                                        code="layout"))
            continue
        briefing = _load_briefing(entry, shown, problems)
        if briefing is not None:
            briefings.append(briefing)
    return RawSite(root, registries, briefings, problems)


def _load_briefing(folder: Path, shown: str, problems: list[Problem]) -> RawBriefing | None:
    slug = folder.name
    if not SLUG.fullmatch(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "my-briefing"
        problems.append(Problem(shown, 1, 1, f"the folder name '{slug}' is not a valid slug",
                                f"use lowercase letters, digits and hyphens, e.g. '{suggestion}'",
                                code="slug"))
        return None
    if not (folder / BRIEFING_FILE).is_file():
        problems.append(Problem(f"{shown}/{BRIEFING_FILE}", 1, 1, "the briefing folder has no briefing.yaml",
                                "create briefing.yaml with at least title, summary and updated",
                                code="layout"))
        return None
    documents: dict[str, Document] = {}
    known = {BRIEFING_FILE, *(f"{n}.yaml" for n in LIST_FILES)}
    for file in sorted(folder.iterdir()):
        if file.name.startswith(".") or file.is_dir():
            continue
        if file.name not in known:
            if file.suffix in (".yaml", ".yml"):
                close = difflib.get_close_matches(file.name, sorted(known), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known files: {', '.join(sorted(known))}"
                problems.append(Problem(f"{shown}/{file.name}", 1, 1, "this file is not read", hint,
                                        code="layout"))
            continue
        doc = load_document(file, f"{shown}/{file.name}", problems)
        if doc is not None:
            documents[file.stem] = doc
    return RawBriefing(slug, shown, documents)
