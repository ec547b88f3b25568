"""Shared fixtures: a throwaway copy of the project to build in, and helpers to run the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.write import MANIFEST, read_manifest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp: Path, briefings: Path | None = None) -> Path:
    """A project folder in tmp: mkdocs.yml, the hand-written docs, and a briefings/ tree."""
    project = tmp / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    # Hand-written docs only: what the generator wrote (its manifest) is left out.
    owned = {*read_manifest(ROOT / "docs"), MANIFEST}

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder).resolve().relative_to((ROOT / "docs").resolve())
        return {n for n in names if (here / n).as_posix() in owned}

    shutil.copytree(ROOT / "docs", project / "docs", ignore=ignore)
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(briefings or ROOT / "briefings", project / "briefings")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the bundled briefings."""
    return make_project(tmp_path)


@pytest.fixture
def fixture_project(tmp_path: Path):
    """Factory: a project whose briefings/ is tests/fixtures/<name>/briefings."""
    def factory(name: str) -> Path:
        return make_project(tmp_path, FIXTURES / name / "briefings")
    return factory


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` in cwd, as a contributor would run `briefing`."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
