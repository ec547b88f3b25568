"""Our citation parser against pandoc itself: the same Cite nodes as `pandoc -f markdown -t json`.

Pandoc is Debian's (`.ci/run` installs it). Where it is missing the comparison is skipped with the
reason; under CI=true a missing pandoc fails instead. The tests of rendering and of unreadable
citations need no pandoc.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import cache
from typing import Any

import pytest

from generator.model.citations import citation_groups, citation_problems, cited_ids
from generator.model.contract import Source
from generator.render import markup
from generator.render.citations import Citations

# (Markdown, a part of the problem we report, or "" when the text is read without one).
# The manual's examples ("Citation syntax"), the forms of issue 13, and edge cases.
CORPUS: list[tuple[str, str]] = [
    ("Blah blah [@doe99; @smith2000; @smith2004].", ""),
    ("Blah blah [see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1].", ""),
    ("[@smith{ii, A, D-Z}, with a suffix]", ""),
    ("[@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]", ""),
    ("[@smith{}, 99 years later]", ""),
    ("Smith says blah [-@smith04].", ""),
    ("[@{https://example.com/bib?name=foobar&date=2000}, p.  33]", ""),
    ("[@Foo_bar.baz.]", ""),
    ("[@{Foo_bar.baz.}]", ""),
    ("[@Foo_bar--baz]", ""),
    ("@smith04 says blah.", ""),  # author-in-text: pandoc's only, never ours (see model/citations.py)
    ("@smith04 [p. 33] says blah.", ""),
    ("Seen [@src-a, p. 4].", ""),
    ("Seen [@src-a, pp. 33-35].", ""),
    ("Seen [see @src-a].", ""),
    ("Seen [@a; see also @b].", ""),
    ("Seen [-@src-a].", ""),
    ("Seen [@{src-a}, p. 33].", ""),
    ("Seen [@a.]", ""),
    ("[@a, chap. 2; @b, § 3; @c, para. 4; @d, sec. 2.1]", ""),
    ("[@a, 33]", ""),
    ("[@a, ¶ 3 and passim]", ""),
    ("[@a, vol. 2, p. 4]", ""),
    ("[@a, pp. 4, 6 and 7]", ""),
    ("[@a:b] [@a::b] [@a//b] [@http://x.org/a]", ""),
    ("[@a-] [@a+b] [@a_] [@1990s] [@é-ü]", ""),
    ("[x -@a] [x-@a]", ""),
    ("[@a\nspanning lines]", ""),
    ("[@a] (https://example.org) is a citation, then text", ""),
    ("[@a, see [x]]", ""),
    ("[see `code @b` @a] [@c, `x;y`]", ""),
    ("In code: `[@a]` and ``[@b; @c]``", ""),
    ("```\n[@a]\n```", ""),
    ("Text\n\n    [@a] indented code", ""),
    ("- item\n\n    [@a] continues the item", ""),
    ("[@a](https://example.org) is a link", ""),
    ("[@a][ref] is a link\n\n[ref]: https://example.org", ""),
    ("![@a] is an image", ""),
    ("\\[@a] and [\\@b] are escaped", ""),
    ("Mail press@example.org, [mail x@example.org] or <a@example.org>", ""),
    ("[@a]\n\n[@b]", ""),
    ("[@{a}b] [**see** @c]", ""),
    ("[@a, p. 4 *and* `[@b]`]", ""),
    # Brackets pandoc does not read as citations, and we report.
    ("[@]", "'@' is not followed by a source id"),
    ("[see @ p. 4]", "'@' is not followed by a source id"),
    ("[@-x]", "'@-x' is not a source id"),
    ("[@{a b}]", "'@{a b}' is not a source id"),
    ("[@a; b]", "'b' in the citation '[@a; b]' cites no source"),
    ("[@ab;]", "has an empty part between ';'"),
    ("[;@a]", "has an empty part between ';'"),
    ("[@a;;@b]", "has an empty part between ';'"),
    ("[see; @a]", "'see' in the citation '[see; @a]' cites no source"),
    ("[@a, p. 4", "has no closing ']'"),
]

# Where we read otherwise, on purpose: pandoc's ids, then the problem we report instead.
DIVERGENT: list[tuple[str, list[str], str]] = [
    # Pandoc cites a, and reads @b as an author-in-text citation inside a's suffix.
    ("[@a @b]", ["a"], "two sources without ';'"),
    # Pandoc nests citations; a citation inside another's text is a mistake here.
    ("[see [@a] and @b]", ["b", "a"], "holds another citation in brackets"),
    # Pandoc puts the citation inside the link; two nested links are not valid HTML.
    ("[see [@a]](https://example.org)", ["a"], "inside the text of a link"),
    # Pandoc skips an '@' without a key and cites a; a stray '@' is a mistake here.
    ("[email @ x @a]", ["a"], "'@' is not followed by a source id"),
    # Pandoc reads an empty id; no source has one.
    ("[@{}]", [""], "'@{}' is not a source id"),
]


@cache
def _pandoc() -> str | None:
    return shutil.which("pandoc")


@pytest.fixture(scope="module")
def pandoc() -> str:
    found = _pandoc()
    if found is None:
        reason = "pandoc is not installed (Debian's pandoc: .ci/run installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def _stringify(inlines: Any) -> str:
    """The text of pandoc inlines, markup left out."""
    if isinstance(inlines, list):
        return "".join(_stringify(i) for i in inlines)
    if not isinstance(inlines, dict):
        return ""
    kind, content = inlines.get("t"), inlines.get("c")
    if kind == "Str":
        return str(content)
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Code":
        return str(content[1])
    return _stringify(content)


def _cites(node: Any, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every citation of pandoc's AST in document order, an outer Cite before those inside it."""
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            found.extend(node["c"][0])
        for value in node.values():
            _cites(value, found)
    elif isinstance(node, list):
        for value in node:
            _cites(value, found)
    return found


