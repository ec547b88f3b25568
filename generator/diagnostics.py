"""Problem reports for people (text, the preview's error box), pull requests (GitHub annotations), tools (JSON)."""

from __future__ import annotations

import html
import json
import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from generator.exceptions import Problem

# Larger than any file the loader reads (2 MiB): a report shows lines of files that were read.
MAX_SHOWN_FILE = 4 * 1024 * 1024


def _file_lines(root: Path, relative: str) -> list[str]:
    """The lines of a regular file under root reached through no symbolic link; none for anything else.

    The loader refuses a committed link, and its report must not show what the link points at (a
    link to /proc/self/environ would print a CI job's secrets; one to /dev/zero would never end).
    """
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return []
    path = root
    try:
        for part in Path(relative).parts:
            path = path / part
            if path.is_symlink():
                return []
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return []
            raw = file.read(MAX_SHOWN_FILE + 1)
    except OSError:
        return []
    if len(raw) > MAX_SHOWN_FILE:
        return []
    # A file saved as UTF-16 is refused (load/reader.py) but shown as its author sees it.
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _source_line(root: Path, problem: Problem, cache: dict[str, list[str]]) -> str | None:
    if problem.file not in cache:
        cache[problem.file] = _file_lines(root, problem.file)
    lines = cache[problem.file]
    return lines[problem.line - 1] if 0 < problem.line <= len(lines) else None


SHOWN_WIDTH = 100  # characters of a source line shown around the problem
# Control characters from a file (or a value such as "\e[2J") must not reach a terminal as such.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> str:
    """Text with control and bidirectional-override characters shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _excerpt(line: str, column: int) -> tuple[str, int]:
    """The part of a (possibly very long) line around column, and the caret's display offset."""
    index = min(max(column - 1, 0), len(line))
    start = max(0, min(index - SHOWN_WIDTH // 2, len(line) - SHOWN_WIDTH))
    shown = line[start : start + SHOWN_WIDTH]
    before = shown[: index - start]
    if start > 0:
        shown, before = "…" + shown, "…" + before
    if start + SHOWN_WIDTH < len(line):
        shown += "…"
    shown, before = _safe(shown.replace("\t", "→")), _safe(before.replace("\t", "→"))
    # Hangul, CJK and other wide characters take two columns in a terminal.
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)
    return shown, width


# The codes of problems that leave a file unread (load/reader.py, load/yaml_errors.py).
UNREAD = frozenset({"syntax", "yaml", "encoding", "io", "size"})


def format_text(problems: Sequence[Problem], root: Path, color: bool = False) -> str:
    """Each problem as 'file:line:col: severity: message', the line with a caret, and the hint."""
    cache: dict[str, list[str]] = {}
    out: list[str] = []
    red, yellow, bold, dim, reset = (
        ("\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m") if color else ("",) * 5
    )
    for p in problems:
        tone = red if p.is_error else yellow
        out.append(f"{bold}{_safe(p.file)}:{p.line}:{p.column}:{reset} {tone}{p.severity}:{reset} "
                   f"{_safe(p.message)}")
        line = _source_line(root, p, cache)
        if line is not None and line.strip():
            shown, caret_at = _excerpt(line, p.column)
            gutter = f"{p.line:>5} | "
            out.append(f"{dim}{gutter}{reset}{shown}")
            out.append(" " * (len(gutter) - 2) + "| " + " " * caret_at + f"{tone}^{reset}")
        if p.hint:
            out.append(f"  hint: {_safe(p.hint)}")
        out.append("")
    # A file that could not be read was not checked further: its other mistakes show only on the next run.
    unread = dict.fromkeys(p.file for p in problems if p.code in UNREAD)
    out += [f"{_safe(file)} could not be read, so nothing else in it was checked: fix the mistake above "
            "and check again" for file in unread]
    out.append(summary(problems))
    return "\n".join(out)


def summary(problems: Sequence[Problem]) -> str:
    """'2 errors and 1 warning in 2 files', or 'no problems'."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        return "no problems"
    files = len({p.file for p in problems})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def error_box(text: str) -> str:
    """The preview's error box over a page, under either engine: the report's text escaped, never markup."""
    return (
        '<div class="briefing-errors" role="alert" style="border: 2px solid #c62828; border-radius: 4px; '
        'background: #ffebee; color: #8e0000; padding: 0.8em 1em; margin: 0 0 1.5em">'
        '<p style="margin: 0 0 0.5em"><strong>The briefings have errors</strong> — this preview shows '
        "the last good version, and reloads when a fix is saved.</p>"
        '<pre style="margin: 0; white-space: pre-wrap; background: none; color: inherit; font-size: 0.8em">'
        f"{html.escape(text)}</pre></div>\n"
    )


def _escape_github(text: str, is_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: '::error file=…,line=…,col=…,title=…::message'."""
    out = []
    for p in problems:
        command = "error" if p.is_error else "warning"
        props = ",".join([
            f"file={_escape_github(p.file, True)}", f"line={p.line}", f"col={p.column}",
            f"title={_escape_github(f'briefing check: {p.field}' if p.field else 'briefing check', True)}",
        ])
        message = p.message + (f"\n\nHint: {p.hint}" if p.hint else "")
        out.append(f"::{command} {props}::{_safe(_escape_github(message))}")
    return "\n".join(out)


def format_json(problems: Sequence[Problem]) -> str:
    """A JSON document for tools: the counts and every problem, in the order given."""
    # The keys are documented and tested: errors, warnings, and problems[] of file, line,
    # column, severity ("error" or "warning"), message, hint, field and code.
    errors = sum(1 for p in problems if p.is_error)
    return json.dumps({
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [
            {"file": p.file, "line": p.line, "column": p.column, "severity": p.severity,
             "message": p.message, "hint": p.hint, "field": p.field, "code": p.code}
            for p in problems
        ],
    }, ensure_ascii=False, indent=2)
