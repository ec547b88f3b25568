"""Symbolic links under docs/ that lead out of the project: refused, or the site would publish what they lead to.

MkDocs and Zensical follow a link under docs/ and copy its target into the site: `docs/assets/x.png`
linked to a file elsewhere on the machine (or `docs/notes.md` to /etc/passwd) would be published. A
link to another file of the project is harmless (its target could be published as it is).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.exceptions import Problem


def outside_links(root: Path) -> list[Problem]:
    """A problem for each file or folder under root/docs that is a symbolic link out of root (or a broken one)."""
    docs, inside = root / "docs", root.resolve()
    problems = []
    for folder, folders, files in os.walk(docs):  # links to folders are listed, not followed
        for name in sorted([*folders, *files]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if target.exists() and target.is_relative_to(inside):
                continue
            shown = path.relative_to(root).as_posix()
            problems.append(Problem(shown, 1, 1, f"{shown} is a symbolic link to a file outside the project: "
                                    "the site would publish that file",
                                    "copy what the page needs into docs/, or delete the link", field="link"))
    return sorted(problems, key=lambda p: p.file)
