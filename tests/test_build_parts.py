"""The MkDocs build split across processes gives the same site, byte for byte, and checks the same anchors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

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
                                                    caplog: pytest.LogCaptureFixture) -> None:
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
        assert "does not contain an anchor '#no-such-anchor'" in caplog.text


def test_a_part_that_fails_fails_the_build(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(mkdocs_build.sys, "executable", "/bin/false")  # the other part's process exits with 1
    with pytest.raises(Abort, match="part 2 of 2"):
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
