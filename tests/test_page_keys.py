"""A remembered page's key is what it is rendered from: its template and its declared inputs.

An edit to a template renders again the pages of that template only, an edit to data renders
again exactly the pages that show it, and a page is given nothing it did not declare.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from pydantic_core import to_json

from generator import forking, pipeline
from generator.config import read_config
from generator.exceptions import BuildError
from generator.output_cache import PageStore
from generator.render import pages
from generator.render.pages import Renderer, render_site
from generator.resolve import pagination

from test_incremental import SITE_WIDE, corpus, edit_first_event_title, remembered, synthetic_project

# Lists short enough to be split: the sources by publisher and the chronology by month, so that
# every kind of remembered page (briefing, actor, month, publisher) is made.
SPLIT = {"MAX_SOURCES_ON_ONE_PAGE": 7, "MAX_EVENTS_ON_ONE_PAGE": 20}

# Renders the project in its own folder with its own copy of the generator (cwd comes first on
# sys.path), so that a test can edit that copy's templates.
RENDER_THE_COPY = f"""
import json
from pathlib import Path

import generator
from generator import forking, pipeline
from generator.output_cache import PageStore
from generator.config import read_config
from generator.render.pages import render_site
from generator.resolve import pagination

assert Path(generator.__file__).parent == Path.cwd() / "generator", generator.__file__
for name, value in {SPLIT!r}.items():
    setattr(pagination, name, value)
