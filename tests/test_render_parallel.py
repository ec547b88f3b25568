"""Rendering shared out to forked children gives the same pages, the same cache entries, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import output_cache
from generator.exceptions import BuildError
from generator.pipeline import resolved_site
from generator.render import parallel
from generator.render.pages import render_site
from generator.write import PageWriter, write_pages

from conftest import FIXTURES, ROOT, make_project


@pytest.mark.parametrize("project", [ROOT, FIXTURES / "valid", FIXTURES / "hostile"],
                         ids=["bundled", "valid", "hostile"])
def test_pages_rendered_in_three_processes_are_those_of_one(project: Path) -> None:
    site, _ = resolved_site(project)
    alone = render_site(site, processes=1)
    shared = render_site(site, processes=3)
    assert shared == alone
    assert list(shared) == list(alone)  # in the same order


def test_a_childs_cache_entries_are_kept_and_found_by_the_next_run(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    site, _ = resolved_site(project)
    alone = output_cache.PageStore(project, mode="alone")
    expected = render_site(site, store=alone, processes=1)
    shared = output_cache.PageStore(project, mode="shared")
    assert render_site(site, store=shared, processes=2) == expected
    assert shared.used == alone.used and shared.misses == 0  # the children's hits counted here
    shared.prune()
    again = output_cache.PageStore(project, mode="shared")
    render_site(site, store=again, processes=2)
    assert again.misses == 0


def fail() -> str:
    raise BuildError("template briefing.md.j2: broken")


def test_an_error_in_a_child_is_raised_in_the_parent() -> None:
    jobs = [(f"page-{i}.md", lambda i=i: f"page {i}") for i in range(5)] + [("broken.md", fail)]
    assert parallel.render(jobs[:5], None, 2) == {f"page-{i}.md": f"page {i}" for i in range(5)}
    with pytest.raises(BuildError, match=r"template briefing\.md\.j2: broken"):
        parallel.render(jobs, None, 3)  # broken.md is the last child's


def test_small_sites_render_in_one_process() -> None:
    assert parallel.processes_for(parallel.WORTH_A_CHILD - 1) == 1
    assert parallel.processes_for(10, wanted=3) == 3


def test_pages_written_as_made_in_three_processes_are_those_written_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    site, _ = resolved_site(project)
    pages = render_site(site, processes=1)
    at_once = write_pages(tmp_path / "at-once", pages)
    writer = PageWriter(tmp_path / "as-made")
    assert render_site(site, processes=3, writer=writer) == {}  # none kept
    as_made = writer.finish()
    assert writer.names == set(pages)
    assert as_made.written == at_once.written and not as_made.unchanged
    for name in pages:
        assert (tmp_path / "as-made" / name).read_bytes() == (tmp_path / "at-once" / name).read_bytes()
    again = PageWriter(tmp_path / "as-made")
    render_site(site, processes=3, writer=again)
    assert again.finish().unchanged == sorted(pages)  # the children's unchanged files counted here


def bad_data() -> str:
    from generator.exceptions import DataError, Problem

    raise DataError([Problem("briefings/x/briefing.yaml", 3, 5, "bad value", "a hint")])


def test_a_childs_data_error_reaches_the_parent_with_its_problems() -> None:
    """DataError pickles with its problems, not its message: a located report, never a traceback."""
    from generator.exceptions import DataError

    jobs = [(f"page-{i}.md", lambda i=i: f"page {i}") for i in range(3)] + [("broken.md", bad_data)]
    with pytest.raises(DataError) as caught:
        parallel.render(jobs, None, 2)  # broken.md is the child's
    assert [(p.file, p.line, p.message) for p in caught.value.problems] == [
        ("briefings/x/briefing.yaml", 3, "bad value")]


def test_a_generation_stopped_midway_leaves_files_the_next_one_replaces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages already written by a stopped run (Ctrl-C, a full disk) are the generator's, not hand-written."""
    import shutil

    from generator import pipeline
    from generator.write import PENDING, read_manifest

    project = make_project(tmp_path)
    pipeline.generate(project)
    folder = next(p for p in (project / "briefings").iterdir() if p.is_dir())
    folder.rename(folder.with_name("renamed-briefing"))  # a new page, not in the manifest yet

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build_feeds", interrupted)  # after the pages were written
    with pytest.raises(KeyboardInterrupt):
        pipeline.generate(project)
    docs = project / "docs"
    assert (docs / "briefings" / "renamed-briefing.md").is_file()
    assert "briefings/renamed-briefing.md" in read_manifest(docs)
    monkeypatch.undo()
    pipeline.generate(project)
    assert not (docs / PENDING).exists()
    assert not (docs / "briefings" / f"{folder.name}.md").exists()  # the old page removed, as always
    shutil.rmtree(project / "briefings" / "renamed-briefing")
    pipeline.generate(project)  # a page only a stopped run wrote is removed when no longer generated
    assert not (docs / "briefings" / "renamed-briefing.md").exists()


def test_work_alongside_writes_through_a_forked_child_and_its_error_is_raised_here(tmp_path: Path) -> None:
    writer = PageWriter(tmp_path)
    with parallel.alongside(lambda: writer.put("data/a.json", "{}"), writer):
        writer.put("index.md", "# Home\n")
    assert writer.finish().written == ["data/a.json", "index.md"]
    assert (tmp_path / "data/a.json").read_text() == "{}"
    with pytest.raises(BuildError, match="broken"), parallel.alongside(fail, PageWriter(tmp_path)):
        pass
