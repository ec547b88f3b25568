"""The resolve stage: one finished, read-only site, built after validation and before rendering."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.load.reader import load_site
from generator.model.briefing import Site
from generator.resolve.site import resolve
from generator.validate.fields import validate_site

from conftest import FIXTURES, make_project


@pytest.fixture(scope="module")
def site() -> Site:
    return pipeline.resolved_site(FIXTURES / "valid")[0]


def test_the_resolved_site_cannot_be_changed(site: Site) -> None:
    briefing = site.briefings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.show_drafts = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.actors = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        briefing.events = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.sources["extra"] = next(iter(site.sources.values()))  # type: ignore[index]
    with pytest.raises(TypeError):
        briefing.files["events"] = "elsewhere.yaml"  # type: ignore[index]
    for sequence in (site.briefings, site.published, briefing.events, briefing.sources, briefing.actors):
        assert isinstance(sequence, tuple)
    with pytest.raises(ValueError):  # pydantic's frozen models refuse too
        briefing.meta.title = "Changed"


def test_resolve_orders_events_and_fills_the_tables_without_changing_its_input() -> None:
    valid, _ = validate_site(load_site(FIXTURES / "valid"))
    written = {b.slug: [e.id for e in b.events] for b in valid.briefings}
    site = resolve(valid)
    for briefing in site.briefings:
        keys = [e.date.sort_key for e in briefing.events]
        assert keys == sorted(keys)
        assert sorted(e.id for e in briefing.events) == sorted(written[briefing.slug])
        assert set(site.actors) >= {a.id for a in briefing.actors}
        assert set(site.sources) >= {s.id for s in briefing.sources}
    assert {b.slug: [e.id for e in b.events] for b in valid.briefings} == written
    assert set(site.actors) >= {a.id for a in valid.actors}
    assert set(site.sources) >= {s.id for s in valid.sources}


def test_drafts_are_shown_only_when_resolved_for_the_preview() -> None:
    valid, _ = validate_site(load_site(FIXTURES / "valid"))
    public, preview = resolve(valid), resolve(valid, show_drafts=True)
    drafts = {b.slug for b in valid.briefings if not b.published}
    assert drafts, "the fixture has a draft"
    assert not drafts & {b.slug for b in public.published}
    assert drafts <= {b.slug for b in preview.published}
    updated = [b.meta.updated.sort_key for b in preview.published]
    assert updated == sorted(updated, reverse=True)


def test_the_pipeline_runs_load_validate_resolve_render_in_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    calls: list[str] = []
    seen: dict[str, Any] = {}

    def spy(name: str, stage: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            result = stage(*args, **kwargs)
            seen[name] = (args, kwargs, result)
            return result
        return run

    for name in ("load_site", "validate_site", "resolve", "render_site"):
        monkeypatch.setattr(pipeline, name, spy(name, getattr(pipeline, name)))
    pipeline.generate(project, show_drafts=True)
    assert calls == ["load_site", "validate_site", "resolve", "render_site"]
    memo = seen["resolve"][1].pop("memo")  # the related briefings' lists, kept under .cache/ for the next run
    assert memo.folder == project / ".cache" / "briefing" / "related"
    assert seen["resolve"][1] == {"show_drafts": True, "related": True, "processes": 1}  # the preview forks nothing
    assert seen["render_site"][0][0] is seen["resolve"][2]  # the site rendered is the one resolved
