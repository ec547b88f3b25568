"""The preview after a save shows what a fresh generation would: for each kind of edit, every page.

The preview regenerates with the cache (pages and loaded files remembered, in memory too) and
leaves the open-data files as the last full generation wrote them; neither may change a page.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from generator import cache, pipeline, preview, urls
from generator.exceptions import DataError, Problem
from generator.resolve import pagination
from generator.validate import cross_check, fields, placeholders, reuse
from generator.write import MANIFEST, read_manifest

from conftest import make_project
from test_incremental import corpus, edit_first_event_title, state, synthetic_project, touched

SLUG = corpus.slug_of(0)


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, (file, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_quote(project: Path) -> str:
    quote = corpus.briefing(0)["quotes"][0]
    first_word = quote["text"].split()[0]
    _replace(project / "briefings" / SLUG / "quotes.yaml", f"text: {first_word} ", "text: Requoted ")
    return "Requoted"


def _edit_source(project: Path) -> str:
    file = project / "briefings" / SLUG / "sources.yaml"
    title = yaml.safe_load(file.read_text(encoding="utf-8"))[0]["title"]
    publisher = title.split(":")[0]
    _replace(file, f"{publisher}: ", f"{publisher}: Retitled source ")
    return "Retitled source"


def _edit_actor(project: Path) -> str:
    file = project / "briefings" / "actors.yaml"
    speaker = corpus.briefing(0)["quotes"][0]["speaker"]
    name = next(a["name"] for a in yaml.safe_load(file.read_text(encoding="utf-8")) if a["id"] == speaker)
    _replace(file, f"name: {name}\n", "name: Renamed Actor\n")
    return "Renamed Actor"


def _edit_title(project: Path) -> str:
    file = project / "briefings" / SLUG / "briefing.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(re.sub(r"^title: .*$", "title: A retitled briefing", text, count=1, flags=re.M), encoding="utf-8")
    return "A retitled briefing"


def _name_actor_elsewhere(project: Path) -> str:
    # Another briefing's event names the first briefing's speaker: the speaker's page lists a
    # briefing more, though neither of the briefings it already listed changed.
    speaker = corpus.briefing(0)["quotes"][0]["speaker"]
    events = project / "briefings" / corpus.slug_of(1) / "events.yaml"
    _replace(events, "  actors:\n  - ", f"  actors:\n  - {speaker}\n  - ")
    return str(corpus.briefing(1)["briefing"]["title"])


def _move_source(project: Path) -> str:
    file = project / "briefings" / SLUG / "sources.yaml"
    publisher = yaml.safe_load(file.read_text(encoding="utf-8"))[0]["publisher"]
    _replace(file, f"publisher: {publisher}\n", "publisher: A Moved Publisher\n")
    return "A Moved Publisher"


def _rename_shared_source(project: Path) -> str:
    # A site-wide source that a quote cites: its speaker's page names it under the quote, though no
    # briefing changed when its publisher does.
    shared = project / "briefings" / "sources.yaml"
    if not shared.exists():
        source = {"id": "shared-wire", "title": "A shared wire report", "publisher": "Shared Wire",
                  "url": "https://example.org/shared", "published": "2024-01-01"}
        shared.write_text(yaml.safe_dump([source]), encoding="utf-8")
        _replace(project / "briefings" / SLUG / "quotes.yaml", "  sources:\n  - ", "  sources:\n  - shared-wire\n  - ")
        pipeline.generate(project, show_drafts=True)
    _replace(shared, "publisher: Shared Wire\n", "publisher: Renamed Wire\n")
    return "Renamed Wire</a>"


def _move_event(project: Path) -> str:
    date = corpus.briefing(0)["events"][0]["date"]
    _replace(project / "briefings" / SLUG / "events.yaml", f"date: '{date}'", "date: '2019-03-15'")
    return "March 2019"


def _name_tag(project: Path) -> str:
    # A tag's name lives in briefings/tags.yaml: every briefing writing the tag shows it, though none changed.
    tag = corpus.briefing(0)["briefing"]["tags"][0]
    (project / "briefings" / "tags.yaml").write_text(f"- id: {tag}\n  name: A Named Tag\n", encoding="utf-8")
    return "- A Named Tag\n"


EDITS: dict[str, Callable[[Path], str]] = {
    "event": lambda project: edit_first_event_title(project, "A retitled event") and "A retitled event",
    "quote": _edit_quote,
    "source": _edit_source,
    "site-wide actor": _edit_actor,
    "briefing title": _edit_title,
    # What the preview keeps between saves by what each page is made from (render/reuse.py,
    # resolve/backlinks.py) must see these, though the pages they change belong to no edited file.
    "actor named by another briefing": _name_actor_elsewhere,
    "source moved to another publisher": _move_source,
    "site-wide source a quote cites": _rename_shared_source,
    "event moved to another month": _move_event,
    "tag named in tags.yaml": _name_tag,
}


def _fresh(project: Path, tmp: Path) -> Path:
    """The same briefings generated from nothing (no cache, no earlier docs/), as the preview.

    In a process of its own: this one remembers what the preview made, by page and by briefing.
    """
    copy = make_project(tmp, project / "briefings")
    code = ("import sys; from pathlib import Path; from generator import pipeline; "
            "from generator.resolve import pagination; "
            f"pagination.MAX_SOURCES_ON_ONE_PAGE = {pagination.MAX_SOURCES_ON_ONE_PAGE}; "
            f"pagination.MAX_EVENTS_ON_ONE_PAGE = {pagination.MAX_EVENTS_ON_ONE_PAGE}; "
            "pipeline.generate(Path(sys.argv[1]), show_drafts=True)")
    subprocess.run([sys.executable, "-c", code, str(copy)], check=True, cwd=Path(__file__).parent.parent)
    return copy / "docs"


def _generated(docs: Path) -> dict[str, bytes]:
    return {path: (docs / path).read_bytes() for path in read_manifest(docs)}


def _is_data(path: str) -> bool:
    return path.startswith(f"{urls.DATA}/") and not path.endswith(".md")


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Four synthetic briefings, built once (the data files) and then previewed once.

    The sources are split into pages per publisher, as on a large site, and the chronology by month.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagination, "MAX_SOURCES_ON_ONE_PAGE", 20)
        patch.setattr(pagination, "MAX_EVENTS_ON_ONE_PAGE", 20)
        project = synthetic_project(tmp_path_factory.mktemp("preview"), 4)
        pipeline.generate(project)
        pipeline.generate(project, show_drafts=True)
        yield project


@pytest.mark.parametrize("kind", list(EDITS))
def test_after_each_kind_of_edit_the_preview_shows_what_a_fresh_generation_would(
        previewed: Path, tmp_path: Path, kind: str) -> None:
    docs = previewed / "docs"
    before = state(docs)
    shown = EDITS[kind](previewed)
    pipeline.generate(previewed, show_drafts=True)
    after = _generated(docs)
    fresh = _generated(_fresh(previewed, tmp_path))

    assert set(after) == set(fresh)  # the same files, the deferred data files among them
    pages = {path for path in fresh if not _is_data(path)}
    assert any(path.startswith("sources/") for path in pages)  # one page per publisher
    assert any(path.startswith("chronology/") for path in pages)  # one page per month
    assert {path for path in pages if after[path] != fresh[path]} == set()
    assert any(shown.encode() in after[path] for path in pages if path.endswith(".md")), kind
    written = touched(before, state(docs)) - {MANIFEST}
    assert written and not {path for path in written if _is_data(path)}  # the data files wait for a build


def test_a_build_after_the_preview_writes_the_data_files_afresh(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 2)
    pipeline.generate(project)
    pipeline.generate(project, show_drafts=True)
    edit_first_event_title(project, "Seen in the data")
    pipeline.generate(project, show_drafts=True)
    data = project / "docs" / urls.SITE_DATA
    assert b"Seen in the data" not in data.read_bytes()  # deferred in the preview
    pipeline.generate(project)
    assert b"Seen in the data" in data.read_bytes()
    shutil.rmtree(project / ".cache")
    before = state(project / "docs")
    pipeline.generate(project)
    assert touched(before, state(project / "docs")) == set()


def test_the_preview_writes_the_data_files_when_there_are_none_yet(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 2)
    pipeline.generate(project, show_drafts=True)
    assert (project / "docs" / urls.SITE_DATA).is_file()
    assert (project / "docs" / urls.briefing_data(SLUG)).is_file()


def _problems(project: Path) -> list[tuple[str, int, int, str, str]]:
    try:
        found = pipeline.check(project)
    except DataError as err:
        found = err.problems
    return sorted((p.file, p.line, p.column, p.message, p.severity) for p in found)


def _forget() -> None:
    """Empty what validation and the document cache remember in this process."""
    fields._CHECKED.results.clear()
    cross_check._CHECKED.results.clear()
    placeholders._FOUND.clear()
    reuse.forget_all()
    cache._LOADED.clear()
    cache._DIGESTS.clear()


Found = list[tuple[str, int, int, str, str]]


def _remembered_after_each(project: Path, steps: list[Callable[[], None]]) -> list[Found]:
    """After each step, what the preview's remembering validation finds: asserted equal to what it finds afresh."""
    seen = []
    for step in steps:
        step()
        remembered = _previewed_problems(project)
        _forget()
        assert remembered == _previewed_problems(project)
        seen.append(remembered)
    return seen


