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
    ("date-after-today", {"alpha/events.yaml": ("  date: 2024-10-28\n", "  date: 2026-12~\n")},
     "briefings/alpha/events.yaml:2:9", "the date 2026-12~ (c. December 2026) is after today (30 November 2026)"),
    ("actor-with-the-name-of-a-site-wide-one", {"alpha/actors.yaml": "- id: kim-jong-un-2\n  name: KIM Jong-ún\n"},
     "briefings/alpha/actors.yaml:2:9",
     "the actor 'kim-jong-un-2' has the name of the site-wide actor 'kim-jong-un' (briefings/actors.yaml:1)"),
    # Another spelling the site-wide actor lists is the same person: it was added twice with no word of it.
    ("actor-with-another-spelling-of-a-site-wide-one", {
        "actors.yaml": ("  kind: person\n", "  kind: person\n  also_known_as: [Kim Jong-eun]\n"),
        "alpha/actors.yaml": "- id: kju\n  name: KIM jong eun\n"},
     "briefings/alpha/actors.yaml:2:9",
     "the actor 'kju': 'KIM jong eun' is another spelling of the site-wide actor 'Kim Jong Un' (kim-jong-un), "
     "briefings/actors.yaml:1"),
    # And the other way round: the briefing's actor lists the site-wide actor's name as its own other spelling.
    ("actor-also-known-by-the-name-of-a-site-wide-one", {
        "alpha/actors.yaml": "- id: kju\n  name: Marshal Kim\n  also_known_as: [Supreme Leader, kim jong un]\n"},
     "briefings/alpha/actors.yaml:3:35",
     "the actor 'kju': its other spelling 'kim jong un' is the name of the site-wide actor 'kim-jong-un' "
     "(briefings/actors.yaml:1)"),
    ("actor-sharing-another-spelling-with-a-site-wide-one", {
        "actors.yaml": ("  kind: person\n", "  kind: person\n  also_known_as: [Kim Jong-eun]\n"),
        "alpha/actors.yaml": "- id: kju\n  name: Marshal Kim\n  also_known_as: [Kim Jong Eun]\n"},
     "briefings/alpha/actors.yaml:3:19",
     "the actor 'kju': its other spelling 'Kim Jong Eun' is another spelling of the site-wide actor 'Kim Jong Un' "
     "(kim-jong-un), briefings/actors.yaml:1"),
    ("source-with-the-url-of-a-site-wide-one", {SOURCES: ("  url: https://example.org/a\n", "  url: https://example.org/a\n"
                                                          + ADD_SOURCE + "  url: http://www.example.org/shared/\n")},
     "briefings/alpha/sources.yaml:8:8", "the source 'src-b' has the same url as 'src-shared'"),
    ("placeholder-in-a-draft", {"alpha/briefing.yaml": ("updated: 2024-11-01\n", "updated: 2024-11-01\nstatus: draft\n"
                                                        "subtitle: 'TODO: a line under the title'\n")},
     "briefings/alpha/briefing.yaml:5:12", "'subtitle' still holds the placeholder 'TODO: a line under the title'"),
    # A briefing.yaml written by hand, without status and before its items: it went live unsourced.
    ("nothing-cited", {"beta/briefing.yaml": "title: Beta\nsummary: Rain flooded the town.\nupdated: 2024-11-01\n"},
     "briefings/beta/briefing.yaml:2:10", "nothing in this briefing cites a source: readers cannot check it"),
    # A language of its own, but hardly ever the one meant: Korean is 'ko', KR South Korea's country code.
    ("language-code-rarely-meant", {"alpha/quotes.yaml": "- id: q-one\n  speaker: kim-jong-un\n  text: Words.\n"
                                                          "  original:\n    lang: kr\n    text: 말.\n"
                                                          "  sources: [src-a]\n"},
     "briefings/alpha/quotes.yaml:5:11", "'kr' is the code of Kanuri; Korean is 'ko'"),
    ("native-name-language-rarely-meant", {"actors.yaml": ("  native_name: 김정은\n",
                                                          "  native_name: 김정은\n  native_name_lang: kr\n")},
     "briefings/actors.yaml:4:21", "'kr' is the code of Kanuri; Korean is 'ko'"),
    # Markup in a plain-text field: the page showed '[@src-a]' and '**…**' as typed, and check said nothing.
    ("citation-in-a-plain-text-title", {"alpha/events.yaml": ("  title: Something happened\n",
                                                              "  title: Something happened [@src-a]\n")},
     "briefings/alpha/events.yaml:3:29",
     "'title' is plain text: '[@src-a]' shows as typed, not as a citation"),
    ("citation-in-the-briefing-title", {"alpha/briefing.yaml": ("title: Alpha briefing\n",
                                                                "title: Alpha briefing [see @src-a, p. 4]\n")},
     "briefings/alpha/briefing.yaml:1:23",
     "'title' is plain text: '[see @src-a, p. 4]' shows as typed, not as a citation"),
    ("bold-in-a-figure-note", {"alpha/figures.yaml": ("  value: 10000\n",
                                                      "  value: 10000\n  note: About **10,000** soldiers\n")},
     "briefings/alpha/figures.yaml:5:15", "'note' is plain text: '**10,000**' shows as typed, not as bold text"),
    ("link-in-a-quote-context", {"alpha/quotes.yaml": ("  text: Words.\n", "  text: Words.\n  context: >-\n"
                                                       "    At a [briefing](https://example.org/b) in Seoul\n")},
     "briefings/alpha/quotes.yaml:5:10",
     "'context' is plain text: '[briefing](https://example.org/b)' shows as typed, not as a link"),
    # YAML drops ' #2' as a comment: the title was published as 'Alpha' with no word of it.
    ("text-cut-by-a-comment", {"alpha/briefing.yaml": ("title: Alpha briefing\n", "title: Alpha briefing #2\n")},
     "briefings/alpha/briefing.yaml:1:23", "'title' ends before '#2': YAML reads ' #' and what follows as a comment"),
]
# The hint of each warning that tells where the site-wide item is, and what to do.
HINTS = {
    "actor-with-the-name-of-a-site-wide-one": "use 'kim-jong-un' wherever this briefing names 'kim-jong-un-2', and "
                                              "delete this actor; if they are two people, tell their names apart",
    "actor-with-another-spelling-of-a-site-wide-one": "use 'kim-jong-un' wherever this briefing names 'kju', and "
                                                      "delete this actor; if they are two people, tell their names "
                                                      "apart",
    "source-with-the-url-of-a-site-wide-one": "use the site-wide source 'src-shared' (briefings/sources.yaml:1) and "
                                              "delete this one",
    "placeholder-in-a-draft": "replace it before you set 'status: published' (then it is an error)",
    "language-code-rarely-meant": "write 'ko' for Korean ('kr' is also the country code of South Korea); keep 'kr' "
                                  "only for Kanuri",
    "citation-in-a-plain-text-title": "list the source under the event's 'sources: […]' instead, or cite it in "
                                      "'summary', which is Markdown",
    "citation-in-the-briefing-title": "cite it in 'summary', which is Markdown, instead",
    "bold-in-a-figure-note": "'note' shows text as written: remove the asterisks",
    "link-in-a-quote-context": "'context' shows text as written: keep the words, and list the page as a source (a "
                               "link can go in 'text', which is Markdown)",
    "text-cut-by-a-comment": "put the whole value in quotes (title: \"Alpha briefing #2\"), or write the comment on a "
                             "line of its own",
}
TODAY = ("--today", "2026-11-30")  # every check runs on one fixed day: a warning must not depend on the clock


