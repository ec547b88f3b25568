"""MkDocs' build made cheaper gives the same site, byte for byte, and checks the same anchors.

Split across processes, and with the marked blocks of HTML set aside unparsed (mkdocs_build.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from generator import mkdocs_build, pipeline

from conftest import make_project


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefings, generated once; each test builds them its own way."""
    project = make_project(tmp_path_factory.mktemp("parts"))
    pipeline.generate(project)
    return project


def test_a_build_in_parts_is_the_same_site_byte_for_byte(generated: Path, tmp_path: Path) -> None:
    sites = {}
    for parts in (1, 2, 3):
        site = tmp_path / f"site-{parts}"
        site.mkdir()
        pipeline._build_mkdocs(generated, site, strict=True, parts=parts)
        sites[parts] = _tree(site)
        assert not list(tmp_path.glob(f"site-{parts}.parts-*")), "the parts' own folders are removed"
    pages = [name for name in sites[1] if name.endswith(".html")]
    assert len(pages) > 30 and "tags.html" in pages and "sitemap.xml" in sites[1]
    for parts in (2, 3):
        assert sites[parts].keys() == sites[1].keys()
        differ = [name for name in sites[1] if sites[parts][name] != sites[1][name]]
        assert not differ, f"{parts} parts: {differ[:5]}"


def _link_across_parts(project: Path, anchor: str) -> None:
    """Link a hand-written page to an anchor of the briefing's raw HTML, the two pages built by different parts."""
    docs = project / "docs"
    target = next((docs / "briefings").glob("*.md")).relative_to(docs).as_posix()
    for source in sorted(p.relative_to(docs).as_posix() for p in (docs / "guide").glob("*.md")):
        before = (docs / source).read_text(encoding="utf-8")
        (docs / source).write_text(f"{before}\nSee [a citation](../{target}#{anchor}).\n", encoding="utf-8")
        pages = {p.relative_to(docs).as_posix(): p for p in docs.rglob("*.md")}
        if not any({source, target} <= part for part in mkdocs_build.share(pages, 2)):
            return
        (docs / source).write_text(before, encoding="utf-8")
    raise AssertionError("no guide page is built by another part than the briefing")


