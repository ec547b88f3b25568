"""The contributor guide against the code: field tables, the example, dates, errors and CLI help.

The guide pages mark what a test reads with HTML comments (`<!-- fields: event -->`,
`<!-- example: briefings/… -->`, `<!-- help: briefing check -->` …), so their prose stays free.
After changing a command, `UPDATE_DOCS=1 pytest tests/test_docs.py` rewrites the help blocks of
docs/guide/command-line.md from the real CLI (and adds a section for a new command).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator import pipeline
from generator.model import contract as model
from generator.model.dates import parse_date

from conftest import ROOT, make_project, run_cli

GUIDE = ROOT / "docs" / "guide" / "writing-a-briefing.md"
CLI_PAGE = ROOT / "docs" / "guide" / "command-line.md"
KINDS: dict[str, type[BaseModel]] = {
    "briefing.yaml": model.BriefingFile, "event": model.Event, "quote": model.Quote,
    "figure": model.Figure, "source": model.Source, "actor": model.Actor,
    "key point": model.KeyPoint, "change": model.Change, "original": model.Original,
    "place": model.Place, "assessment": model.Assessment, "picture": model.Picture, "tag": model.Tag,
}
FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def after(text: str, marker: str) -> str:
    """The text after an HTML comment marker; fails the test if the marker is missing."""
    comment = f"<!-- {marker} -->"
    assert comment in text, f"the page has no {comment}"
    return text.split(comment, 1)[1]


def table(text: str, marker: str) -> list[list[str]]:
    """The body rows of the Markdown table that follows a marker, as lists of cell texts."""
    lines = after(text, marker).lstrip("\n").split("\n")
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    assert len(rows) > 2, f"no table after <!-- {marker} -->"
    return rows[2:]  # header and separator


def fenced(text: str, marker: str) -> str:
    """The content of the fenced block right after a marker."""
    match = FENCE.match(after(text, marker).lstrip("\n"))
    assert match, f"no fenced block right after <!-- {marker} -->"
    return match.group(1)


def code(cell: str) -> str:
    return cell.strip().strip("`")


# (a) Every field of every record, with its help text of record -----------------------------

@pytest.mark.parametrize("kind", list(KINDS))
def test_field_table_matches_model(guide: str, kind: str) -> None:
    fields = KINDS[kind].model_fields
    rows = {code(row[0]): row for row in table(guide, f"fields: {kind}")}
    assert list(rows) == list(fields), f"the {kind} table must list the model's fields in order"
    for name, info in fields.items():
        _, required, description = rows[name]
        assert required.split()[0] == ("yes" if info.is_required() else "no"), (kind, name)
        assert description == info.description, (kind, name)


def test_markdown_fields_are_listed(guide: str) -> None:
    documented = {(row[0], code(field)) for row in table(guide, "markdown-fields")
                  for field in row[1].split(",")}
    actual = set()
    for kind, cls in KINDS.items():
        for name, hint in typing.get_type_hints(cls, include_extras=True).items():
            if hint == model.Markdown or model.Markdown in typing.get_args(hint):
                actual.add((kind, name))
    assert documented == actual


def test_reserved_ids_are_listed(guide: str) -> None:
    paragraph = re.split(r"\n- |\n\n", after(guide, "reserved-ids"))[0]
    assert set(re.findall(r"`([a-z-]+)`", paragraph)) == model.RESERVED_IDS


# (b) The example briefing validates, next to the bundled ones, without a warning -------------

def example_files(text: str, marker: str = "example") -> dict[str, str]:
    found = re.findall(rf"<!-- {marker}: (\S+) -->\n```yaml\n(.*?)```", text, re.S)
    return dict(found)


def test_example_briefing_is_valid(guide: str, tmp_path: Path) -> None:
    files = example_files(guide)
    assert any(name.endswith("/briefing.yaml") for name in files)
    project = make_project(tmp_path)
    for name, content in files.items():
        target = project / name
        assert not target.exists(), f"{name} clashes with a bundled file"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    warnings = pipeline.check(project)  # raises DataError on any error
    folder = str(Path(next(iter(files))).parent)
    assert [w for w in warnings if w.file.startswith(folder)] == []


def test_error_example_is_what_check_prints(guide: str, tmp_path: Path) -> None:
    example = tmp_path / "example"
    for name, content in {**example_files(guide), **example_files(guide, "broken")}.items():
        target = example / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    project = make_project(tmp_path / "run", example / "briefings")
    # As on a published site, with site_url set: else its warning would close the example.
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr == fenced(guide, "output: briefing check"), (
        "the page's error example is out of date; briefing check now prints:\n" + result.stderr)


def test_contributing_error_example_is_real(guide: str) -> None:
    excerpt = fenced((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"),
                     "output: briefing check (excerpt)")
    assert excerpt in fenced(guide, "output: briefing check")


@pytest.mark.parametrize("page", ["README.md", "CONTRIBUTING.md"])
def test_links_between_pages_resolve(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+:", target):
            assert (ROOT / target).exists(), f"{page} links to {target}, which does not exist"


def test_documented_warnings_exist(guide: str) -> None:
    code_text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    items = re.findall(r"^- `([^`]+)`", after(guide, "warnings").split("\n\n")[0], re.M)
    assert len(items) >= 5
    for message in items:
        for piece in message.split("…"):
            assert piece in code_text, f"the warning {message!r} is not in generator/ any more"


# (c) The command-line page shows every command's real --help --------------------------------

def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the `briefing` command (named so, whatever launched it) at a stable width."""
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("GITHUB_ACTIONS", None)
    launcher = "import sys; from generator.cli import main; main(sys.argv[1:], prog_name='briefing')"
    return subprocess.run([sys.executable, "-c", launcher, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def all_help(path: tuple[str, ...] = ()) -> dict[str, str]:
    """'briefing …' → its --help, for the group and every command it lists, recursively."""
    result = cli(*path, "--help")
    assert result.returncode == 0, result.stderr
    helps = {" ".join(("briefing", *path)): result.stdout}
    listing = result.stdout.split("\nCommands:\n", 1)
    if len(listing) == 2:
        for line in listing[1].split("\n"):
            match = re.match(r"  (\S+)", line)
            if match:
                helps.update(all_help((*path, match.group(1))))
            elif line and not line.startswith(" "):
                break
    return helps


@pytest.fixture(scope="module")
def helps() -> dict[str, str]:
    return all_help()


HELP_BLOCK = re.compile(r"<!-- help: ([^>]+?) -->\n```text\n(.*?)```", re.S)


def update_cli_page(text: str, helps: dict[str, str]) -> str:
    """The page with every help block refreshed and a section added for each new command."""
    text = HELP_BLOCK.sub(lambda m: f"<!-- help: {m.group(1)} -->\n```text\n"
                          f"{helps.get(m.group(1), m.group(2))}```", text)
    for command, output in helps.items():
        if f"<!-- help: {command} -->" not in text:
            text = text.rstrip("\n") + f"\n\n## `{command}`\n\n<!-- help: {command} -->\n```text\n{output}```\n"
    return text


def test_command_line_page_shows_real_help(helps: dict[str, str]) -> None:
    assert {"briefing", "briefing check", "briefing build"} <= set(helps)
    text = CLI_PAGE.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_DOCS"):
        text = update_cli_page(text, helps)
        CLI_PAGE.write_text(text, encoding="utf-8")
    documented = dict(HELP_BLOCK.findall(text))
    missing = sorted(set(helps) - set(documented))
    assert not missing, f"command-line.md has no section for {missing}: run UPDATE_DOCS=1 pytest {__file__}"
    stale = sorted(set(documented) - set(helps))
    assert not stale, f"command-line.md documents commands that no longer exist: {stale}"
    for command, output in helps.items():
        assert documented[command] == output, (
            f"the help of '{command}' changed: run UPDATE_DOCS=1 pytest {__file__}")


def test_usage_error_exits_with_2() -> None:
    result = cli("no-such-command")
    assert result.returncode == 2
    assert "No such command 'no-such-command'" in result.stderr


# (d) Every date example shows what parse_date(...).words() shows -----------------------------

def test_date_examples_match_words(guide: str) -> None:
    rows = table(guide, "dates")
    assert len(rows) >= 10
    for written, shown, *_ in rows:
        assert parse_date(code(written)).words() == shown, written


ARCHITECTURE = ROOT / "docs" / "guide" / "architecture.md"


def test_architecture_names_every_module() -> None:
    """Every module of generator/ is named in the architecture page's table, and every path there exists."""
    rows = table(ARCHITECTURE.read_text(encoding="utf-8"), "modules")
    named: dict[str, str] = {}  # a path of the first column -> the whole row
    for row in rows:
        for path in re.findall(r"`([^`]+)`", row[0]):
            assert (ROOT / path).exists(), f"architecture.md names {path}, which does not exist"
            named[path] = " ".join(row)
    for module in sorted((ROOT / "generator").rglob("*.py")):
        relative = module.relative_to(ROOT).as_posix()
        if module.name == "__init__.py" or relative in named:
            continue
        folder = module.parent.relative_to(ROOT).as_posix() + "/"
        assert module.name in named.get(folder, ""), f"architecture.md does not say what {relative} holds"


# (e) One account of drafts and the preview, everywhere it is told --------------------------

DRAFT_PAGES = ["README.md", "CONTRIBUTING.md", "docs/guide/writing-a-briefing.md", "docs/guide/command-line.md"]
# What the pages once said, and the code never did.
WRONG_ABOUT_DRAFTS = [r"the preview included", r"to preview a draft, set it to", r"set it to\s+`?published`? while you"]


def paragraph(text: str, marker: str) -> str:
    """The paragraph right after a marker, its lines joined."""
    return " ".join(after(text, marker).lstrip("\n").split("\n\n")[0].split())


def test_every_page_tells_drafts_and_the_preview_alike() -> None:
    texts = {page: (ROOT / page).read_text(encoding="utf-8") for page in DRAFT_PAGES}
    told = {page: paragraph(text, "drafts") for page, text in texts.items()}
    reference = told["docs/guide/writing-a-briefing.md"]
    assert "marked *Draft*" in reference and "leaves it out" in reference and "red box" in reference
    for page, account in told.items():
        assert account == reference, f"{page}: the paragraph after <!-- drafts --> differs from the guide's; copy it"
    for page, text in texts.items():
        for wrong in WRONG_ABOUT_DRAFTS:
            assert not re.search(wrong, " ".join(text.split()), re.I), f"{page} says {wrong!r} about drafts"


def test_the_commands_tell_drafts_as_the_pages_do(helps: dict[str, str]) -> None:
    assert "drafts included" in " ".join(helps["briefing serve"].split())
    assert "red box" in " ".join(helps["briefing serve"].split())
    assert "drafts left out" in " ".join(helps["briefing build"].split())
    assert "the public site leaves it out" in " ".join(helps["briefing new"].split())


def test_the_methodology_page_gives_the_likelihood_scale_the_check_uses() -> None:
    from generator.model.likelihood import SCALE

    page = (ROOT / "docs" / "guide" / "methodology.md").read_text(encoding="utf-8")
    rows = table(page, "likelihood-scale")
    assert rows == [[b.term, b.paired, b.range] for b in SCALE]
