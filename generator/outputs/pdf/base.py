"""What every PDF module shares: the print templates, their Jinja environment, and the progress callback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).parent / "templates"

Progress = Callable[[str], None]


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render one of the print templates in templates/."""
    return _environment().get_template(name).render(**context)
