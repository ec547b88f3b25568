"""Every editorial warning of `briefing check`: located, hinted, exit 0 — and exit 1 with --strict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, run_cli

SOURCES = "alpha/sources.yaml"
ADD_SOURCE = "- id: src-b\n  title: B report\n  publisher: Agency\n"

# (name, {file: new content or (old, new) replacement}, location, message)
WARNINGS = [
    ("source-without-link", {SOURCES: (
        "  url: https://example.org/a\n", "  archive_url: https://example.org/archived\n"
        "- id: src-b\n  title: B report\n  publisher: Agency\n")},
     "briefings/alpha/sources.yaml:5:7", "the source 'src-b' has no url and no archive_url"),
    ("two-sources-one-url", {SOURCES: ("  url: https://example.org/a\n", "  url: https://example.org/a\n"
                                       + ADD_SOURCE + "  url: https://example.org/a\n")},
     "briefings/alpha/sources.yaml:8:8", "the source 'src-b' has the same url as 'src-a'"),
    ("source-never-cited", {SOURCES: ("  url: https://example.org/a\n", "  url: https://example.org/a\n"
                                      + ADD_SOURCE + "  url: https://example.org/b\n")},
     "briefings/alpha/sources.yaml:5:7", "the source 'src-b' is never cited"),
    ("measure-without-label", {"alpha/figures.yaml": ("  label: Troops\n", "")},
     "briefings/alpha/figures.yaml:2:12", "the measure 'troops' has no label"),
    ("event-after-its-source", {
        SOURCES: ("  url: https://example.org/a\n", "  url: https://example.org/a\n  published: 2024-10-01\n"),
        "alpha/events.yaml": ("  sources: [src-a, src-shared]\n", "  sources: [src-a]\n")},
     "briefings/alpha/events.yaml:2:9", "the event is dated after the source 'src-a' that reports it"),
    ("foreign-quote-without-original", {
        SOURCES: ("  url: https://example.org/a\n", "  url: https://example.org/a\n  language: ko\n")},
     "briefings/alpha/quotes.yaml:3:9", "the quote comes from a non-English source but has no 'original'"),
]


BASE = FIXTURES / "valid-minimal" / "briefings"  # checks with no warning at all


@pytest.mark.parametrize(("name", "changes", "where", "message"), WARNINGS, ids=[w[0] for w in WARNINGS])
def test_each_warning_is_located_and_strict_makes_it_an_error(
        tmp_path: Path, name: str, changes: dict[str, str | tuple[str, str]], where: str,
        message: str) -> None:
    briefings = tmp_path / "briefings"
    shutil.copytree(BASE, briefings)
    for file, change in changes.items():
        path = briefings / file
        if isinstance(change, tuple):
            text = path.read_text(encoding="utf-8")
            assert change[0] in text, f"{file} lacks {change[0]!r}"
            path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
        else:
            path.write_text(change, encoding="utf-8")
    project = make_project(tmp_path / "p", briefings)
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{where}: warning: {message}" in result.stderr, result.stderr
    assert "  hint: " in result.stderr
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.returncode == 1
    assert f"{where}: error: {message}" in strict.stderr
