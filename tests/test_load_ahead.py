"""Loading on two cores (load/ahead.py): what the child parses ahead is what the loader would have read."""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from generator import cache
from generator.forking import cores
from generator.load import ahead
from generator.load.reader import RawSite, load_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytestmark = pytest.mark.skipif(cores() == 1, reason="loading ahead needs fork and two cores")


def _site(tmp_path: Path) -> Path:
    """A site of a few briefings, one with a broken file and one with a linked file."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "valid" / "briefings", root / "briefings")
    first = next(p for p in sorted((root / "briefings").iterdir()) if p.is_dir())
    for n in range(3):
        shutil.copytree(first, root / "briefings" / f"copy-{n}")
    (root / "briefings" / "copy-1" / "quotes.yaml").write_text("- id: q1\n  text: [unclosed\n", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("- id: secret\n", encoding="utf-8")
    (root / "briefings" / "copy-2" / "figures.yaml").unlink(missing_ok=True)
    (root / "briefings" / "copy-2" / "figures.yaml").symlink_to(outside)
    return root


def _load(root: Path, wait_for_child: bool) -> tuple[RawSite, cache.DocumentCache]:
    documents = cache.DocumentCache(root)
    with ahead.parsing_ahead(root / "briefings", documents.prepare):
        deadline = time.monotonic() + 60
        while wait_for_child and multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.05)
        raw = load_site(root, read=documents)
    return raw, documents


def test_what_the_child_parsed_is_read_from_the_cache_and_equals_a_plain_load(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "WORTH_A_CHILD", 1)
    root = _site(tmp_path)
    plain = load_site(root)
    loaded, documents = _load(root, wait_for_child=True)
    briefing_files = len(ahead._briefing_files(root / "briefings"))
    assert briefing_files > 10
    assert documents.hits == briefing_files  # every file the child prepared was read back, not parsed again
    assert loaded == plain  # the same documents, positions and problems (the broken file's, located)
    assert any(p.file == "briefings/copy-1/quotes.yaml" and p.line == 2 for p in loaded.problems)


def test_the_child_never_reads_a_linked_file_and_is_stopped_with_the_block(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "WORTH_A_CHILD", 1)
    root = _site(tmp_path)
    names = [shown for _, shown in ahead._briefing_files(root / "briefings")]
    assert "briefings/copy-2/figures.yaml" not in names
    loaded, _ = _load(root, wait_for_child=False)
    assert not multiprocessing.active_children()
    assert any(p.file == "briefings/copy-2/figures.yaml" and "symbolic link" in p.message for p in loaded.problems)
    assert loaded == load_site(root)


def test_a_small_site_forks_nothing(tmp_path: Path) -> None:
    root = _site(tmp_path)
    started: list[object] = []
    with contextlib.ExitStack() as stack:
        stack.enter_context(ahead.parsing_ahead(root / "briefings", lambda *_: started.append(1)))
        assert not multiprocessing.active_children()
    assert started == []
