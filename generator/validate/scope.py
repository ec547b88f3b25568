"""`briefing check SLUG|PATH…`: which briefings are named, and which problems are theirs.

The named briefings are checked against the whole site (their references to other briefings and
to the site-wide actors and sources are resolved as always, see site_index.py); the report then
shows their problems and those of the site-wide actors and sources they use.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from generator.exceptions import Problem, UsageError
from generator.load.reader import REGISTRY_FILES, SLUG, Document, load_document
from generator.model.citations import cited_ids
from generator.urls import slugify
from generator.validate.placeholders import texts_of

BRIEFINGS = "briefings"


def _known(root: Path) -> list[str]:
    base = root / BRIEFINGS
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")) if base.is_dir() else []


def _not_a_slug(name: str) -> UsageError:
    """A folder whose name is not a slug: 'briefing check' reports it, and checks nothing in it."""
    return UsageError(f"the folder briefings/{name}/ is not a valid slug, so it is not read as a briefing: "
                      f"rename it '{slugify(name) or 'my-briefing'}' (lowercase letters, digits and hyphens)")


def _slug_of(root: Path, target: str, known: list[str]) -> str:
    """The briefing a slug, a folder briefings/<slug> or a file inside it names."""
    if SLUG.fullmatch(target) and target in known:
        return target
    base = (root / BRIEFINGS).resolve()
    for candidate in (Path(target), root / target):
        if candidate.exists():
            try:
                parts = candidate.resolve().relative_to(base).parts
            except ValueError:
                break
            if parts and (len(parts) > 1 or candidate.is_dir()):
                if not SLUG.fullmatch(parts[0]):
                    raise _not_a_slug(parts[0])
                return parts[0]
            raise UsageError(f"'{target}' is a site-wide file, not a briefing: name a briefing's folder or slug, "
                             "or run 'briefing check' alone to check the whole site")
    parts = Path(target).parts
    name = parts[parts.index(BRIEFINGS) + 1] if BRIEFINGS in parts[:-1] else (parts[0] if parts else target)
    if name in known and not SLUG.fullmatch(name):
        raise _not_a_slug(name)
    if name in known:  # 'slug/events.yaml' named from the project's root: the briefing slug
        return name
    readable = [k for k in known if SLUG.fullmatch(k)]
    close = difflib.get_close_matches(name, readable, n=1)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"the briefings are: {', '.join(readable)}" if 0 < len(readable) <= 10 else
        "use the name of a folder in briefings/")
    raise UsageError(f"there is no briefing '{name}' (no folder briefings/{name}/): {hint}")


def named_slugs(root: Path, targets: Sequence[str]) -> list[str]:
    """The slugs of the briefings named by each target, in order, once each; a usage error for an unknown one."""
    known = _known(root)
    return list(dict.fromkeys(_slug_of(root, target, known) for target in targets))


def _document(root: Path, shown: str, loaded: Mapping[str, Document]) -> Document | None:
    """The document as the check loaded it, or read now (a file the check does not read, or one that failed)."""
    path = root / shown
    if shown in loaded or path.is_symlink() or path.parent.is_symlink() or not path.is_file():
        return loaded.get(shown)  # the loader refuses links: never read one (nor a folder, or /dev/zero)
    return load_document(path, shown, [])


def _used_ids(root: Path, slugs: Iterable[str], loaded: Mapping[str, Document]) -> set[str]:
    """Every id the named briefings' files name: in a list of ids or a field, or cited in a text."""
    used: set[str] = set()
    for slug in slugs:
        for path in sorted((root / BRIEFINGS / slug).glob("*.y*ml")):
            doc = _document(root, f"{BRIEFINGS}/{slug}/{path.name}", loaded)
            for _, text in texts_of(doc.data if doc is not None else None):
                used.add(text)
                used.update(cited_ids(text))
    return used


def _items_by_line(root: Path, name: str, loaded: Mapping[str, Document]) -> list[tuple[int, str]]:
    """The first line and id of each item of a site-wide file, in file order."""
    doc = _document(root, f"{BRIEFINGS}/{name}.yaml", loaded)
    if doc is None or not isinstance(doc.data, list):
        return []
    return [(doc.where((i,))[0], str(item.get("id", ""))) for i, item in enumerate(doc.data) if isinstance(item, dict)]


def site_wide(path: str) -> bool:
    """True for a site-wide file (briefings/actors.yaml…), whose items any briefing may use."""
    return path in {f"{BRIEFINGS}/{name}.yaml" for name in REGISTRY_FILES}


def split(problems: Sequence[Problem], root: Path, slugs: Sequence[str],
          loaded: Mapping[str, Document] | None = None) -> tuple[list[Problem], list[Problem]]:
    """(the named briefings' problems and those of the site-wide items they use, every other problem).

    loaded: the documents the check loaded, by path, so that they are not read again.
    """
    loaded = loaded or {}
    folders = tuple(f"{BRIEFINGS}/{slug}" for slug in slugs)
    registries = {f"{BRIEFINGS}/{name}.yaml": name for name in REGISTRY_FILES}
    used: set[str] | None = None
    items: dict[str, list[tuple[int, str]]] = {}
    shown: list[Problem] = []
    hidden: list[Problem] = []
    for problem in problems:
        mine = problem.file in folders or problem.file.startswith(tuple(f + "/" for f in folders))
        if not mine and problem.file in registries:
            if used is None:
                used = _used_ids(root, slugs, loaded)
            name = registries[problem.file]
            if name not in items:
                items[name] = _items_by_line(root, name, loaded)
            starts = [item_id for line, item_id in items[name] if line <= problem.line]
            # A problem before the first item (a broken file) concerns every briefing when it is an error.
            mine = starts[-1] in used if starts else problem.is_error
        (shown if mine else hidden).append(problem)
    return shown, hidden
