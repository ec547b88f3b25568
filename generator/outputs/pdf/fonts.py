"""Whether the installed fonts can show every character a PDF prints: a PDF must not print empty boxes.

WeasyPrint finds its fonts through fontconfig, and falls back to any font fontconfig knows that has a
character; so a character none of them has prints as an empty box, and is lost to search and copying.
Each character of the printed text is looked up in what fontconfig says its fonts cover (fc-list's
charset), and what no font has is warned about once per script, with the Debian package that has it.
"""

from __future__ import annotations

import bisect
import functools
import re
import subprocess
import unicodedata
from html.parser import HTMLParser

# Unicode's Script property, which the standard library lacks; fontTools comes with WeasyPrint.
from fontTools import unicodedata as unicode_scripts

from generator.outputs.pdf.base import TEMPLATES

CJK, DEJAVU, NOTO = "fonts-noto-cjk", "fonts-dejavu-core", "fonts-noto-core"
# The Debian package with a font for a script (ISO 15924 codes), where one is known: fonts-noto-core
# holds Noto's fonts for the scripts of living languages other than Chinese, Japanese and Korean.
PACKAGES = {
    **dict.fromkeys(["Hang", "Hani", "Hira", "Kana", "Bopo"], CJK),
    **dict.fromkeys(["Latn", "Grek", "Cyrl"], DEJAVU),
    **dict.fromkeys(["Arab", "Armn", "Beng", "Deva", "Ethi", "Geor", "Gujr", "Guru", "Hebr", "Khmr", "Knda",
                     "Laoo", "Mlym", "Mymr", "Orya", "Sinh", "Syrc", "Taml", "Telu", "Thaa", "Thai", "Tibt"], NOTO),
}
# Names for the codes that are not a script of their own.
NAMES = {"Zyyy": "symbol", "Zinh": "combining mark", "Zzzz": "private-use or unassigned"}
# Characters that are not drawn with a glyph: controls, format characters (joiners, soft hyphens,
# direction marks), spaces (Pango makes its own when a font has none) and variation selectors.
UNDRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}
VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Elements whose text is not printed: the document's title, stylesheets, and an SVG's tooltip titles.
SILENT = {"head", "title", "style", "script"}
SHOWN = 3  # characters named in a warning, as examples


class _PrintedText(HTMLParser):
    """The characters of an HTML document's printed text."""

    def __init__(self) -> None:
        super().__init__()
        self.silent = 0
        self.chars: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SILENT:
            self.silent += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SILENT and self.silent:
            self.silent -= 1

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.chars.update(data)


def printed_characters(html: str) -> set[str]:
    """Every character a print HTML document shows, with those the print stylesheet adds ('“', '”')."""
    parser = _PrintedText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.chars) + "".join(generated_text())
    return set(text + text.upper())  # headings are set in capitals (text-transform: uppercase)


@functools.cache
def generated_text() -> list[str]:
    """The strings print.css prints itself, in its content properties."""
    css = (TEMPLATES / "print.css").read_text(encoding="utf-8")
    return re.findall(r'content:[^;{}]*?"([^"]*)"', re.sub(r"/\*.*?\*/", "", css, flags=re.S))


@functools.cache
def covered() -> list[tuple[int, int]] | None:
    """The code point ranges some installed font has, merged and sorted; None without fontconfig."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True,
                             timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = sorted((int(first, 16), int(last or first, 16))
                    for first, last in re.findall(r"([0-9a-f]+)(?:-([0-9a-f]+))?", out.lower()))
    merged: list[tuple[int, int]] = []
    for first, last in ranges:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def has_font(char: str, ranges: list[tuple[int, int]]) -> bool:
    """Whether char is in one of the merged ranges."""
    at = bisect.bisect_right(ranges, (ord(char), 0x10FFFF)) - 1
    return at >= 0 and ranges[at][0] <= ord(char) <= ranges[at][1]


def drawn(char: str) -> bool:
    """Whether char needs a glyph of a font."""
    return unicodedata.category(char) not in UNDRAWN and not VARIATION_SELECTORS.match(char)


def warning(script: str, chars: list[str]) -> str:
    """What to tell the person who builds the PDF about a script's characters that no font has."""
    name = NAMES.get(script) or unicode_scripts.script_name(script)
    shown = ", ".join(f"'{c}' U+{ord(c):04X}" for c in chars[:SHOWN]) + (", …" if len(chars) > SHOWN else "")
    if package := PACKAGES.get(script):
        advice = f"install the Debian package {package}"
    else:
        advice = f"install a font that has them ('fc-list :charset={ord(chars[0]):x}' lists the installed ones that do)"
    return f"no font for {name} text ({shown}): it would print as empty boxes; {advice}"


class FontCheck:
    """Warns about the characters of print HTML documents that no installed font has, once per script."""

    def __init__(self) -> None:
        self.warned: set[str] = set()

    def check(self, html: str) -> list[str]:
        """The warnings the document adds to those given before."""
        ranges = covered()
        if ranges is None:
            if "fontconfig" in self.warned:
                return []
            self.warned.add("fontconfig")
            return ["cannot check the fonts the PDF needs: fc-list (fontconfig) is missing"]
        missing: dict[str, list[str]] = {}
        for char in sorted(printed_characters(html)):
            if drawn(char) and not has_font(char, ranges):
                missing.setdefault(unicode_scripts.script(char), []).append(char)
        new = sorted(set(missing) - self.warned)
        self.warned.update(new)
        return [warning(script, missing[script]) for script in new]

