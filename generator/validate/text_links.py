"""Links in contributors' Markdown: found in every form; allowed only to the web, to mail or on the page."""

from __future__ import annotations

import html
import re

LINK_SCHEMES = ("http", "https", "mailto")
# Where Markdown text can hold a link: [text](url) and ![alt](url), a reference definition
# '[name]: url', an autolink <scheme:…>, and a raw HTML href (nh3 would strip a bad one, but
# the contributor should hear that the link is gone; images are dropped whatever their src).
_LINKS = (
    re.compile(r"(?<!\\)\]\(\s*<?([^\s)>]+)"),
    re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)", re.M),
    re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>"),
    re.compile(r"""<a\s[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.I),
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def markdown_links(text: str) -> list[str]:
    """The target of every link in a Markdown text, in order of appearance."""
    if "](" not in text and "]:" not in text and "<" not in text:
        return []  # most texts: none of the four forms can be there
    found = [(m.start(1), m.group(1)) for pattern in _LINKS for m in pattern.finditer(text)]
    return [url for _, url in sorted(found)]


def link_problem(url: str, field: str = "text") -> str:
    """The message refusing a Markdown link target in field, or '' when it is allowed."""
    # Browsers decode entities and drop control characters and spaces before reading a scheme.
    clean = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    if clean.startswith("#") and len(clean) > 1:
        return ""
    scheme = _SCHEME.match(clean)
    if scheme and scheme.group(1).lower() in LINK_SCHEMES and len(clean) > len(scheme.group(0)):
        return ""
    if scheme:
        return f"a '{scheme.group(1).lower()}:' link in '{field}' is not allowed"
    return f"the link '{url[:60]}' in '{field}' is not a full web address"