def _previewed_problems(project: Path) -> list[tuple[str, int, int, str, str]]:
    """What the preview's validation finds (it remembers files, documents and checks between calls)."""
    try:
        found = pipeline.resolved_site(project, show_drafts=True)[1]
    except DataError as err:
        found = err.problems
    return sorted((p.file, p.line, p.column, p.message, p.severity) for p in found)


def test_the_preview_sees_a_site_wide_file_change_what_a_briefing_may_use(tmp_path: Path) -> None:
    # A briefing's checks are kept while what they read of the site-wide files is unchanged
    # (references.Checker.registry_basis): an actor's id, a source's date and language are read.
    project = synthetic_project(tmp_path, 3)
    actors, sources = project / "briefings" / "actors.yaml", project / "briefings" / "sources.yaml"
    speaker = corpus.briefing(0)["quotes"][0]["speaker"]
    # A site-wide source, published long after the events, that the first briefing's first event cites.
    source = {**yaml.safe_load((project / "briefings" / SLUG / "sources.yaml").read_text(encoding="utf-8"))[0],
              "id": "shared-source", "published": "2099", "url": "https://example.org/shared"}
    sources.write_text(yaml.safe_dump([source]), encoding="utf-8")
    _replace(project / "briefings" / SLUG / "events.yaml", "  sources:\n  - ", "  sources:\n  - shared-source\n  - ")
    steps: list[Callable[[], None]] = [
        lambda: _replace(actors, f"- id: {speaker}\n", f"- id: {speaker}-renamed\n"),
        lambda: _replace(actors, f"- id: {speaker}-renamed\n", f"- id: {speaker}\n"),
        lambda: _replace(sources, "published: '2099'", "published: '1990'"),
        lambda: _replace(sources, "published: '1990'", "published: '2099'"),
    ]
    seen = [_previewed_problems(project), *_remembered_after_each(project, steps)]
    assert seen[0] != seen[1] and seen[0] == seen[2] and seen[2] != seen[3] and seen[0] == seen[4]


