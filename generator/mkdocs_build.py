"""MkDocs' build made cheaper: one parse of each page's raw HTML, and the pages split across processes."""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.htmlparser import HTMLExtractor
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.util import ETX, STX

from generator.forking import available_cores

PART_VARIABLE = "BRIEFING_BUILD_PART"  # set by build_in_parts for each process: which part of the pages it renders
SKIPPED_TEMPLATE = "briefing-skipped.html"  # renders nothing, so MkDocs writes no file for another part's page
log = logging.getLogger("mkdocs.structure.pages")  # where MkDocs reports a missing anchor
# The lines the page templates put around each large block of HTML they wrote (render/templates/).
# Contributor text cannot write them: it reaches a page escaped, or as Markdown made HTML and cleaned by
# nh3, which drops comments and escapes '<' in text and attributes alike (tests/test_build_parts.py).
OPEN_MARK, CLOSE_MARK = "<!-- briefing:html -->", "<!-- /briefing:html -->"
_FIRST_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)")
# An id or a name, in a tag when no '>' stands between it and the '<' before it: in our HTML, text holds
# no '<' and attribute values neither '<' nor '>' (escaped, or percent-encoded), nor '"'. Our templates
# and nh3 write attributes in lower case, one space before each: a space first, the scan is 4x faster.
_ANCHOR_ATTRIBUTE = re.compile(r' (id|name)="([^"]*)"')
_A_TAG = re.compile(r"<a\s")
# What stands in a marked block's place while html_block runs: one line, a block-level element, as the block.
# Its number is set off by the characters Python-Markdown strips from every text first: no page can write one.
_STAND_IN = f'<div data-briefing-html="{STX}{{}}{ETX}"></div>'
_STAND_IN_FOUND = re.compile(f'<div data-briefing-html="{STX}(\\d+){ETX}"></div>(\n?)')


class _AnchorCollector(HTMLExtractor):  # type: ignore[misc]  # Python-Markdown is untyped here
    """Python-Markdown's raw-HTML extractor, also noting the ids that links may point to, as MkDocs does."""

    def __init__(self, md: Markdown, ids: set[str]) -> None:
        super().__init__(md)
        self.ids = ids

    def _note(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)  # type: ignore[arg-type]  # MkDocs keeps an id without a value too

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(tag, attrs)
        super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._note(tag, attrs)
        super().handle_startendtag(tag, attrs)


class _HtmlBlockWithAnchors(HtmlBlockPreprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, extension: OneHtmlParse) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        parser = _AnchorCollector(self.md, self.extension.anchor_ids)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class _MarkedHtml(Preprocessor):  # type: ignore[misc]
    """Each block of HTML between OPEN_MARK and CLOSE_MARK set aside whole, as html_block would, unparsed.

    A marked block is one element, opened at the start of its first line and closed at the end of its
    last. It stands aside while html_block runs, in its place a one-line element of the same kind of
    boundaries, which html_block sets aside (with a newline when a blank line follows, as it would the
    block); _MarkedHtmlBack then puts the block in its stead. The block's ids are noted for MkDocs'
    anchor check with a scan, not html.parser. The marks are dropped: the page is the one without them.
    """

    def __init__(self, md: Markdown, extension: OneHtmlParse, stash: bool) -> None:
        super().__init__(md)
        self.extension = extension
        self.stash = stash  # False beside another extension's html_block (md_in_html): only drop the marks
        self.blocks: list[str] = []  # this page's marked blocks, by their stand-ins' numbers

    def run(self, lines: list[str]) -> list[str]:
        self.extension.anchor_ids = set()  # the first of this page's passes: nothing from the last page
        self.blocks = []
        if OPEN_MARK not in lines and CLOSE_MARK not in lines:
            return lines
        out: list[str] = []
        start = 0
        while True:
            try:
                begin = lines.index(OPEN_MARK, start)
                end = lines.index(CLOSE_MARK, begin + 1)
            except ValueError:
                break
            out += [line for line in lines[start:begin] if line != CLOSE_MARK]
            block = lines[begin + 1:end]
            start = end + 1
            if self.stash and self._whole_element(block):
                out.append(_STAND_IN.format(len(self.blocks)))
                self.blocks.append("\n".join(block))
                self._note_anchors(self.blocks[-1])
            else:  # not one element after all: html_block reads it as if it were not marked
                out += [line for line in block if line not in (OPEN_MARK, CLOSE_MARK)]
        out += [line for line in lines[start:] if line not in (OPEN_MARK, CLOSE_MARK)]
        return out

    def _whole_element(self, block: list[str]) -> bool:
        """Whether block opens a block-level element at its start and closes that kind at its end."""
        first = _FIRST_TAG.match(block[0]) if block else None
        return bool(first and self.md.is_block_level(first.group(1).lower())
                    and block[-1].endswith(f"</{first.group(1)}>") and OPEN_MARK not in block)

    def _note_anchors(self, text: str) -> None:
        """The ids and <a name>s of text, as MkDocs' own pass would note them (its values unescaped)."""
        for found in _ANCHOR_ATTRIBUTE.finditer(text):
            tag = text.rfind("<", 0, found.start())
            if tag < 0 or text.find(">", tag, found.start()) >= 0:
                continue  # words of a text, not an attribute
            if found.group(1) == "id" or _A_TAG.match(text, tag):
                self.extension.anchor_ids.add(html.unescape(found.group(2)))