site, _ = pipeline.resolved_site(Path.cwd())
store = PageStore(Path.cwd())
pages = render_site(site, read_config(Path.cwd()), store)
print(json.dumps({{"hits": store.hits, "misses": store.misses, "pages": pages}}))
"""


def render_the_copy(project: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", RENDER_THE_COPY], cwd=project, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SPLIT.items():
        monkeypatch.setattr(pagination, name, value)


def _render(project: Path, store: PageStore | None = None) -> dict[str, str]:
    site, _ = pipeline.resolved_site(project)
    return render_site(site, read_config(project), store)


def test_a_template_edit_renders_again_the_pages_of_that_template_only(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path, 3)
    first = render_the_copy(project)["pages"]
    kinds = {prefix: [p for p in first if p.startswith(prefix) and p not in SITE_WIDE]
             for prefix in ("briefings/", "actors/", "chronology/", "sources/")}
    assert all(kinds.values()), {k: len(v) for k, v in kinds.items()}  # every kind of page is there
    kept = [p for p in first if remembered(p)]
    assert set(kept) >= SITE_WIDE
    templates = project / "generator" / "render" / "templates"

    actor = templates / "actor.md.j2"
    actor.write_text(actor.read_text(encoding="utf-8") + "<p>Shown on every actor's page.</p>\n", encoding="utf-8")
    after = render_the_copy(project)
    changed = {p for p in first if after["pages"][p] != first[p]}
    assert changed == set(kinds["actors/"])
    assert after["misses"] == len(kinds["actors/"])
    assert after["hits"] == len(kept) - after["misses"]

    # A template imported by the others: every page that imports it is rendered again.
    macros = templates / "_macros.j2"
    macros.write_text(macros.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    again = render_the_copy(project)
    assert again["pages"] == after["pages"]
    # The open-data page alone does not import it.
    assert (again["hits"], again["misses"]) == (1, len(kept) - 1)


def _rename_actor(project: Path) -> str:
    """Rename an actor whom briefing 1 quotes (in the shared actors.yaml); return the new name."""
    file = project / "briefings" / "actors.yaml"
    actors = yaml.safe_load(file.read_text(encoding="utf-8"))
    speaker = corpus.briefing(1)["quotes"][0]["speaker"]
    next(a for a in actors if a["id"] == speaker)["name"] = "Renamed Person"
    file.write_text(yaml.safe_dump(actors, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return "Renamed Person"


def _retitle_cited_source(project: Path, number: int, kind: str, title: str) -> str:
    """Retitle the first source briefing number's first item of kind (events, quotes) cites; return the title."""
    file = project / "briefings" / corpus.slug_of(number) / "sources.yaml"
    sources = yaml.safe_load(file.read_text(encoding="utf-8"))
    cited = corpus.briefing(number)[kind][0]["sources"][0]
    next(s for s in sources if s["id"] == cited)["title"] = title
    file.write_text(yaml.safe_dump(sources, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return title


def _retitle_source(project: Path) -> str:
    """Retitle a source that briefing 1's first event cites; return the new title."""
    return _retitle_cited_source(project, 1, "events", "Retitled Source")


@pytest.mark.parametrize("edit", [_rename_actor, _retitle_source], ids=["actor-name", "source-title"])
@pytest.mark.usefixtures("split")
def test_a_data_edit_renders_again_exactly_the_pages_that_show_it(tmp_path: Path, edit: Any) -> None:
    project = synthetic_project(tmp_path, 4)
    before = _render(project, PageStore(project))
    shown = edit(project)
    store = PageStore(project)
    after = _render(project, store)
    assert after == _render(project)  # nothing remembered is stale

    changed = {p for p in after if remembered(p) and after[p] != before.get(p)}
    assert changed and all(shown in after[p] for p in changed)
    assert not [p for p in after if remembered(p) and p not in changed and shown in after[p]]
    # Every page that changed was rendered again, and no other.
    assert store.misses == len(changed)
    assert store.hits == len([p for p in after if remembered(p)]) - len(changed)


@pytest.mark.parametrize("undeclared", ["site", "refs", "config"])
@pytest.mark.usefixtures("split")
def test_a_remembered_page_is_given_nothing_it_did_not_declare(tmp_path: Path, undeclared: str) -> None:
    project = synthetic_project(tmp_path, 2)
    site, _ = pipeline.resolved_site(project)
    renderer = Renderer(site, read_config(project))
    months = pagination.month_pages(renderer.refs.chronology)
    assert months
    declared = [renderer.briefing_inputs(site.briefings[0]),
                renderer.actor_inputs(site.actors[next(iter(renderer.refs.actors))]),
                renderer.month_inputs(months, 0), renderer.publisher_inputs(0),
                renderer.home_inputs(site.published), renderer.data_inputs(site.published),
                renderer.actors_index_inputs([site.actors[i] for i in renderer.refs.actors])]
    for inputs in declared:
        if undeclared in inputs.whole_context():  # a publisher's page declares the uses of its own sources as refs
            continue
        renderer.env = jinja2.Environment(loader=jinja2.DictLoader({inputs.template: f"{{{{ {undeclared} }}}}"}),
                                          undefined=jinja2.StrictUndefined)
        with pytest.raises(BuildError, match=f"'{undeclared}' is undefined"):
            renderer.declared(inputs)


def _retitle_briefing(project: Path) -> str:
    """Retitle briefing 1, which every actor page naming it links to by its title; return the new title."""
    file = project / "briefings" / corpus.slug_of(1) / "briefing.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["title"] = "Retitled Briefing"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return "Retitled Briefing"


def _reword_quote(project: Path) -> str:
    """Reword briefing 2's first quote, shown on its speaker's page; return the new words."""
    file = project / "briefings" / corpus.slug_of(2) / "quotes.yaml"
    quotes = yaml.safe_load(file.read_text(encoding="utf-8"))
    quotes[0]["text"] = "Reworded quote."
    file.write_text(yaml.safe_dump(quotes, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return "Reworded quote."


def _retitle_quoted_source(project: Path) -> str:
    """Retitle the source briefing 2's first quote cites, listed under the quote on its speaker's page."""
    return _retitle_cited_source(project, 2, "quotes", "Retitled Quoted Source")


def _actor_keys(project: Path) -> dict[str, tuple[str | None, str]]:
    """Each actor page's key (PageInputs.key) and the digest of its inputs written out."""
    site, _ = pipeline.resolved_site(project)
    renderer = Renderer(site, read_config(project), PageStore(project))
    keys = {}
    for actor_id in renderer.refs.actors:
        inputs = renderer.actor_inputs(site.actors[actor_id])
        keys[actor_id] = (inputs.key, hashlib.sha256(to_json(inputs.whole_context(), fallback=repr)).hexdigest())
    return keys


def _publisher_keys(project: Path) -> dict[str, tuple[str | None, str]]:
    """Each publisher page's key (PageInputs.key) and the digest of its inputs written out."""
    site, _ = pipeline.resolved_site(project)
    renderer = Renderer(site, read_config(project), PageStore(project))
    keys = {}
    for number, page in enumerate(renderer.source_pages):
        inputs = renderer.publisher_inputs(number)
        keys[page.path] = (inputs.key, hashlib.sha256(to_json(inputs.whole_context(), fallback=repr)).hexdigest())
    return keys


EDITS = [(lambda project: edit_first_event_title(project, "Retitled Event")), _rename_actor, _retitle_briefing,
         _reword_quote, _retitle_quoted_source, _retitle_source]
EDIT_NAMES = ["event-title", "actor-name", "briefing-title", "quote-words", "quoted-source-title", "source-title"]


@pytest.mark.parametrize("edit", EDITS, ids=EDIT_NAMES)
@pytest.mark.usefixtures("split")
def test_a_publisher_pages_key_changes_exactly_when_its_inputs_do(tmp_path: Path, edit: Any) -> None:
    # A publisher's page is keyed by what each briefing shows under each of its sources (backlinks'
    # mentions, kept while the quotes' speakers keep their names), not by its inputs written out.
    project = synthetic_project(tmp_path, 4)
    before = _publisher_keys(project)
    edit(project)
    after = _publisher_keys(project)
    assert len(after) > 1 and before.keys() == after.keys() and all(key is not None for key, _ in after.values())
    changed_keys = {p for p in after if after[p][0] != before[p][0]}
    changed_inputs = {p for p in after if after[p][1] != before[p][1]}
    assert changed_keys == changed_inputs and changed_inputs


@pytest.mark.parametrize(("edit", "shown"), [
    (lambda project: edit_first_event_title(project, "Retitled Event"), True), (_rename_actor, True),
    (_retitle_briefing, True), (_reword_quote, True), (_retitle_quoted_source, True), (_retitle_source, False)],
    ids=["event-title", "actor-name", "briefing-title", "quote-words", "quoted-source-title", "source-title"])
def test_an_actor_pages_key_changes_exactly_when_its_inputs_do(tmp_path: Path, edit: Any, shown: bool) -> None:
    # An actor's page is keyed by what each briefing shows on it (backlinks' mentions, kept between runs),
    # not by its inputs written out (render/inputs.actor_key): the two must change together.
    project = synthetic_project(tmp_path, 4)
    before = _actor_keys(project)
    edit(project)
    after = _actor_keys(project)
    assert before.keys() == after.keys() and all(key is not None for key, _ in after.values())
    changed_keys = {a for a in after if after[a][0] != before[a][0]}
    changed_inputs = {a for a in after if after[a][1] != before[a][1]}
    assert changed_keys == changed_inputs
    assert bool(changed_inputs) == shown


@pytest.mark.usefixtures("split")
def test_a_one_off_run_makes_the_entries_only_of_the_actor_and_publisher_pages_it_renders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PageInputs.rest: a one-off run keys every page and renders a few; making every publisher's list of who
    # cites each source cost it 0.4 s at 1,000 briefings, and every actor's entries 0.2 s.
    project = synthetic_project(tmp_path, 3)
    monkeypatch.setattr(forking, "available_cores", lambda: 1)  # every page in this process, where it is seen
    made: list[object] = []
    use = pages.Use

    def counted(*fields: Any) -> object:
        made.append(fields)
        return use(*fields)

    monkeypatch.setattr(pages, "Use", counted)
    pipeline.generate(project)
    every = len(made)
    made.clear()
    edit_first_event_title(project, "Retitled, a few publishers' pages made again")
    pipeline.generate(project)
    assert 0 < len(made) < every
    site, _ = pipeline.resolved_site(project)
    renderer = Renderer(site, read_config(project))
    inputs = renderer.actor_inputs(site.actors[next(iter(renderer.refs.actors))])
    assert inputs.key and "actor_refs" not in inputs.context and inputs.whole_context()["actor_refs"]["briefings"]
