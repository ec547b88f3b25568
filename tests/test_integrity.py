"""Nothing lost and the same output every time: interrupted and failing builds, reproducibility."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, make_project, run_cli


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder with the sha256 of its bytes; the search index by its files' count only.

    Pagefind does not write the same bytes twice: some of its file names and its entry file change from
    one run to the next on the same pages, so a build that finished before the kill would seem to have
    changed the site. The search index is the one part of the build that is not byte-reproducible.
    """
    files = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file()}
    index = [name for name in files if name.startswith("pagefind/")]
    return {**{k: v for k, v in files.items() if k not in index}, "pagefind/ (files)": str(len(index))}


def test_two_generations_are_byte_identical(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a", FIXTURES / "valid" / "briefings")
    second = make_project(tmp_path / "b", FIXTURES / "valid" / "briefings")
    assert run_cli("generate", cwd=first).returncode == 0
    time.sleep(1.1)  # a clock-derived date would now differ
    assert run_cli("generate", cwd=second).returncode == 0
    generated = tree(first / "docs")
    assert any(name.startswith("feeds/") for name in generated)
    assert any(name.startswith("data/") for name in generated)
    assert generated == tree(second / "docs")


def test_a_killed_build_leaves_the_previous_site_serving(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    assert run_cli("build", cwd=project).returncode == 0
    before = tree(project / "site")
    for delay in (0.3, 0.8, 1.5):  # kill it at different stages
        child = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert tree(project / "site") == before
    # The next build cleans up what the killed ones left and succeeds.
    assert run_cli("build", cwd=project).returncode == 0
    assert not list(project.glob(".site.building-*"))


def _small_file_limit() -> None:
    # Writes beyond 64 KiB fail with EFBIG, as they would on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_full_disk_leaves_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    assert run_cli("build", cwd=project).returncode == 0
    before = tree(project / "site")
    # Change the content, so the build has to write, then fail while writing the large files.
    briefing = project / "briefings" / "grain-corridor" / "briefing.yaml"
    briefing.write_text(briefing.read_text() + "subtitle: " + "x" * 400 + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, capture_output=True,
                            text=True, timeout=300, preexec_fn=_small_file_limit)
    assert result.returncode == 1
    assert "File too large" in result.stderr and "the previous site was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(project / "site") == before


def test_the_published_site_and_pdfs_are_readable_by_a_web_server(tmp_path: Path) -> None:
    # Everything goes through temporary names, which Python makes private (0600, 0700); a web
    # server reading site/ as another user would refuse them. What is written gets what open()
    # and mkdir() would give under the umask: readable by all under the usual 022.
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    old = os.umask(0o022)
    try:
        result = run_cli("build", "--pdf", cwd=project)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    modes = {p.relative_to(project).as_posix(): p.stat().st_mode & 0o777
             for p in [site, *site.rglob("*"), *(project / "docs").rglob("*.md")]}
    assert modes["site"] == 0o755 and modes["site/pdf/briefings.pdf"] == 0o644
    assert modes["docs/briefings/grain-corridor.md"] == 0o644
    assert {mode for mode in modes.values()} <= {0o755, 0o644}, {p: oct(m) for p, m in modes.items()
                                                                 if m not in (0o755, 0o644)}