class _MarkedHtmlBack(Preprocessor):  # type: ignore[misc]
    """After html_block: each stand-in it set aside replaced by its marked block."""

    def __init__(self, md: Markdown, marked: _MarkedHtml) -> None:
        super().__init__(md)
        self.marked = marked

    def run(self, lines: list[str]) -> list[str]:
        if self.marked.blocks:
            stash = self.md.htmlStash.rawHtmlBlocks
            for index, raw in enumerate(stash):
                found = _STAND_IN_FOUND.fullmatch(raw) if isinstance(raw, str) else None
                if found:
                    stash[index] = self.marked.blocks[int(found.group(1))] + found.group(2)
        return lines


class OneHtmlParse(Extension):  # type: ignore[misc]
    """Parse each page's raw HTML once, not twice.

    MkDocs parses a page's whole text with html.parser only to collect the ids its anchor check needs
    (priority 21), then Python-Markdown parses it again to set the raw HTML aside (html_block, 20);
    our pages are mostly HTML, and the two parses were most of the build. Run Python-Markdown's
    pass first, noting the ids: MkDocs' pass then reads text with the HTML already set aside. The
    hook adds the ids to the page's (add_anchors), so MkDocs checks the same anchors as before.
    """

    def __init__(self) -> None:
        super().__init__()
        self.anchor_ids: set[str] = set()  # the last page converted: one Markdown converts at a time

    def extendMarkdown(self, md: Markdown) -> None:
        """Take the place of Python-Markdown's html_block, one step earlier; leave another extension's own alone."""
        self.anchor_ids = set()  # a new page: nothing from the last one
        stock = "html_block" in md.preprocessors and type(md.preprocessors["html_block"]) is HtmlBlockPreprocessor
        if stock:
            md.preprocessors.register(_HtmlBlockWithAnchors(md, self), "html_block", 22)
        # After normalize_whitespace (30), before MkDocs' own pass (21) and html_block; back after html_block.
        marked = _MarkedHtml(md, self, stash=stock)
        md.preprocessors.register(marked, "briefing_marked_html", 25)
        md.preprocessors.register(_MarkedHtmlBack(md, marked), "briefing_marked_html_back", 19)

    def add_anchors(self, page: Any) -> None:
        """Give the page just rendered the ids of its raw HTML, which MkDocs' own pass no longer sees."""
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= self.anchor_ids


@dataclass
class Part:
    """One process's share of a build split across processes: the pages it renders, and its report.

    Every process reads every page's front matter, so the navigation, the tags page, the sitemap and
    each page's links come out as in one process; another part's page is converted from no text
    (unless its title is its first heading) and rendered with an empty template, which MkDocs
    writes nowhere. Only the first part copies the
    other files and keeps its 404 page and sitemap. Each part reports its pages, their anchors and
    its links to anchors on other parts' pages, which build_in_parts checks.
    """

    index: int
    count: int
    report: Path
    own: set[str] = field(default_factory=set)  # the src_uri of the pages this part renders
    files: Any = None

    @classmethod
    def from_environment(cls) -> Part | None:
        """The part this process builds, when build_in_parts started it."""
        value = os.environ.get(PART_VARIABLE)
        if not value:
            return None
        index, count, report = json.loads(value)
        return cls(index, count, Path(report))

    def choose(self, files: Any) -> None:
        """Take this part's share of the pages; leave the other files to the first part to copy."""
        from mkdocs.structure.files import InclusionLevel

        self.files = files
        self.own = share({f.src_uri: Path(f.abs_src_path) for f in files.documentation_pages()}, self.count)[self.index]
        if self.index:  # the first part copies the static files; they would only be thrown away here
            for file in files:
                if not file.is_documentation_page():
                    file.inclusion = InclusionLevel.EXCLUDED

    def skip(self, markdown: str, page: Any) -> str:
        """Another part's page: a template that renders nothing, and no text to convert unless it gives the title."""
        if page.file.src_uri in self.own:
            return markdown
        page.meta["template"] = SKIPPED_TEMPLATE
        # Without a title in its front matter, a page is titled by its first heading, which only its
        # conversion finds, and that title shows in the nav and footers of this part's pages too.
        return "" if "title" in page.meta else markdown

    def forget_anchors(self, page: Any) -> None:
        """MkDocs checks links to another part's page not here (it has no anchors here) but in build_in_parts."""
        if page.file.src_uri not in self.own:
            page.present_anchor_ids = None

    def add_template(self, env: Any) -> Any:
        """The theme's templates, and SKIPPED_TEMPLATE."""
        import jinja2

        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({SKIPPED_TEMPLATE: ""}), env.loader])
        return env

    def write_report(self) -> None:
        """What build_in_parts needs of this part: the files it wrote, its pages' anchors, its links to others'."""
        pages, anchors, links = [], {}, []
        for file in self.files.documentation_pages():
            if file.src_uri not in self.own or file.page is None:
                continue
            pages.append(file.dest_uri)
            anchors[file.src_uri] = sorted(a for a in file.page.present_anchor_ids or () if a is not None)
            for target, by_anchor in (file.page.links_to_anchors or {}).items():
                if target.src_uri not in self.own:
                    links += [[file.src_uri, target.src_uri, anchor, link] for anchor, link in by_anchor.items()]
        self.report.write_text(json.dumps({"pages": pages, "anchors": anchors, "links": links}), encoding="utf-8")


