"""`briefing check` on the hand-written pages' links into generated pages: what it accepts both engines build,
what it refuses they refuse (MkDocs strict; Zensical's anchor check).

The anchors of a generated page are those of the page as generation renders it: check renders the
few pages a hand-written page links to with an anchor (validate/site_links.py, pipeline._rendered).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import engines
from generator.exceptions import BuildError

from conftest import FIXTURES, make_project, run_cli

BRIEFING = "../briefings/baltic-cable-damage.md"
# The reviewer's line: an actor's page and a briefing's, each with an anchor it has not.
BROKEN = f"See [an actor](../actors/estonia.md#nope), [a briefing section]({BRIEFING}#no-such-section).\n"
# Anchors the pages have: a section, an event, the title (entities and escapes in it), an actor's section.
VALID = (f"See [the timeline]({BRIEFING}#timeline), [an event]({BRIEFING}#anchor-found), "
         f"[the title]({BRIEFING}#damage-to-baltic-sea-cables-and-a-pipeline), "
         "[Estonia's quotes](../actors/estonia.md#quotes).\n")


def _project(tmp_path: Path, line: str) -> tuple[Path, int]:
    """The valid fixture with line appended to the methodology page, and that line's number."""
    project = make_project(tmp_path, FIXTURES / "valid" / "briefings")
    page = project / "docs" / "guide" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    return project, len(page.read_text(encoding="utf-8").splitlines())


def test_check_finds_a_missing_anchor_of_a_briefing_page_and_of_an_actor_page(tmp_path: Path) -> None:
    project, line = _project(tmp_path, BROKEN)
    result = run_cli("check", cwd=project)
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert f"docs/guide/methodology.md:{line}:16: error: the link '../actors/estonia.md#nope' names no anchor of " \
           "docs/actors/estonia.md" in err
    assert "hint: the headings of docs/actors/estonia.md have the ids #estonia, #quotes, #events" in err
    assert f"docs/guide/methodology.md:{line}:65: error: the link '{BRIEFING}#no-such-section' names no anchor " \
           "of docs/briefings/baltic-cable-damage.md" in err
    # The briefing's sections as its page has them, its related briefings too (check's own site ranks none).
    assert "#summary, #key-points, #timeline" in err and "#related-briefings" in err
    assert f"{line} | See [an actor]" in err  # the line is shown
    assert "Traceback" not in err
    # A near miss is named.
    page = project / "docs" / "guide" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8").replace("#no-such-section", "#timelime"), encoding="utf-8")
    assert "hint: did you mean '#timeline'?" in run_cli("check", cwd=project).stderr
    # The build refuses the links before the engine runs, with the same report.
    build = run_cli("build", cwd=project)
    assert build.returncode == 1 and "names no anchor of docs/actors/estonia.md" in build.stderr
    assert not (project / "site").exists()


def test_a_page_s_html_address_is_refused_and_its_markdown_file_named(tmp_path: Path) -> None:
    project, line = _project(tmp_path, "See [the html form](command-line.html) and [a briefing]"
                             "(../briefings/baltic-cable-damage.html#timeline).\n")
    err = run_cli("check", cwd=project).stderr
    assert f"docs/guide/methodology.md:{line}:21: error: the link 'command-line.html' names the page built from " \
           "docs/guide/command-line.md: MkDocs refuses a page's built address" in err
    assert "hint: link to its Markdown file, 'command-line.md'" in err
    assert "hint: link to its Markdown file, '../briefings/baltic-cable-damage.md#timeline'" in err


@pytest.mark.slow
def test_the_anchors_check_accepts_build(tmp_path: Path) -> None:
    project, _ = _project(tmp_path, VALID)
    check = run_cli("check", cwd=project)
    assert check.returncode == 0, check.stderr
    build = run_cli("build", cwd=project)
    assert build.returncode == 0, build.stderr
    built = (project / "site" / "guide" / "methodology.html").read_text(encoding="utf-8")
    assert 'href="../briefings/baltic-cable-damage.html#anchor-found"' in built
    assert 'id="anchor-found"' in (project / "site" / "briefings" / "baltic-cable-damage.html").read_text("utf-8")


def _mkdocs_refuses(project: Path) -> set[str]:
    """The links MkDocs' strict build of the generated docs warns about (the check before it left out)."""
    env = {**os.environ, "BRIEFING_GENERATED": str(project.resolve()), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    report = result.stdout + result.stderr
    assert result.returncode == 1 and "in strict mode" in report
    return set(re.findall(r"contains a link '([^']+)'", report))


@pytest.mark.slow
def test_the_links_check_refuses_the_engines_refuse(tmp_path: Path) -> None:
    project, last = _project(tmp_path, BROKEN + VALID + "And [the html form](command-line.html).\n")
    check = run_cli("check", cwd=project)
    refused = set(re.findall(r"error: the link '([^']+)'", check.stderr))
    assert refused == {"../actors/estonia.md#nope", f"{BRIEFING}#no-such-section", "command-line.html"}
    assert run_cli("generate", cwd=project).returncode == 0
    assert _mkdocs_refuses(project) == refused
    if importlib.util.find_spec("zensical") is None:
        return
    # Zensical checks anchors alike; a page's .html address it lets be (MkDocs refuses it, so check does).
    with pytest.raises(BuildError) as failed:
        engines.build_zensical(project.resolve(), engines.zensical_staging(project.resolve()), True)
    report = str(failed.value)
    assert "2 issues found" in report and "anchor does not exist" in report
    # At the two anchors of the reviewer's line, two lines above the last.
    assert set(re.findall(r"guide/methodology\.md:(\d+):(\d+)", report)) == {(str(last - 2), "37"),
                                                                              (str(last - 2), "101")}