def test_a_file_touched_without_a_change_changes_no_page(previewed: Path) -> None:
    docs = previewed / "docs"
    pipeline.generate(previewed, show_drafts=True)
    before = state(docs)
    for file in (previewed / "briefings" / SLUG).iterdir():
        file.touch()
    (previewed / "briefings" / "actors.yaml").touch()
    pipeline.generate(previewed, show_drafts=True)
    assert touched(before, state(docs)) <= {MANIFEST}


def test_a_file_replaced_keeping_its_size_and_mtime_is_still_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  ) -> None:
    # Every state is trusted here, however recent (in use, one changed in the last two seconds is read
    # again): what tells the two versions apart is the ctime a write gives the file.
    monkeypatch.setattr(cache, "_SETTLED_NS", -10**18)
    project = synthetic_project(tmp_path, 2)
    pipeline.generate(project, show_drafts=True)
    file = project / "briefings" / SLUG / "briefing.yaml"
    text, info = file.read_text(encoding="utf-8"), file.stat()
    title = re.search(r"^title: (.*)$", text, flags=re.M)
    assert title and len(title[1]) > 3
    same_size = "Q" * len(title[1].encode())
    time.sleep(0.05)  # past the clock's granularity: the new ctime differs from the old
    file.write_text(text.replace(f"title: {title[1]}", f"title: {same_size}", 1), encoding="utf-8")
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (file.stat().st_size, file.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    pipeline.generate(project, show_drafts=True)
    assert same_size in (project / "docs" / urls.briefing_md(SLUG)).read_text(encoding="utf-8")


def test_validation_remembered_between_saves_finds_what_validating_afresh_finds(tmp_path: Path) -> None:
    # Each step breaks or mends a reference across briefings or files: what one briefing reports
    # then depends on another file, which is where a remembered check could go stale.
    project = synthetic_project(tmp_path, 3)
    first, second, third = (project / "briefings" / corpus.slug_of(i) for i in range(3))
    theirs = re.search(r"^- id: (\S+)$", (first / "sources.yaml").read_text(encoding="utf-8"), re.M)
    event = re.search(r"^- id: (\S+)$", (first / "events.yaml").read_text(encoding="utf-8"), re.M)
    later = re.search(r"^- id: (\S+)$", (third / "events.yaml").read_text(encoding="utf-8"), re.M)
    assert theirs and event and later
    events = (first / "events.yaml").read_text(encoding="utf-8")
    steps: list[Callable[[], None]] = [
        # A source of the first briefing cited by the second: it belongs to another briefing.
        lambda: _replace(second / "events.yaml", "  sources:\n  - ", f"  sources:\n  - {theirs[1]}\n  - "),
        # The first briefing renames it: now it is unknown, and the first briefing's own citations break.
        lambda: _replace(first / "sources.yaml", f"- id: {theirs[1]}\n", f"- id: {theirs[1]}-renamed\n"),
        # The third briefing takes the first one's event id.
        lambda: _replace(third / "events.yaml", "- id: ", f"- id: {event[1]}\n  was: "),
        lambda: _replace(third / "events.yaml", f"- id: {event[1]}\n  was: ", "- id: "),
        # The third briefing's first event dated after today: a warning at that event.
        lambda: (third / "events.yaml").write_text(re.sub(r"date: '\d{4}", "date: '2031", (
            third / "events.yaml").read_text(encoding="utf-8"), count=1), encoding="utf-8"),
        # The first briefing takes that event's id: the third, unchanged, must not keep what it checked.
        lambda: _replace(first / "events.yaml", "- id: ", f"- id: {later[1]}\n  was: "),
        lambda: _replace(first / "events.yaml", f"- id: {later[1]}\n  was: ", "- id: "),
        lambda: _replace(first / "sources.yaml", f"- id: {theirs[1]}-renamed\n", f"- id: {theirs[1]}\n"),
        lambda: _replace(second / "events.yaml", f"  sources:\n  - {theirs[1]}\n  - ", "  sources:\n  - "),
        # The first briefing's events written as a mapping: reported there, its ids not "unknown" where
        # used, also once the first briefing's checks are remembered and another briefing is saved.
        lambda: (first / "events.yaml").write_text("events:\n" + events, encoding="utf-8"),
        lambda: _replace(second / "briefing.yaml", "title: ", "title: Saved again "),
        lambda: (first / "events.yaml").write_text(events, encoding="utf-8"),
        lambda: _replace(second / "briefing.yaml", "title: Saved again ", "title: "),
    ]
    _previewed_problems(project)  # what the preview's process then remembers (a one-off check forgets it all)
    seen = _remembered_after_each(project, steps)
    assert seen[0] != seen[1] != seen[2] != seen[3]
    assert seen[-1] == _problems(make_project(tmp_path / "fresh", first.parent))


def test_after_a_save_the_preview_reads_no_kept_check_of_an_unchanged_briefing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A one-off run keeps each briefing's checks on disk; the preview's first generation reads them
    # there, and must remember them: a save then checks again the saved briefing only, reading nothing.
    project = synthetic_project(tmp_path, 3)
    pipeline.generate(project)
    _forget()
    pipeline.generate(project, show_drafts=True)
    read: list[str] = []
    checked: list[str] = []
    get, check_briefing = cross_check.StoredChecks.get, cross_check.Checker.check_briefing
    monkeypatch.setattr(cross_check.StoredChecks, "get", lambda self, name: read.append(name) or get(self, name))
    monkeypatch.setattr(cross_check.Checker, "check_briefing",
                        lambda self, briefing: checked.append(briefing.slug) or check_briefing(self, briefing))
    edit_first_event_title(project, "Saved once")
    pipeline.generate(project, show_drafts=True)
    assert checked == [SLUG] and len(read) == 1  # its new files' entry looked for, then checked
    checked.clear(), read.clear()
    pipeline.generate(project, show_drafts=True)  # nothing saved: nothing checked
    assert checked == [] and read == []


def _started_again(project: Path) -> preview.Preview:
    """A preview started again on the pages it wrote: its first generation finds nothing changed."""
    pipeline.generate(project, show_drafts=True)
    _forget()  # as a new process
    started = preview.Preview(project)
    assert started.generate() is not None and not started.holds_site  # nothing was loaded
    return started


def test_a_preview_started_again_loads_the_site_before_the_first_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Else the first save loads, checks and renders the whole site: 3 s at 200 briefings, 12 s at 1,000.
    project = synthetic_project(tmp_path, 3)
    started = _started_again(project)
    thread = started.prepare()
    assert thread is not None
    thread.join()
    assert started.holds_site and started.prepare() is None  # once
    read: list[str] = []
    get = cross_check.StoredChecks.get
    monkeypatch.setattr(cross_check.StoredChecks, "get", lambda self, name: read.append(name) or get(self, name))
    edit_first_event_title(project, "Saved first")
    started.generate()
    assert len(read) == 1  # the saved briefing's checks looked for; the others' are in memory
    assert "Saved first" in (project / "docs" / urls.briefing_md(SLUG)).read_text(encoding="utf-8")


def test_a_save_waits_for_the_site_being_loaded_in_the_background(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = synthetic_project(tmp_path, 2)
    started = _started_again(project)
    running: list[bool] = []
    overlapped: list[bool] = []
    generate_preview = pipeline.generate_preview

    def slow(root: Path, whole: bool = False) -> tuple[list[Problem], bool]:
        overlapped.append(bool(running))
        running.append(True)
        time.sleep(0.3 if whole else 0)  # the save below starts while this runs
        try:
            return generate_preview(root, whole)
        finally:
            running.pop()

    monkeypatch.setattr(pipeline, "generate_preview", slow)
    thread = started.prepare()
    assert thread is not None
    edit_first_event_title(project, "Saved while loading")
    started.generate()
    thread.join()
    assert overlapped == [False, False]
    assert "Saved while loading" in (project / "docs" / urls.briefing_md(SLUG)).read_text(encoding="utf-8")


def test_the_mkdocs_preview_loads_the_site_after_its_first_build(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = synthetic_project(tmp_path, 2)
    pipeline.generate(project, show_drafts=True)
    _forget()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    hook = config.hooks["generator/hooks.py"]  # as MkDocs loaded it, from its file
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(preview.not_dirty_warning)  # as `briefing serve` does: strict would abort on it
    try:
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        started = hook._preview_of(project.resolve())
        assert started.preparing is not None
        started.preparing.join()
        assert started.holds_site
    finally:
        if hook._search_index.worker is not None:
            hook._search_index.worker.join()
        config.plugins.on_startup(command="build", dirty=False)  # the hook's module outlives this test
        hook._preview = None
        build_log.removeFilter(preview.not_dirty_warning)
