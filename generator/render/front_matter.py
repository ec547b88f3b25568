"""The front matter of generated pages, written by a YAML emitter so that no value can break it.

MkDocs, Material and Zensical print a page's title and description into <title>, the header,
the navigation and <meta> attributes without escaping them. So these two values are stored as
HTML text, escaped here and nowhere else: the title '<and>' is written 'title: '&lt;and&gt;''.
Theme overrides read them as HTML and escape at print time (`|striptags|e`, see theme/main.html).
Every other value is stored as written.
"""

from __future__ import annotations

import html
from typing import Any

import yaml
from markupsafe import Markup

try:  # libyaml's emitter: ten times faster, and a build writes a front matter for every page
    from yaml import CSafeDumper as _SafeDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]

HTML_VALUES = ("title", "description")
# Characters YAML 1.1 (PyYAML, MkDocs) reads as line breaks, and YAML 1.2 (Zensical) does not all.
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


class _Dumper(_SafeDumper):
    """SafeDumper that writes a value with a line break in it as one double-quoted line."""


def _text(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    # Escaped (\n, \L), a break cannot start a line '---' that ends the block, and every YAML
    # version reads the same text back.
    style = '"' if _LINE_BREAKS.intersection(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _plain(value: Any) -> Any:
    """value with plain str, list and dict in place of their subclasses (Markup, tuples), for the emitter."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def front_matter(**fields: Any) -> Markup:
    """The page's front matter block ('---' … '---') holding fields in order; None values are left out."""
    data = {name: html.escape(str(value)) if name in HTML_VALUES else _plain(value)
            for name, value in fields.items() if value is not None}
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000,
                     default_flow_style=False)
    return Markup(f"---\n{text}---")  # the template's own line break ends the line