def share(pages: dict[str, Path], count: int) -> list[set[str]]:
    """The pages (src_uri: file) in count parts of about equal cost: the largest first, to the least loaded."""
    # A page's cost grows with its text; the constant is the template's share, what a small page costs.
    cost = {uri: path.stat().st_size + 20_000 for uri, path in pages.items()}
    parts: list[set[str]] = [set() for _ in range(count)]
    loads = [0] * count
    for uri in sorted(cost, key=lambda u: (-cost[u], u)):
        part = loads.index(min(loads))
        loads[part] += cost[uri]
        parts[part].add(uri)
    return parts


def parts_for(docs: Path) -> int:
    """How many processes to build docs/ with: one per core, up to 4, and one for each 150 pages at least."""
    pages = sum(1 for _ in docs.rglob("*.md"))
    return max(1, min(available_cores(), 4, pages // 150))  # new processes, not forks: macOS too


def build_in_parts(config: Any, root: Path, parts: int) -> None:
    """MkDocs' build of config into its site_dir by parts processes, each rendering its share of the pages.

    The first part builds into site_dir; the others build into folders beside it, and their pages
    are moved in. Every part is a process of its own, this one only waits: MkDocs' memory is not
    added to what generation left in this process (the largest of a build's processes is what a
    machine must hold). The site is the same, byte for byte, as one process's build
    (tests/test_build_parts.py).
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    if parts <= 1:
        build(config)
        return
    site_dir = Path(config.site_dir)
    work = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.parts-", dir=site_dir.parent))
    children: list[subprocess.Popen[bytes]] = []
    try:
        for index in range(parts):
            env = {**os.environ, PART_VARIABLE: json.dumps([index, parts, str(work / f"{index}.json")])}
            folder = site_dir if index == 0 else work / str(index)
            with open(work / f"{index}.log", "wb") as output:  # a file, not a pipe: it never fills up and blocks
                children.append(subprocess.Popen(
                    [sys.executable, "-m", "generator.mkdocs_build", str(root), str(folder),
                     "strict" if config.strict else "lenient"], env=env, stdout=output, stderr=output))
        for index, child in enumerate(children):
            child.wait()
            said = (work / f"{index}.log").read_text(encoding="utf-8", errors="replace")
            sys.stderr.write(said)  # the part's warnings, as if this process had rendered those pages
            if child.returncode:
                last = said.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
                raise Abort(f"part {index + 1} of {parts} of the build failed: {last[0]}")
        reports = [json.loads((work / f"{i}.json").read_text(encoding="utf-8")) for i in range(parts)]
        for index, report in enumerate(reports[1:], start=1):
            for page in report["pages"]:
                if (work / str(index) / page).is_file():  # MkDocs writes no page whose template rendered nothing
                    (site_dir / page).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(work / str(index) / page, site_dir / page)
        missing = check_anchors(reports, config.validation.links.anchors)
        if missing and config.strict:
            raise Abort(f"Aborted with {missing} warnings in strict mode!")
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
                child.wait()
        shutil.rmtree(work, ignore_errors=True)


def check_anchors(reports: list[dict[str, Any]], level: int) -> int:
    """Report each link to an anchor on another part's page that the page lacks, as MkDocs would; return how many."""
    anchors: dict[str, set[str]] = {}
    for report in reports:
        anchors.update((page, set(ids)) for page, ids in report["anchors"].items())
    missing = 0
    for report in reports:
        for page, target, anchor, link in report["links"]:
            if target in anchors and anchor not in anchors[target]:
                missing += level >= logging.WARNING
                log.log(level, f"Doc file '{page}' contains a link '{link}', but the doc '{target}' does not "
                               f"contain an anchor '#{anchor}'.")
    return missing


def _main(root: str, site_dir: str, strict: str) -> int:
    """One part of build_in_parts, in its own process: MkDocs' warnings and errors to stderr, as `mkdocs build`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        build(load_config(config_file=str(Path(root) / "mkdocs.yml"), site_dir=site_dir, strict=strict == "strict"))
    except MkDocsException as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(*sys.argv[1:]))