BASE = FIXTURES / "valid-minimal" / "briefings"  # checks with no warning at all (with site_url set)


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
        else:  # a new file, perhaps of a new briefing
            path.parent.mkdir(exist_ok=True)
            path.write_text(change, encoding="utf-8")
    project = make_project(tmp_path / "p", briefings)
    result = run_cli("check", *TODAY, cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{where}: warning: {message}" in result.stderr, result.stderr
    assert "  hint: " in result.stderr
    if name in HINTS:
        assert f"{where}: warning: {message}" in result.stderr.split(f"  hint: {HINTS[name]}\n")[0], result.stderr
    strict = run_cli("check", "--strict", *TODAY, cwd=project)
    assert strict.returncode == 1
    assert f"{where}: error: {message}" in strict.stderr


NO_SITE_URL = "site_url is not set, so the feeds' links are relative: feed readers need full addresses"


def test_a_quote_whose_original_was_not_published_says_why_and_is_not_warned_about(tmp_path: Path) -> None:
    briefings = tmp_path / "briefings"
    shutil.copytree(BASE, briefings)
    sources = briefings / SOURCES
    sources.write_text(sources.read_text(encoding="utf-8") + "  language: ko\n", encoding="utf-8")
    quotes = briefings / "alpha/quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8")
                      + "  original_unavailable: reported only in translation by Yonhap\n", encoding="utf-8")
    project = make_project(tmp_path / "p", briefings)
    result = run_cli("check", "--strict", *TODAY, cwd=project)
    assert "non-English source" not in result.stderr, result.stderr
    assert "original_unavailable" not in result.stderr, result.stderr


def test_feeds_without_site_url_warn_at_mkdocs_yml(tmp_path: Path) -> None:
    project = make_project(tmp_path, BASE)
    config = project / "mkdocs.yml"
    # The bundled mkdocs.yml has site_url commented out: the warning points there.
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("# site_url:"))
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"mkdocs.yml:{line}:1: warning: {NO_SITE_URL}" in result.stderr, result.stderr
    assert "  hint: set site_url to the address the site is published at" in result.stderr
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.returncode == 1
    assert f"mkdocs.yml:{line}:1: error: {NO_SITE_URL}" in strict.stderr
    build = run_cli("generate", cwd=project)  # a build says there are warnings, and goes on
    assert build.returncode == 0 and "1 warning" in build.stderr, build.stderr

    config.write_text("site_url: https://example.org/briefs/\n" + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    assert run_cli("check", "--strict", cwd=project).returncode == 0


def test_plain_text_that_only_looks_like_markup_is_not_warned_about(tmp_path: Path) -> None:
    # A single star, brackets of the editors' own and an e-mail address are ordinary writing in a title or a note;
    # Markdown fields are Markdown, whatever they hold.
    briefings = tmp_path / "briefings"
    shutil.copytree(BASE, briefings)
    events = briefings / "alpha/events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "  title: Something happened\n",
        "  title: \"Something* happened [sic] to 2 ** 3 [press@example.org]\"\n"
        "  summary: It **happened** [there](https://example.org/x) [@src-a].\n"), encoding="utf-8")
    figures = briefings / "alpha/figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8") + "  note: '[Estimate] of 5*4 units (see [1])'\n",
                       encoding="utf-8")
    project = make_project(tmp_path / "p", briefings)
    config = project / "mkdocs.yml"  # with site_url: no warning at all is expected
    config.write_text("site_url: https://example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", "--strict", *TODAY, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr and "error" not in result.stderr, result.stderr
