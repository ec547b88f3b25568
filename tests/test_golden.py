"""Golden files of the rendered Markdown: any change to a page shows up as a diff.

Regenerate them only on purpose, with `make golden` (UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator.pipeline import resolved_site
from generator.render.pages import render_site

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
CASES = ["valid"]


@pytest.mark.parametrize("case", CASES)
def test_rendered_markdown_matches_golden(case: str) -> None:
    site, _ = resolved_site(FIXTURES / case)
    pages = render_site(site)
    folder = GOLDEN / case
    if os.environ.get("UPDATE_GOLDEN"):
        for old in folder.rglob("*.md"):
            old.unlink()
        for relative, text in pages.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
    expected = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md"))
    assert sorted(pages) == expected, "the set of generated pages changed (make golden)"
    for relative, text in pages.items():
        want = (folder / relative).read_text(encoding="utf-8")
        if text != want:
            diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                f"golden/{case}/{relative}", "rendered"))
            pytest.fail(f"{relative} differs from its golden file (make golden if intended):\n{diff}")
