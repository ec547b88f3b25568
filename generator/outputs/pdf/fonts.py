"""Whether the installed fonts can show a briefing's scripts: a PDF must not print empty boxes."""

from __future__ import annotations

import functools
import re
import subprocess
from collections.abc import Iterable

# Scripts that need a font DejaVu does not have: (pattern, fontconfig languages, Debian package).
SCRIPTS = [
    ("Korean (Hangul)", re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"), ("ko",),
     "fonts-noto-cjk"),
    ("Japanese (kana)", re.compile("[\u3040-\u30ff]"), ("ja",), "fonts-noto-cjk"),
    ("Chinese (Han)", re.compile("[\u4e00-\u9fff]"), ("zh",), "fonts-noto-cjk"),
    ("Cyrillic", re.compile("[\u0400-\u04ff]"), ("ru", "uk"), "fonts-dejavu-core"),
]


@functools.cache
def _fc_has_font(lang: str) -> bool | None:
    """Whether fontconfig knows a font for lang; None when fc-list cannot be run."""
    try:
        out = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(out.strip())


def missing_fonts(texts: Iterable[str]) -> list[str]:
    """A warning for each script in texts that no installed font can show."""
    found = {name for text in texts for name, pattern, _, _ in SCRIPTS if pattern.search(text)}
    warnings = []
    for name, _, langs, package in SCRIPTS:
        if name not in found:
            continue
        missing = [lang for lang in langs if _fc_has_font(lang) is False]
        if any(_fc_has_font(lang) is None for lang in langs):
            warnings.append(f"cannot check the fonts for {name} text: fc-list (fontconfig) is missing")
        elif missing:
            warnings.append(
                f"no font for {name} text (fc-list :lang={missing[0]} is empty): it would print as "
                f"empty boxes; install the Debian package {package}")
    return warnings