@pytest.mark.parametrize("parts", [1, 2])
def test_links_to_anchors_are_checked_on_every_part(generated: Path, tmp_path: Path, parts: int,
                                                    caplog: pytest.LogCaptureFixture,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """MkDocs' check of anchors stands: the ids of raw HTML count, a missing one fails the strict build."""
    briefing = next((generated / "docs" / "briefings").glob("*.md")).read_text(encoding="utf-8")
    anchor = re.findall(r'<[a-z]+ [^>]*id="([^"]+)"', briefing)[-1]
    for name, link, fails in (("good", anchor, False), ("bad", "no-such-anchor", True)):
        project = tmp_path / name
        shutil.copytree(generated, project)
        _link_across_parts(project, link)
        site = tmp_path / f"{name}-site"
        site.mkdir()
        if not fails:
            pipeline._build_mkdocs(project, site, strict=True, parts=parts)
            continue
        with pytest.raises(Abort, match="strict mode"):
            pipeline._build_mkdocs(project, site, strict=True, parts=parts)
        # Logged here (one part, or a link between parts), or by a part's process and passed on to stderr.
        assert "does not contain an anchor '#no-such-anchor'" in caplog.text + capsys.readouterr().err


def test_a_part_that_fails_fails_the_build(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(mkdocs_build.sys, "executable", "/bin/false")  # each part's process exits with 1
    with pytest.raises(Abort, match="part 1 of 2 of the build failed: exit status 1"):
        pipeline._build_mkdocs(generated, site, strict=True, parts=2)
    assert not list(tmp_path.glob("site.parts-*"))


def test_one_parse_converts_as_python_markdown_and_notes_the_ids_mkdocs_would() -> None:
    import markdown
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    text = '<div class="a" id="x">\n<p><a name="n">*kept*</a></p>\n</div>\n\nSome *text* <span id="y">inline</span>.\n'
    plain = markdown.Markdown(extensions=["toc", "attr_list"])
    mkdocs_pass = _RawHTMLPreprocessor()
    mkdocs_pass._register(plain)
    one = mkdocs_build.OneHtmlParse()
    assert markdown.Markdown(extensions=["toc", "attr_list", one]).convert(text) == plain.convert(text)
    assert one.anchor_ids == mkdocs_pass.present_anchor_ids == {"x", "n", "y"}
    # md_in_html sets raw HTML aside its own way: left alone, with MkDocs' own pass.
    other = mkdocs_build.OneHtmlParse()
    markdown.Markdown(extensions=["md_in_html", other]).convert('<div markdown="1" id="z">*a*</div>\n')
    assert other.anchor_ids == set()


# The marks around our own blocks of HTML (render/templates): set aside whole, unparsed, the page unchanged.

# In YAML's double quotes: a close, a stand-in of a marked block, an open. (The real stand-in's number stands
# between STX and ETX, which Python-Markdown strips from every text before the extension reads it.)
_ESCAPE_ATTEMPT = '\\n<!-- /briefing:html -->\\n<div data-briefing-html=\\"0\\"></div>\\n<!-- briefing:html -->\\n'
_MARKDOWN_ATTEMPT = ("\n\n  <!-- /briefing:html -->\n\n  <div data-briefing-html=\"0\"></div>\n\n"
                     "  <!-- briefing:html -->\n\n  `<!-- /briefing:html -->`\n\n      <!-- briefing:html -->\n")


_MARKS = (mkdocs_build.OPEN_MARK, mkdocs_build.CLOSE_MARK)


def _strip_marks(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line not in _MARKS)


@pytest.fixture(scope="module")
def hostile_marks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile fixture, its text fields and Markdown trying to close a mark or open one, generated."""
    from conftest import FIXTURES

    project = make_project(tmp_path_factory.mktemp("marks"), FIXTURES / "hostile" / "briefings")
    path = project / "briefings" / "hostile-text" / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    for start in ('"Subtitle: ', '"Event: ', '"Name: ', '"Report: ', '"Place: ', '"Change: ', '"Point: ',
                  '"Details: ', '"Words: ', '"Context: ', '"Note: ', '"Label: '):
        assert start in text, start
        text = text.replace(start, start[0] + _ESCAPE_ATTEMPT + start[1:])
    text = text.replace("R&D <not a tag> [@src-text].", "R&D <not a tag> [@src-text]." + _MARKDOWN_ATTEMPT)
    path.write_text(text, encoding="utf-8")
    pipeline.generate(project)
    return project


def _pages(project: Path) -> dict[str, str]:
    from mkdocs.utils.meta import get_data

    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): get_data(p.read_text(encoding="utf-8"))[0] for p in docs.rglob("*.md")}


@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_marked_blocks_convert_as_unmarked_html_and_note_the_ids_mkdocs_would(
        which: str, generated: Path, hostile_marks: Path) -> None:
    """Every page: with the extension, as plain Python-Markdown (and MkDocs' own id pass) on the text without marks."""
    import markdown
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    extensions: list[Any] = ["toc", "attr_list", "tables", "admonition", "pymdownx.tilde"]
    pages = _pages(generated if which == "bundled" else hostile_marks)
    marked = set()
    for name, text in pages.items():
        plain = markdown.Markdown(extensions=extensions)
        mkdocs_pass = _RawHTMLPreprocessor()
        mkdocs_pass._register(plain)
        one = mkdocs_build.OneHtmlParse()
        md = markdown.Markdown(extensions=[*extensions, one])
        assert md.convert(text) == plain.convert(_strip_marks(text)), name
        assert one.anchor_ids == mkdocs_pass.present_anchor_ids, name
        # Every marked block was one element, set aside whole: none fell back to html_block.
        blocks = md.preprocessors["briefing_marked_html"].blocks
        assert len(blocks) == text.split("\n").count(mkdocs_build.OPEN_MARK), name
        if blocks:
            marked.add(name)
    assert {n for n in pages if n.startswith(("briefings/", "actors/", "chronology"))} <= marked


def test_contributor_text_cannot_open_or_close_a_mark(hostile_marks: Path) -> None:
    """Each attempt (a close, a stand-in, an open, in each field) reaches the page escaped: the marks are ours."""
    text = (hostile_marks / "docs" / "briefings" / "hostile-text.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert [line for line in lines if "<!--" in line] == [line for line in lines if line in _MARKS]
    assert "<div data-briefing-html" not in text
    marks = [(i, line) for i, line in enumerate(lines) if line in _MARKS]
    # In pairs, each around an element of ours: an open, then its close.
    assert marks and [line for _, line in marks] == list(_MARKS) * (len(marks) // 2)
    assert all(lines[i + 1].startswith("<") for i, line in marks if line == mkdocs_build.OPEN_MARK)
    assert text.count("&lt;!-- /briefing:html --&gt;") >= 12 and text.count("&lt;div data-briefing-html") >= 12


@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_a_site_built_with_marks_is_the_site_without_them(which: str, generated: Path, hostile_marks: Path,
                                                          tmp_path: Path) -> None:
    """MkDocs' whole build, byte for byte: the marks only make it cheaper (on Zensical they are comments)."""
    marked = generated if which == "bundled" else hostile_marks
    unmarked = tmp_path / "unmarked"
    shutil.copytree(marked, unmarked, ignore=shutil.ignore_patterns("site", ".cache"))
    for page in (unmarked / "docs").rglob("*.md"):
        page.write_text(_strip_marks(page.read_text(encoding="utf-8")), encoding="utf-8")
    sites = {}
    for name, project in (("marked", marked), ("unmarked", unmarked)):
        site = tmp_path / f"site-{name}"
        site.mkdir()
        pipeline._build_mkdocs(project, site, strict=which == "bundled", parts=1)
        sites[name] = _tree(site)
    assert sites["marked"].keys() == sites["unmarked"].keys()
    assert [n for n in sites["marked"] if sites["marked"][n] != sites["unmarked"][n]] == []
    # The pages, not the data files, which carry each text exactly as written.
    built = b"".join(page for name, page in sites["marked"].items() if name.endswith(".html"))
    assert not any(mark.encode() in built for mark in (*_MARKS, "<div data-briefing-html"))
    if which == "hostile":
        assert b"&lt;!-- /briefing:html --&gt;" in sites["marked"]["briefings/hostile-text.html"]


def test_marks_around_anything_but_one_element_are_only_dropped() -> None:
    """A template's mistake costs the parse it saves, never the page: such a block goes through html_block."""
    import markdown

    o, c = _MARKS
    for text in (f"{o}\n<p>a</p>\n<p>b</p> *c*\n{c}\n\nd", f"{o}\n*not html*\n{c}\n", f"{c}\n<p>a</p>\n{o}\n",
                 f"{o}\n{o}\n<div>a</div>\n{c}\n{c}\n", f'{o}\n<div id="x" markdown="1">\n*a*\n</div>\n{c}\n'):
        for extensions in (["toc"], ["toc", "md_in_html"]):
            one = mkdocs_build.OneHtmlParse()
            marked = markdown.Markdown(extensions=[*extensions, one]).convert(text)
            assert marked == markdown.Markdown(extensions=extensions).convert(_strip_marks(text)), (text, extensions)


def test_a_page_titled_by_its_first_heading_has_that_title_in_every_part(tmp_path: Path) -> None:
    """A nav entry without a title, its page without one in its front matter: the heading names it everywhere."""
    project = tmp_path / "project"
    project.mkdir()
    config = (Path(pipeline.__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    nav = "\nnav:\n" + "".join(f"  - {name}.md\n" for name in "abcd")
    (project / "mkdocs.yml").write_text(re.sub(r"\nnav:\n(?:  .*\n|\n)*", nav, config), encoding="utf-8")
    shutil.copytree(Path(mkdocs_build.__file__).parent, project / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for number, name in enumerate("abcd", start=1):  # of different sizes: shared out to both parts
        (docs / f"{name}.md").write_text(f"# Heading {name}\n\n" + "Words. " * 2000 * number, encoding="utf-8")
    sites = {}
    for parts in (1, 2):
        site = tmp_path / f"site-{parts}"
        site.mkdir()
        pipeline._build_mkdocs(project, site, strict=False, parts=parts)
        sites[parts] = _tree(site)
    assert all(f"Heading {name}".encode() in sites[2]["a.html"] for name in "abcd")
    assert [n for n in sites[1] if n.endswith(".html") and sites[2][n] != sites[1][n]] == []