def pandoc_citations(pandoc: str, text: str) -> list[dict[str, Any]]:
    """The bracketed citations pandoc reads in text (author-in-text ones left out, as ours are)."""
    result = subprocess.run([pandoc, "-f", "markdown", "-t", "json"], input=text, capture_output=True,
                            text=True, check=True, timeout=60)
    cites = _cites(json.loads(result.stdout)["blocks"], [])
    return [c for c in cites if c["citationMode"]["t"] != "AuthorInText"]


def _loose(text: str) -> str:
    """A prefix or suffix compared as words: pandoc's smart punctuation, markup and commas aside."""
    for fancy, plain in (("\u2013", "--"), ("\u2014", "---"), ("\u2026", "..."), ("\xa0", " ")):
        text = text.replace(fancy, plain)
    return " ".join(re.sub(r"[*_`{},]", " ", text).split())


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30
    assert len({text for text, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("text", "problem"), CORPUS, ids=[repr(t)[1:30] for t, _ in CORPUS])
def test_we_read_citations_as_pandoc_does(pandoc: str, text: str, problem: str) -> None:
    theirs = pandoc_citations(pandoc, text)
    ours = [item for group in citation_groups(text) for item in group.items]
    assert [(c["citationId"], c["citationMode"]["t"] == "SuppressAuthor") for c in theirs] == [
        (c.id, c.suppress_author) for c in ours]
    assert cited_ids(text) == [c["citationId"] for c in theirs]
    # Pandoc keeps the locator inside the suffix; citeproc splits it off later.
    for their, our in zip(theirs, ours, strict=True):
        assert _loose(_stringify(their["citationPrefix"])) == _loose(our.prefix)
        assert _loose(_stringify(their["citationSuffix"])) == _loose(f"{our.locator} {our.suffix}")
    messages = [p.message for p in citation_problems(text)]
    if problem:
        assert len(messages) == 1 and problem in messages[0], messages
    else:
        assert not messages


@pytest.mark.parametrize(("text", "their_ids", "problem"), DIVERGENT, ids=[t for t, _, _ in DIVERGENT])
def test_where_we_differ_from_pandoc_we_report_a_problem(pandoc: str, text: str, their_ids: list[str],
                                                         problem: str) -> None:
    assert [c["citationId"] for c in pandoc_citations(pandoc, text)] == their_ids
    assert cited_ids(text) == []
    assert [problem in p.message for p in citation_problems(text)] == [True]


def test_locators_are_read_as_written_and_shown_with_a_label() -> None:
    text = "[see @a, pp. 33-35 and *passim*; -@b, chap. 1; @c, 12; @d{ii, A}; @e, § 3; @f, {pp. iv, vi}]"
    (group,) = citation_groups(text)
    assert [(c.id, c.prefix, c.locator, c.label, c.suffix, c.suppress_author) for c in group.items] == [
        ("a", "see", "pp. 33-35", "page", "and *passim*", False),
        ("b", "", "chap. 1", "chapter", "", True),
        ("c", "", "12", "page", "", False),
        ("d", "", "ii, A", "page", "", False),
        ("e", "", "§ 3", "section", "", False),
        ("f", "", "pp. iv, vi", "page", "", False),
    ]
    assert [c.place for c in group.items] == ["pp. 33–35", "chap. 1", "p. 12", "pp. ii, A", "§ 3", "pp. iv, vi"]
    # Trailing punctuation is not a locator, nor a word without digits after an implied page.
    assert [c.locator for g in citation_groups("[@a.] [@b, passim] [@c, p. 4.]") for c in g.items] == [
        "", "", "p. 4"]


def test_unreadable_citations_are_located() -> None:
    text = "Seen [@src-a] and [see @ p. 4] and [@x; y]."
    assert [(p.offset, text[p.offset]) for p in citation_problems(text)] == [(23, "@"), (40, "y")]


SOURCES = {i: Source(id=i, title=f"Report {i.upper()}", publisher="Agency") for i in ("a", "b")}


def test_locators_go_in_the_marker_title_and_the_source_list() -> None:
    cite = Citations(SOURCES)
    html = str(markup.markdown_html("Seen [@a, p. 4; @b] and [see @a, pp. 33-35].", cite))
    assert 'title="Report A, p. 4">1</a>' in html
    assert 'title="Report B">2</a>' in html
    assert 'title="Report A, pp. 33–35">1</a>' in html
    assert cite.cited_at("a") == "p. 4, pp. 33–35"
    assert cite.cited_at("b") == ""


def test_a_plain_citation_renders_after_its_stop_joined_to_it() -> None:
    # The one placement rule (docs/guide/methodology.md): the mark after the stop, a word joiner first.
    html = str(markup.markdown_html("Seen [@a].", Citations(SOURCES)))
    assert html == ('<p>Seen.<sup class="cite" data-pagefind-ignore>\u2060[<a href="#a" id="cite-1" '
                    'title="Report A">1</a>]</sup></p>')
    mid = str(markup.markdown_html("Seen [@a], then [@a]; and [@a]", Citations(SOURCES)))
    assert mid.startswith("<p>Seen,<sup") and "</sup> then;<sup" in mid and "</sup> and<sup" in mid


def test_code_and_links_never_cite() -> None:
    cite = Citations(SOURCES)
    html = str(markup.markdown_html("`[@a]` and [@b](https://example.org/b)", cite))
    assert "<code>[@a]</code>" in html
    assert '<a href="https://example.org/b" rel="noopener nofollow ugc">@b</a>' in html
    assert cite.count == 0


def test_a_locator_is_escaped_in_the_title() -> None:
    html = str(markup.markdown_html('[@a, {p. 4 "<b>"}]', Citations(SOURCES)))
    assert 'title="Report A, p. 4 &#34;&lt;b&gt;&#34;"' in html
