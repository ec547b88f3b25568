"""What every PDF module shares: the print templates, their Jinja environment, and the progress callback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator.render.markup import url_text

TEMPLATES = Path(__file__).parent / "templates"

Progress = Callable[[str], None]


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["url_text"] = url_text  # a printed address, with where it may break
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one of the print templates in templates/."""
    return _environment().get_template(name).render(**context)
