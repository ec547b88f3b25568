"""Work shared out to forked children (forking.py): the checks and the ranking find what one process finds."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator import forking
from generator.exceptions import BuildError, DataError, Problem
from generator.load.reader import load_site
from generator.resolve import related
from generator.validate import cross_check, reuse
from generator.validate.fields import validate_site

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(forking.cores() == 1, reason="sharing work out needs fork")


def _squares(share: Sequence[int]) -> list[int]:
    if 13 in share:
        raise BuildError("thirteen is not wanted")
    return [n * n for n in share]


@pytest.mark.parametrize("processes", [1, 2, 3, 7])
def test_results_come_back_in_the_items_order(processes: int) -> None:
    assert forking.in_shares(list(range(12)), _squares, processes) == [n * n for n in range(12)]


def test_an_error_in_a_child_is_raised_in_the_parent() -> None:
    with pytest.raises(BuildError, match="thirteen is not wanted"):
        forking.in_shares(list(range(15)), _squares, 3)  # 13 is the second child's


def _with_copies(tmp_path: Path) -> Path:
    """The valid fixture with three copies of one briefing: every id of the copies is taken twice."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "valid" / "briefings", root / "briefings")
    for n in range(3):
        shutil.copytree(root / "briefings" / "grain-corridor", root / "briefings" / f"grain-copy-{n}")
    (root / "briefings" / "grain-copy-1" / "briefing.yaml").write_text(
        "title: A copy\nsummary: Seen [@no-such-source].\nupdated: 2099-01-01\nrelated: [grain-corridr]\n",
        encoding="utf-8")
    return root


def _validated(root: Path, processes: int) -> tuple[list[Problem], bool]:
    reuse.forget_all()
    try:
        return validate_site(load_site(root), processes=processes)[1], True
    except DataError as err:
        return err.problems, False


@pytest.mark.parametrize("site", ["bundled", "valid", "hostile", "copies", "corpus"])
def test_cross_reference_checks_shared_out_find_what_one_process_finds(
        site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cross_check, "WORTH_A_CHILD", 1)
    root = {"bundled": ROOT, "valid": FIXTURES / "valid", "hostile": FIXTURES / "hostile"}.get(site)
    root = root or (_with_copies(tmp_path) if site == "copies" else _corpus(tmp_path, 8))
    alone = _validated(root, 1)
    assert _validated(root, 3) == alone  # the same problems, in the same order
    if site == "copies":
        assert not alone[1] and any("is also used by" in p.message for p in alone[0])
        assert any("no-such-source" in p.message for p in alone[0])


def _corpus(tmp_path: Path, count: int) -> Path:
    """The benchmark's synthetic site of count briefings (actors and tags shared across them, future dates)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    write_corpus(tmp_path / "corpus" / "briefings", count)
    return tmp_path / "corpus"


def test_related_briefings_ranked_in_shares_are_those_ranked_at_once(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pipeline import resolved_site

    monkeypatch.setattr(related, "WORTH_A_CHILD", 1)
    site, _ = resolved_site(_corpus(tmp_path, 12))
    briefings = site.published
    assert len(briefings) == 12
    alone = related.related_briefings(briefings, processes=1)
    monkeypatch.setattr(related, "_LAST", None)  # not the lists remembered from the call before
    assert related.related_briefings(briefings, processes=3) == alone


def test_a_one_off_run_reads_the_related_lists_the_last_run_kept(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cache import Memo
    from generator.pipeline import resolved_site

    site, _ = resolved_site(_corpus(tmp_path, 12))
    briefings = site.published
    memo = Memo(tmp_path / "related")
    monkeypatch.setattr(related, "_LAST", None)
    made = related.related_briefings(briefings, memo=memo)
    assert len(list((tmp_path / "related").iterdir())) == 1
    # The next process (no lists in memory) reads them, ranking nothing.
    monkeypatch.setattr(related, "_LAST", None)
    monkeypatch.setattr(related.forking, "in_shares", lambda *args: pytest.fail("ranked again"))
    assert related.related_briefings(briefings, memo=memo) == made
    # A briefing's tags changed: what the lists depend on changed, so they are ranked again.
    retagged = [dataclasses.replace(briefings[0], meta=briefings[0].meta.model_copy(update={"tags": ["new"]})),
                *briefings[1:]]
    monkeypatch.setattr(related, "_LAST", None)
    with pytest.raises(pytest.fail.Exception, match="ranked again"):
        related.related_briefings(retagged, memo=memo)
