"""Regenerating costs what changed: no-op and one-file regenerations, the cache, page sizes at scale.

Behaviour only, never timings: which files a regeneration touches, that a damaged cache is
harmless, and that a briefing's page does not grow with the number of briefings beside it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import forking, pipeline, preview, urls
from generator.cache import cache_dir
from generator.config import read_config
from generator.exceptions import DataError
from generator.generations import last_generation, read_inputs
from generator.load import ahead
from generator.model import citations
from generator.output_cache import PageStore
from generator.render import parallel
from generator.render.pages import render_site
from generator.resolve import pagination as layout
from generator.resolve.backlinks import build_references
from generator.validate import cross_check, future
from generator.write import MANIFEST, PageWriter, read_manifest

from conftest import ROOT, make_project

EDITED = "briefing-0000"


def _corpus() -> ModuleType:
    """benchmarks/corpus.py, the synthetic briefings the benchmark uses."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


def synthetic_project(tmp: Path, count: int) -> Path:
    """A project whose briefings/ holds count synthetic briefings."""
    briefings = tmp / f"corpus-{count}"
    corpus.write_corpus(briefings, count)
    return make_project(tmp / f"site-{count}", briefings)


def state(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under folder with its inode, mtime and size: any write changes one of them."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def touched(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def edit_first_event_title(project: Path, new_title: str) -> tuple[str, list[str]]:
    """Retitle the first event of EDITED in its events.yaml; return the event's id and actors."""
    file = project / "briefings" / EDITED / "events.yaml"
    events = corpus.briefing(0)["events"]
    first = events[0]
    text = file.read_text(encoding="utf-8")
    assert f"title: {first['title']}\n" in text
    file.write_text(text.replace(f"title: {first['title']}\n", f"title: {new_title}\n", 1), encoding="utf-8")
    return first["id"], first["actors"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four synthetic briefings, generated once."""
    project = synthetic_project(tmp_path_factory.mktemp("incremental"), 4)
    pipeline.generate(project)
    return project


def test_a_noop_regeneration_writes_no_file(small: Path) -> None:
    before = state(small / "docs")
    assert pipeline.generate(small) == pipeline.generate(small)
    assert touched(before, state(small / "docs")) == set()


def test_a_noop_regeneration_without_the_cache_writes_no_file_either(small: Path) -> None:
    before = state(small / "docs")
    shutil.rmtree(cache_dir(small))
    pipeline.generate(small)
    assert touched(before, state(small / "docs")) == set()
    assert (cache_dir(small) / "generation.pickle").is_file()  # and the cache is back


def test_a_generated_file_edited_by_hand_is_written_again(small: Path) -> None:
    page = small / "docs" / "briefings" / "briefing-0001.md"
    generated = page.read_text(encoding="utf-8")
    page.write_text(generated + "\nhand edit\n", encoding="utf-8")
    pipeline.generate(small)
    assert page.read_text(encoding="utf-8") == generated


def test_editing_one_briefing_rewrites_only_the_pages_that_show_it(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 4)
    pipeline.generate(project)
    before = state(project / "docs")
    event_id, actors = edit_first_event_title(project, "Retitled on purpose")
    pipeline.generate(project)
    written = touched(before, state(project / "docs"))

    assert f"briefings/{EDITED}.md" in written
    assert "Retitled on purpose" in (project / "docs" / "briefings" / f"{EDITED}.md").read_text(encoding="utf-8")
    others = [corpus.slug_of(i) for i in range(1, 4)]
    assert not [p for p in written if any(slug in p for slug in others)], written
    # Pages that list the event: the chronology, the sources page, its actors' pages, site-wide data.
    for page in written - {f"briefings/{EDITED}.md"}:
        name = page.rsplit("/", 1)[-1]
        if page.startswith("actors/"):
            assert name.removesuffix(".md") in actors, page
        elif page.startswith(("data/", "feeds/")):
            continue  # its own data and feed files, or site-wide ones: no other briefing's (above)
        else:
            assert page in {"chronology.md", "sources.md", ".generated.json"}, page
    assert "chronology.md" in written
    assert event_id in (project / "docs" / "chronology.md").read_text(encoding="utf-8")


def test_a_one_off_run_reads_no_page_that_its_file_holds_as_the_last_generation_left_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # write.PageWriter.holds: a page whose entry and file are as the last generation left them is
    # neither read from the page store nor compared with its file; one edited by hand is written again.
    project = synthetic_project(tmp_path, 3)
    monkeypatch.setattr(forking, "available_cores", lambda: 1)  # every page put in this process, where it is seen
    pipeline.generate(project)
    put: list[str] = []
    real_put = PageWriter.put

    def counted(self: PageWriter, relative: str, text: str | bytes) -> None:
        put.append(relative)
        real_put(self, relative, text)

    monkeypatch.setattr(PageWriter, "put", counted)
    other = project / "docs" / urls.briefing_md(corpus.slug_of(1))
    other.write_text(other.read_text(encoding="utf-8") + "\nEdited by hand\n", encoding="utf-8")
    data = project / "docs" / urls.briefing_data(corpus.slug_of(1))  # so are a briefing's data files
    data.write_text(data.read_text(encoding="utf-8").replace('"briefing":', '"briefing" :'), encoding="utf-8")
    edit_first_event_title(project, "Retitled while one page was edited by hand")
    pipeline.generate(project)
    pages = [p for p in put if p.endswith(".md")]
    assert urls.briefing_md(EDITED) in pages and urls.briefing_md(corpus.slug_of(1)) in pages
    assert urls.briefing_md(corpus.slug_of(2)) not in pages  # held: unchanged, untouched
    assert "Edited by hand" not in other.read_text(encoding="utf-8")
    assert {urls.briefing_data(EDITED), urls.briefing_data(corpus.slug_of(1)), urls.SITE_DATA} <= set(put)
    assert urls.briefing_data(corpus.slug_of(2)) not in put
    assert '"briefing" :' not in data.read_text(encoding="utf-8")
    assert len(pages) < len([p for p in read_manifest(project / "docs") if p.endswith(".md")]) / 2
    # Edited in place with its size and mtime kept (as `touch -r` would leave it): its ctime tells.
    held = project / "docs" / urls.briefing_md(corpus.slug_of(2))
    info, text = held.stat(), held.read_bytes()
    with open(held, "r+b") as page:
        page.write(text[:-2] + b"X\n")
    os.utime(held, ns=(info.st_atime_ns, info.st_mtime_ns))
    events = project / "briefings" / EDITED / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("while one page", "while a page"), encoding="utf-8")
    pipeline.generate(project)
    assert held.read_bytes() == text
    put.clear()
    shutil.rmtree(cache_dir(project))  # no record of the last generation: every page is compared again
    events.write_text(events.read_text(encoding="utf-8").replace("while a page", "once more while no page"),
                      encoding="utf-8")
    pipeline.generate(project)
    assert urls.briefing_md(corpus.slug_of(2)) in put


def test_a_one_off_run_after_a_small_edit_forks_no_child_for_work_the_caches_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # generations.Inputs.little_change: after a few files changed (same settings and code), loading, checking and
    # rendering run in one process (the open data beside it): forking a child per core to find nearly
    # everything cached cost more CPU than it saved, and no time.
    for module in (ahead, cross_check, parallel):
        monkeypatch.setattr(module, "WORTH_A_CHILD", 1)  # every stage worth a child, even on 3 briefings
    monkeypatch.setattr(forking, "available_cores", lambda: 2)
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted)
    project = synthetic_project(tmp_path, 3)
    pipeline.generate(project)
    cold = len(forks)
    assert cold >= 4  # parsing ahead, checks, rendering, open data
    forks.clear()
    edit_first_event_title(project, "Retitled in one process")
    pipeline.generate(project)
    assert len(forks) == 1  # the open data, made beside the pages
    assert "Retitled in one process" in (project / "docs" / urls.briefing_md(EDITED)).read_text(encoding="utf-8")
    forks.clear()
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\n",
                                        encoding="utf-8")
    pipeline.generate(project)  # other settings: any page may change, so the work is shared out again
    assert len(forks) == cold


def test_what_changed_since_the_last_generation(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 2)
    pipeline.generate(project)
    last = last_generation(project)
    assert last is not None
    options = {"show_drafts": False, "pdf_links": False, "today": future.reference_day().isoformat()}
    assert read_inputs(project, **options).changed_since(last) == set()
    edit_first_event_title(project, "Changed since")
    (project / "briefings" / corpus.slug_of(1) / "quotes.yaml").unlink()
    assert read_inputs(project, **options).changed_since(last) == {
        f"briefings/{EDITED}/events.yaml", f"briefings/{corpus.slug_of(1)}/quotes.yaml"}
    assert read_inputs(project, **{**options, "pdf_links": True}).changed_since(last) is None
    assert read_inputs(project, **options).changed_since(None) is None


def test_a_one_off_run_reads_back_what_an_unchanged_briefing_cites(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Finding the citations in every text was most of indexing the site again after a one-file edit
    # (resolve/backlinks.py): a one-off run keeps each briefing's by the digest of its files.
    project = synthetic_project(tmp_path, 2)
    monkeypatch.setattr(forking, "available_cores", lambda: 1)  # every scan in this process, where it is seen
    pipeline.generate(project)
    site = pipeline.resolved_site(project)[0]
    unchanged = {text for item in site.briefings[1].citing_items() for text in item.markdown.values() if text}
    assert len(unchanged) > 10 and any("[@" in text for text in unchanged)
    scanned: list[str] = []
    scan = citations._scan.__wrapped__

    def counted(text: str) -> Any:
        scanned.append(text)
        return scan(text)

    monkeypatch.setattr(citations, "_scan", counted)
    edit_first_event_title(project, "Edited, what the other briefing cites read back")
    pipeline.generate(project)
    assert scanned and not unchanged & set(scanned)  # the edited briefing's texts only
    events = project / "briefings" / EDITED / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("read back", "read again"), encoding="utf-8")
    shutil.rmtree(cache_dir(project) / "citations")
    pipeline.generate(project)
    assert unchanged <= set(scanned)  # without them, every text is read again
    page = (project / "docs" / urls.briefing_md(site.briefings[1].slug)).read_text(encoding="utf-8")
    assert all(f"#{source}" in page or source in page for source in site.briefings[1].cited_source_ids())


def test_the_open_data_made_beside_the_pages_reads_back_what_an_unchanged_briefing_cites(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The open data's child lists each briefing's sources too: forked before the pages read back what each
    # cites, it found them in every text again (2.2 s of its 2.3 s at 1,000 briefings; backlinks.recall).
    project = synthetic_project(tmp_path, 2)
    monkeypatch.setattr(forking, "available_cores", lambda: 2)  # the open data made in a child of its own
    pipeline.generate(project)
    site = pipeline.resolved_site(project)[0]
    unchanged = {text for item in site.briefings[1].citing_items() for text in item.markdown.values() if text}
    assert len(unchanged) > 10 and any("[@" in text for text in unchanged)
    scanned = tmp_path / "scanned.txt"  # written by every process: the child's scans are not seen here
    scan = citations._scan.__wrapped__

    def counted(text: str) -> Any:
        with scanned.open("a", encoding="utf-8") as log:
            log.write(json.dumps(text) + "\n")
        return scan(text)

    monkeypatch.setattr(citations, "_scan", counted)
    edit_first_event_title(project, "Edited, its open data made beside its pages")
    pipeline.generate(project)
    texts = {json.loads(line) for line in scanned.read_text(encoding="utf-8").splitlines()}
    assert texts and not unchanged & texts  # the edited briefing's texts only, in either process
    data = json.loads((project / "docs" / urls.briefing_data(site.briefings[1].slug)).read_text(encoding="utf-8"))
    assert data["sources"]


def test_a_damaged_cache_is_ignored_and_repaired(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 2)
    pipeline.generate(project)
    entries = [p for p in cache_dir(project).rglob("*") if p.is_file()]
    assert len(entries) > 5  # the generation record and one entry per YAML file
    for number, entry in enumerate(entries):
        # Garbage, a truncated file, an empty file, and a valid pickle of the wrong thing.
        entry.write_bytes([b"\x80\x05garbage", entry.read_bytes()[:20], b"", b"\x80\x04K\x01."][number % 4])
    edit_first_event_title(project, "Edited after the damage")
    pipeline.generate(project)
    page = project / "docs" / "briefings" / f"{EDITED}.md"
    assert "Edited after the damage" in page.read_text(encoding="utf-8")

    before = state(project / "docs")
    pipeline.generate(project)  # the repaired cache works again
    assert touched(before, state(project / "docs")) == set()


def test_generation_works_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 1)
    (project / ".cache").write_text("a file where the cache folder would go\n", encoding="utf-8")
    pipeline.generate(project)
    assert (project / "docs" / "briefings" / f"{EDITED}.md").is_file()
    edit_first_event_title(project, "Edited without a cache")
    pipeline.generate(project)
    assert "Edited without a cache" in (project / "docs" / "briefings" / f"{EDITED}.md").read_text(encoding="utf-8")


def test_an_invalid_edit_is_reported_every_time_not_cached_away(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 1)
    pipeline.generate(project)
    file = project / "briefings" / EDITED / "briefing.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as err:
            pipeline.generate(project)
        assert any("colour" in p.message for p in err.value.problems)


def build(project: Path, site_dir: Path, dirty: bool = False) -> None:
    """The real MkDocs build of what generate wrote (the hook is told not to generate again)."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
    os.environ["BRIEFING_GENERATED"] = str(project.resolve())
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(preview.not_dirty_warning)  # as `briefing serve` does: strict would abort on it
    try:
        mkdocs_build(config, dirty=dirty)
    finally:
        os.environ.pop("BRIEFING_GENERATED", None)
        build_log.removeFilter(preview.not_dirty_warning)


def test_a_dirty_rebuild_after_one_save_rebuilds_only_the_pages_it_changed(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 3)
    pipeline.generate(project)
    site = tmp_path / "site"
    build(project, site)
    before = state(site)
    edit_first_event_title(project, "Seen in the preview")
    pipeline.generate(project)
    build(project, site, dirty=True)  # what `briefing serve` does on a save
    rebuilt = {p for p in touched(before, state(site)) if p.endswith(".html")}
    assert f"briefings/{EDITED}.html" in rebuilt
    assert "Seen in the preview" in (site / "briefings" / f"{EDITED}.html").read_text(encoding="utf-8")
    assert not {p for p in rebuilt if "briefing-0001" in p or "briefing-0002" in p}
    assert "index.html" not in rebuilt  # the home page lists briefings, not event titles


def test_a_briefing_page_does_not_grow_with_the_number_of_briefings(tmp_path: Path) -> None:
    sizes = {}
    for count in (2, 20):
        project = synthetic_project(tmp_path, count)
        pipeline.generate(project)
        build(project, tmp_path / f"built-{count}")
        page = tmp_path / f"built-{count}" / "briefings" / f"{EDITED}.html"
        sizes[count] = len(page.read_bytes())
        manifest = json.loads((project / "docs" / ".generated.json").read_text(encoding="utf-8"))
        assert sum(p.startswith("briefings/") for p in manifest["files"]) == count
    # The navigation does not list every briefing, so the page is the same size in both sites.
    assert abs(sizes[20] - sizes[2]) <= 0.01 * sizes[2], sizes


def _render(project: Path, store: PageStore | None = None) -> dict[str, str]:
    site, _ = pipeline.resolved_site(project)
    return render_site(site, read_config(project), store)


@pytest.mark.parametrize("split", [False, True], ids=["one-page-lists", "split-lists"])
def test_remembered_pages_are_the_pages_rendered_afresh_after_every_kind_of_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: bool) -> None:
    project = synthetic_project(tmp_path, 3)
    first = corpus.briefing(0)["events"][0]
    added = {**first, "id": "b0000-added", "title": "Added in the same month"}
    if split:  # sources by publisher and the chronology by month, long ones continued on further pages
        monkeypatch.setattr(layout, "MAX_SOURCES_ON_ONE_PAGE", 7)
        site, _ = pipeline.resolved_site(project)
        periods: dict[tuple[int, int, int], list[str]] = {}
        for _, event in build_references(site).chronology:
            periods.setdefault(layout._period(event), []).append(event.date.text)
        second = sorted(periods)[1]
        # The second month just fits on a page; the event added to it makes it two, which changes
        # the "next month" link of the first month's page, and nothing else on that page.
        monkeypatch.setattr(layout, "MAX_EVENTS_ON_ONE_PAGE", len(periods[second]))
        added["date"] = periods[second][0]
    store = PageStore(project)
    assert _render(project, store) == _render(project)
    actors = project / "briefings" / "actors.yaml"
    registry = actors.read_text(encoding="utf-8")
    person = corpus.briefing(1)["quotes"][0]["speaker"]  # named in briefing 1 (and maybe its neighbours)
    name = next(a["name"] for a in yaml.safe_load(registry) if a["id"] == person)
    events = project / "briefings" / EDITED / "events.yaml"
    edits = [
        lambda: edit_first_event_title(project, "Retitled for the cache"),
        # One more event in a month: the month may need one more page, and its neighbours' links change.
        lambda: events.write_text(events.read_text(encoding="utf-8") + yaml.safe_dump([added], sort_keys=False),
                                  encoding="utf-8"),
        # An actor lives in the shared actors.yaml: every page that names them must change.
        lambda: actors.write_text(registry.replace(f"name: {name}\n", "name: Renamed Person\n", 1), encoding="utf-8"),
    ]
    for edit in edits:
        edit()
        store = PageStore(project)
        remembered = _render(project, store)
        assert remembered == _render(project)
        assert store.hits and store.misses  # some pages were reused, some rendered again
    assert "Renamed Person" in remembered[f"briefings/{corpus.slug_of(1)}.md"]
    assert "Renamed Person" in remembered[f"actors/{person}.md"]


# Site-wide pages declared too: the home page, the open-data page, the list of everyone named.
SITE_WIDE = {urls.HOME_MD, urls.DATA_MD, urls.ACTORS_MD}


def remembered(path: str) -> bool:
    """The pages kept in the page store: one per briefing, actor, month and publisher, and SITE_WIDE."""
    return path in SITE_WIDE or path.startswith(("briefings/", "actors/", "chronology/", "sources/"))


def test_an_edit_renders_again_only_the_pages_that_show_it(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 4)
    pipeline.generate(project)
    before = _render(project)
    edit_first_event_title(project, "Rendered once more")
    store = PageStore(project)
    after = _render(project, store)
    changed = {path for path in after if after[path] != before.get(path)}

    # Every remembered page that changed was rendered again, and every other one was reused.
    assert store.misses == len([p for p in changed if remembered(p)]) >= 1
    assert store.hits == len([p for p in after if remembered(p)]) - store.misses >= 3


def test_switching_between_the_preview_and_a_build_renders_nothing_again(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 3)
    meta = project / "briefings" / corpus.slug_of(1) / "briefing.yaml"
    meta.write_text(re.sub(r"^status: \w+$", "status: draft", meta.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    pages = cache_dir(project) / "pages"

    def entries() -> set[str]:
        return {p.name for p in pages.glob("*.pickle")}

    pipeline.generate(project)  # the public build: no draft
    public = entries()
    pipeline.generate(project, show_drafts=True)  # the preview shows the draft, so other pages
    both = entries()
    assert public < both  # the preview's pages were added, the build's kept
    before = state(pages)
    pipeline.generate(project)
    assert touched(before, state(pages)) <= {p for p in before if not p.endswith(".pickle")}  # no page rendered again


def _generated(project: Path) -> dict[str, bytes]:
    """Every file the last generation wrote under docs/ (its manifest), with its bytes."""
    docs = project / "docs"
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    return {name: (docs / name).read_bytes() for name in manifest["files"]}


def _outcome(project: Path) -> tuple[dict[str, bytes] | None, list[str]]:
    """What `briefing generate` gives: the files and the warnings, or no files and the errors."""
    try:
        problems = pipeline.generate(project)
    except DataError as err:
        return None, [repr(p) for p in err.problems]
    return _generated(project), [repr(p) for p in problems]


def _afresh(project: Path, tmp: Path) -> tuple[dict[str, bytes] | None, list[str]]:
    """_outcome of a copy of project with no cache: what nothing remembered would give."""
    copy = tmp / "afresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))
    return _outcome(copy)


def test_a_generation_from_the_cache_is_a_generation_afresh_after_every_kind_of_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The caches a one-off run reads (each briefing's checks, pages, open-data parts, feeds) are keyed on what
    # they are made of: after each edit, generating with them gives the files and problems of a
    # generation without them, even where an unchanged briefing's results depend on the edit.
    project = synthetic_project(tmp_path, 3)
    # Sources split by publisher and events by month: every kind of page keyed by what it shows is made.
    monkeypatch.setattr(layout, "MAX_SOURCES_ON_ONE_PAGE", 7)
    monkeypatch.setattr(layout, "MAX_EVENTS_ON_ONE_PAGE", 20)
    briefings = project / "briefings"
    cited = corpus.briefing(1)["sources"][0]
    # A site-wide source cited by briefing 1 and 2, whose own files never change below.
    shared = {**cited, "id": "shared-source", "title": "Shared: the source two briefings cite"}
    (briefings / "sources.yaml").write_text(yaml.safe_dump([shared], sort_keys=False), encoding="utf-8")
    for number in (1, 2):
        meta = briefings / corpus.slug_of(number) / "briefing.yaml"
        text = meta.read_text(encoding="utf-8")
        assert "\nsummary: " in text
        meta.write_text(text.replace("\nsummary: ", "\nsummary: Cited [@shared-source]. ", 1), encoding="utf-8")
    actors = briefings / "actors.yaml"
    person = corpus.briefing(1)["quotes"][0]["speaker"]
    # Briefing 1's revision log names a quote of that person: its feeds show the speaker's name.
    meta = briefings / corpus.slug_of(1) / "briefing.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["changes"][-1]["added"] = [corpus.briefing(1)["quotes"][0]["id"]]
    meta.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    name = next(a["name"] for a in yaml.safe_load(actors.read_text(encoding="utf-8")) if a["id"] == person)
    sources_file = briefings / EDITED / "sources.yaml"
    own_source = corpus.briefing(0)["sources"][0]

    def replace(file: Path, old: str, new: str) -> None:
        text = file.read_text(encoding="utf-8")
        assert old in text, (file, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    edits = {
        "an event's title": lambda: edit_first_event_title(project, "Retitled from the cache"),
        "a site-wide actor's name": lambda: replace(actors, f"name: {name}\n", "name: Renamed Person\n"),
        "a site-wide source's title": lambda: replace(briefings / "sources.yaml", "title: 'Shared:",
                                                      "title: 'Retitled:"),
        "a warning added (a source's url removed)": lambda: replace(sources_file, f"  url: {own_source['url']}\n", ""),
        "a site-wide source removed, which unchanged briefings cite": lambda: (
            briefings / "sources.yaml").write_text("[]\n", encoding="utf-8"),
        "the site-wide source put back": lambda: (briefings / "sources.yaml").write_text(
            yaml.safe_dump([{**shared, "title": "Retitled: the source"}], sort_keys=False), encoding="utf-8"),
        # What the briefing cites is kept by its files' digest: the sources page must list it at once.
        "an inline citation added": lambda: replace(briefings / EDITED / "briefing.yaml", "\nsummary: ",
                                                    "\nsummary: Now citing [@shared-source]. "),
        # A tag's name is on the page of every briefing that writes the tag, whose own files did not change.
        "a tag named in briefings/tags.yaml": lambda: (briefings / "tags.yaml").write_text(
            f"- id: {corpus.briefing(1)['briefing']['tags'][0]}\n  name: A named tag\n", encoding="utf-8"),
        # Every briefing's events after this day are warned about: unchanged briefings' checks too.
        "another day taken as today": lambda: monkeypatch.setenv("BRIEFING_TODAY", "2022-06-01"),
    }
    assert _outcome(project)[0] is not None
    outcomes = {}
    for kind, edit in edits.items():
        edit()
        outcomes[kind] = _outcome(project)
        assert outcomes[kind] == _afresh(project, tmp_path), kind
    assert outcomes["a site-wide source removed, which unchanged briefings cite"][0] is None  # errors
    files, problems = outcomes["the site-wide source put back"]
    assert files is not None, [p for p in problems if "error" in p]
    assert b"Renamed Person" in files[urls.SITE_DATA] and b"Retitled:" in files[urls.SITE_DATA]
    assert b"Quote by Renamed Person" in files[urls.briefing_atom(corpus.slug_of(1))]
    named = outcomes["a tag named in briefings/tags.yaml"][0]
    assert named is not None and b"- A named tag\n" in named[urls.briefing_md(corpus.slug_of(1))]
    # A quote's label on its source's publisher page names its speaker (kept per briefing with the names).
    assert any(b"Quote by Renamed Person" in text for path, text in files.items() if path.startswith("sources/"))


def test_a_one_off_run_compiles_no_page_template_an_earlier_run_compiled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Compiling the page templates cost every run after an edit 0.2 s: they are kept with the theme's.
    import jinja2

    from generator.render import environment

    project = synthetic_project(tmp_path, 2)
    environment.environment.cache_clear()  # as in a process of its own: no template compiled in memory yet
    pipeline.generate(project)
    environment.environment.cache_clear()  # as in the next process: an environment that has compiled nothing
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    edit_first_event_title(project, "Edited, rendered by templates compiled last time")
    pipeline.generate(project)
    page = project / "docs" / urls.briefing_md(EDITED)
    assert "rendered by templates compiled last time" in page.read_text(encoding="utf-8")
    environment.environment.cache_clear()
