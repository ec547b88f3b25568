"""Contributor text made safe for pages: Markdown fields to sanitized HTML, plain text escaped.

Contributor Markdown is rendered here, not by MkDocs, so that it can be sanitized with nh3
(raw HTML, event handlers and non-http links removed) before it reaches a page, and so that
inline citations become numbered links. Plain-text fields are escaped for Markdown and HTML.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from urllib.parse import quote

import markdown
import nh3
from markupsafe import Markup

from generator.model.citations import CitationGroup, split_citations, without_citations

ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br", "del",
                "sub", "sup", "abbr", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
LINK_SCHEMES = {"http", "https", "mailto"}
# Private-use characters stand in for citations while Markdown and the sanitizer run.
_OPEN, _CLOSE = "\ue000", "\ue001"
# A superscript mark follows its word closely, and a stop or comma after the citation comes before
# the mark, as Pandoc sets a note citation: "in 2023 [@x]." reads "in 2023.¹" (the one placement rule
# of docs/guide/methodology.md), and the search's excerpts, which leave the mark out, read "in 2023.".
# Any white space: a folded YAML line may end just before the citation.
_PLACEHOLDER = re.compile(f"\\s*{_OPEN}(\\d+){_CLOSE}([.,;:!?]?)")
# The characters Python-Markdown lets a backslash escape (with the tables and tilde extensions
# of mkdocs.yml): escaping any other, such as ':', would leave the backslash on the page.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")

_md = markdown.Markdown(extensions=["sane_lists", "pymdownx.tilde"], output_format="html")


# What numbers a citation group: its source ids, and the place each cites ('p. 4', or '').
Cite = Callable[[list[str], list[str]], str]


def markdown_html(text: str, cite: Cite, id_prefix: str = "") -> Markup:
    """Render a contributor's Markdown to sanitized HTML, numbering its inline citations.

    id_prefix goes before the target of each in-page link ('#event-1'), as before the ids of
    the page it is written on (a PDF joins several briefings in one document).
    """
    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    groups: list[CitationGroup] = []
    pieces: list[str] = []
    for piece in split_citations(text):
        if isinstance(piece, CitationGroup):
            pieces.append(f"{_OPEN}{len(groups)}{_CLOSE}")
            groups.append(piece)
        else:
            pieces.append(piece)
    clean = _sanitized_html("".join(pieces), id_prefix)
    # Citation HTML is ours, so it is put in after sanitizing.
    def cited(match: re.Match[str]) -> str:
        group = groups[int(match.group(1))]
        return match.group(2) + cite(group.ids, [item.place for item in group.items])

    return Markup(_PLACEHOLDER.sub(cited, clean))


# A text of one line with none of these characters, not starting like a list, heading or rule,
# is one paragraph of plain words: Python-Markdown and the sanitizer would only wrap it in <p>.
_MARKUP_FREE = re.compile(r"[^\\`*_\[\]<>&~|{}#\x00-\x1f\x7f]*")
_BLOCK_START = re.compile(r"\d+[.)]|[-+=]")


def _plain_paragraph(text: str) -> bool:
    return bool(_MARKUP_FREE.fullmatch(text)) and text == text.strip() and not _BLOCK_START.match(text)


@functools.lru_cache(maxsize=65536)
def _sanitized_html(text: str, id_prefix: str = "") -> str:
    """Markdown → sanitized HTML, remembered: the same summary or quote is rendered on several
    pages (briefing, actor pages, feeds), and this is most of the cost of rendering."""
    if _plain_paragraph(text):
        # Most summaries: the same output (the sanitizer writes a no-break space as an entity),
        # in a hundredth of the time.
        return "<p>" + text.replace("\xa0", "&nbsp;") + "</p>" if text else ""
    _md.reset()
    rendered = _md.convert(text)
    def in_page(tag: str, attribute: str, value: str) -> str:
        return "#" + id_prefix + value[1:] if attribute == "href" and value.startswith("#") else value

    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     attribute_filter=in_page if id_prefix else None,
                     url_schemes=LINK_SCHEMES, link_rel="noopener nofollow ugc")


def inline_html(text: str, cite: Cite, id_prefix: str = "") -> Markup:
    """Like markdown_html, without the paragraph around a single paragraph."""
    rendered = str(markdown_html(text, cite, id_prefix))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def plain_text(text: str, limit: int = 0) -> str:
    """A Markdown field as plain text (citations and markup removed), for descriptions and feeds."""
    html_text = markdown_html(without_citations(text), lambda ids, places: "")
    plain = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", html_text))).strip()
    plain = re.sub(r"\s+([.,;:!?])", r"\1", plain)
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return plain


def md_text(text: str) -> Markup:
    """Escape plain text for a Markdown line: a '*', '[' or '<' shows as written."""
    # One line: a line break would end the heading, and the next line would be Markdown.
    escaped = html.escape(" ".join(text.split()), quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


# What a URL may hold as written: the reserved characters and '%'; quote() keeps letters, digits and '_.-~'.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]"


def href(url: str) -> str:
    """A contributor's web address for an href: characters a URL may not hold ('"', '<', space) percent-encoded."""
    # The same address to a browser (the URL standard encodes them so on parsing), and valid HTML.
    return quote(url, safe=_URL_SAFE)


# Where a printed address may break, as the Chicago Manual of Style has it: after '//', before a single
# '/', and before '.', ',', '-', '_', '~', '?', '#', '&', '=' and '%': a break never splits 'https',
# nor leaves a '-' at a line's end that reads as a hyphen. The host name stays whole ('https://www' on one
# line and '.koreaherald.com' on the next read as two addresses).
_URL_BREAKS = re.compile(r"(?<=//)(?=.)|(?<=[^/:])(?=/)|(?<=.)(?=[.,\-_~?#&=%])")
_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*", re.I)


def url_text(url: str) -> Markup:
    """A contributor's web address as text, escaped, with <wbr> where it may break across lines."""
    host = _HOST.match(url)
    head, rest = (host.group(), url[host.end():]) if host else ("", url)
    scheme, _, name = head.partition("//")
    parts = [f"{scheme}//", name] if head else []
    return Markup("<wbr>").join(part for part in [*parts, *_URL_BREAKS.split(rest)] if part)
