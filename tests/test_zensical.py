"""The generated Markdown also builds with Zensical, Material for MkDocs' announced successor.

Zensical reads the same mkdocs.yml but runs no MkDocs hooks, so `briefing generate` writes the
pages first, as the README tells other builders to do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, run_cli
from test_build import Page


def test_generated_markdown_builds_with_zensical(tmp_path: Path) -> None:
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if zensical is None:
        pytest.skip("zensical is not installed (pip install -e '.[test]')")
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    assert run_cli("generate", cwd=project).returncode == 0
    result = subprocess.run([zensical, "build"], cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    page = Page((project / "site" / "briefings" / "baltic-cable-damage.html").read_text(encoding="utf-8"))
    assert "investigation-weeks" in page.ids and "fi-police-2023-10-24" in page.ids
    citations = [href for anchor, href in page.links if anchor.startswith("cite-")]
    assert citations and all(href[1:] in page.ids for href in citations)
    assert "{{ 7*7 }}" in "".join(page.text)
