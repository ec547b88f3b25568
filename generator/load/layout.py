"""The files of briefings/ that are not read, said so: a file nobody is told about is content lost.

A briefing folder reads only its own files (briefing.yaml, events.yaml …), by their exact names;
briefings/ itself only the site-wide ones. A file named like one of them (Events.YAML, events.yml,
events.yaml.txt, event.yaml) is reported with the name it was likely meant to have.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path

from generator.exceptions import Problem

YAML_SUFFIXES = (".yaml", ".yml")


def meant(name: str, known: Collection[str]) -> str | None:
    """The file of known a file name was likely meant to be: 'Events.YAML', 'events.yaml.txt' → 'events.yaml'."""
    lowered = name.lower()
    for candidate in sorted(known):
        stem = candidate.removesuffix(".yaml")
        # Its name in capitals, with another ending (events.yaml.txt, events.yml, events.yaml~), or a
        # copy's (events copy.yaml, events-old.yaml, events_2.yml).
        if lowered == candidate or lowered.startswith((f"{candidate}.", f"{candidate}~")) \
                or lowered in (f"{stem}.yml", stem) \
                or (Path(lowered).suffix in YAML_SUFFIXES and lowered.startswith((f"{stem} ", f"{stem}-", f"{stem}_"))):
            return candidate
    if Path(lowered).suffix not in YAML_SUFFIXES:
        return None
    # Compared without '.yaml', which every candidate shares and which would make any YAML file look close.
    stems = {Path(n).stem: n for n in known}
    close = difflib.get_close_matches(Path(lowered).stem, sorted(stems), n=1, cutoff=0.75)
    return stems[close[0]] if close else None


def unread_file(file: Path, shown: str, known: Collection[str], elsewhere: str,
                unknown_yaml: str = "warning") -> tuple[Problem | None, str | None]:
    """The problem of a file in a folder that reads only the files in known (None for one that is no
    YAML), and the list it stands for when that list's own file is missing ('events' for events.yml):
    its ids are then unread, not unknown.

    A YAML file like none of known is reported with the hint elsewhere, as unknown_yaml ("error" or
    "warning"). A file named like one that is missing is an error (what it holds would be lost); like
    one that is there, a warning (a copy, an editor's backup) unless it is a YAML file, written to be read.
    """
    target = meant(file.name, known)
    is_yaml = file.suffix.lower() in YAML_SUFFIXES
    if target is None:
        return (Problem(shown, 1, 1, f"the file {file.name} is not read", elsewhere, severity=unknown_yaml,  # type: ignore[arg-type]
                        code="layout") if is_yaml else None), None
    if (file.parent / target).is_file():
        hint = (f"did you mean {target}? It is there already, and read: move what this file holds into it, "
                "then delete this one (renaming it would replace that file)")
        return Problem(shown, 1, 1, f"the file {file.name} is not read", hint,
                       severity="error" if is_yaml else "warning", code="layout"), None
    return Problem(shown, 1, 1, f"the file {file.name} is not read",
                   f"did you mean {target}? Rename the file to {target}"
                   + (", in lower case" if file.name != file.name.lower() else ""), code="layout"), Path(target).stem
