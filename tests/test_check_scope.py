"""`briefing check SLUG|PATH…`: a briefing's problems and the site-wide ones it uses; the preview's log."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from generator import hooks
from generator.exceptions import Problem

from conftest import FIXTURES, make_project, run_cli

BETA = "title: Beta\nsummary: Beta [@src-b].\nupdated: 2024-11-01\nkey_points:\n  - text: B.\n    sources: [src-b]\n"
# src-b has no link (a warning in beta); src-shared, which alpha cites, has none either (a site-wide warning).
BETA_SOURCES = "- id: src-b\n  title: B\n  publisher: P\n"
SHARED = "- id: src-shared\n  title: Shared report\n  publisher: Wire\n"


def project_with_beta(tmp_path: Path) -> Path:
    briefings = tmp_path / "briefings"
    shutil.copytree(FIXTURES / "valid-minimal" / "briefings", briefings)
    (briefings / "beta").mkdir()
    (briefings / "beta" / "briefing.yaml").write_text(BETA)
    (briefings / "beta" / "sources.yaml").write_text(BETA_SOURCES)
    (briefings / "sources.yaml").write_text(SHARED)
    project = make_project(tmp_path / "p", briefings)
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return project


@pytest.mark.parametrize("target", ["alpha", "briefings/alpha", "briefings/alpha/", "briefings/alpha/events.yaml"])
def test_one_briefing_shows_its_own_and_the_site_wide_it_uses(tmp_path: Path, target: str) -> None:
    result = run_cli("check", target, cwd=project_with_beta(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "briefings/sources.yaml:1:7: warning: the source 'src-shared' has no url" in result.stderr
    assert "src-b" not in result.stderr
    assert result.stderr.endswith("1 warning in 1 file\n"
                                  "not checked: the 1 other briefing; run 'briefing check' to check the whole site\n"
                                  "alpha: valid\n")


def test_a_site_wide_item_the_briefing_does_not_use_is_not_shown(tmp_path: Path) -> None:
    result = run_cli("check", "beta", cwd=project_with_beta(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "briefings/beta/sources.yaml:1:7: warning: the source 'src-b' has no url" in result.stderr
    assert "src-shared" not in result.stderr
    assert "not checked: the 1 other briefing;" in result.stderr


def test_a_reference_to_a_site_wide_actor_still_resolves_and_an_error_elsewhere_is_not_alphas(tmp_path: Path) -> None:
    # alpha names kim-jong-un from briefings/actors.yaml: no "unknown actor". beta is broken, which
    # `briefing check` alone reports; checking alpha checks alpha only.
    project = project_with_beta(tmp_path)
    (project / "briefings" / "beta" / "briefing.yaml").write_text("titel: Beta\n" + BETA.split("\n", 1)[1])
    result = run_cli("check", "alpha", "--format", "text", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "unknown actor" not in result.stderr and "error:" not in result.stderr
    assert result.stderr.endswith("not checked: the 1 other briefing; run 'briefing check' to check the whole "
                                  "site\nalpha: valid\n")
    assert run_cli("check", cwd=project).returncode == 1
    strict = run_cli("check", "beta", "--strict", cwd=project)
    assert strict.returncode == 1 and "briefings/beta/briefing.yaml:1:1: error: unknown field 'titel'" in strict.stderr


@pytest.mark.parametrize(("target", "message"), [
    ("alpah", "error: there is no briefing 'alpah' (no folder briefings/alpah/): did you mean 'alpha'?\n"),
    ("briefings/bta/events.yaml",
     "error: there is no briefing 'bta' (no folder briefings/bta/): did you mean 'beta'?\n"),
    ("briefings/sources.yaml", "error: 'briefings/sources.yaml' is a site-wide file, not a briefing: name a "
                               "briefing's folder or slug, or run 'briefing check' alone to check the whole site\n"),
])
def test_an_unknown_briefing_is_a_usage_error(tmp_path: Path, target: str, message: str) -> None:
    result = run_cli("check", target, cwd=project_with_beta(tmp_path))
    assert (result.returncode, result.stderr) == (2, message)


def test_a_folder_whose_name_is_not_a_slug_is_named_as_such(tmp_path: Path) -> None:
    # Was: "there is no briefing 'Kursk-Offensive' (…): did you mean 'Kursk-Offensive'?"
    project = project_with_beta(tmp_path)
    (project / "briefings" / "Kursk-Offensive").mkdir()
    # A briefing's file named from the project's root, without briefings/: that briefing, not a rename.
    assert run_cli("check", "beta/briefing.yaml", cwd=project).returncode != 2
    for named in ("Kursk-Offensive", "briefings/Kursk-Offensive"):  # its slug, or its folder: one answer
        result = run_cli("check", named, cwd=project)
        assert (result.returncode, result.stderr) == (2, (
            "error: the folder briefings/Kursk-Offensive/ is not a valid slug, so it is not read as a briefing: "
            "rename it 'kursk-offensive' (lowercase letters, digits and hyphens)\n")), named


def warning(file: str, line: int, message: str) -> Problem:
    return Problem(file, line, 1, message, "a hint", severity="warning")


def test_the_preview_log_shows_only_what_changed(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                                 tmp_path: Path) -> None:
    monkeypatch.setattr(hooks, "_serving", True)
    monkeypatch.setattr(hooks, "_known", None)
    old = [warning("briefings/a/sources.yaml", n, f"the source 's{n}' has no url and no archive_url") for n in range(8)]
    # The hook's own logger: a build earlier in this process sets MkDocs' loggers to warnings only.
    with caplog.at_level(logging.INFO, logger=hooks.log.name):
        hooks._report_warnings(tmp_path, old)
        assert [r.getMessage() for r in caplog.records] == [
            "briefings: 8 warnings in 1 file (run 'briefing check' to see them, "
            "'briefing check SLUG' for one briefing's)"]
        caplog.clear()
        # A line added above every warning moves them: not new. One fixed, one added.
        moved = [warning(w.file, w.line + 1, w.message) for w in old[1:]]
        added = warning("briefings/a/events.yaml", 3, "the event is dated after the source 's1' that reports it")
        hooks._report_warnings(tmp_path, [*moved, added])
        said = [r.getMessage() for r in caplog.records]
        assert len(said) == 2
        assert said[0].startswith("new since the last rebuild:\n"
                                  "briefings/a/events.yaml:3:1: warning: the event is dated")
        assert said[0].endswith("1 warning in 1 file")
        assert said[1] == "briefings: resolved: briefings/a/sources.yaml: the source 's0' has no url and no archive_url"
        caplog.clear()
        hooks._report_warnings(tmp_path, [*moved, added])
        assert caplog.records == []
