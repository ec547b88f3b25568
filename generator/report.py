"""Problem reports for people (text), pull requests (GitHub annotations) and tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .exceptions import Problem


def _source_line(root: Path, problem: Problem, cache: dict[str, list[str]]) -> str | None:
    if problem.file not in cache:
        try:
            raw = (root / problem.file).read_bytes()
        except OSError:
            cache[problem.file] = []
        else:
            text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
            cache[problem.file] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = cache[problem.file]
    return lines[problem.line - 1] if 0 < problem.line <= len(lines) else None


def format_text(problems: Sequence[Problem], root: Path, color: bool = False) -> str:
    """Each problem as 'file:line:col: severity: message', the line with a caret, and the hint."""
    cache: dict[str, list[str]] = {}
    out: list[str] = []
    red, yellow, bold, dim, reset = (
        ("\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m") if color else ("",) * 5
    )
    for p in problems:
        tone = red if p.is_error else yellow
        out.append(f"{bold}{p.file}:{p.line}:{p.column}:{reset} {tone}{p.severity}:{reset} {p.message}")
        line = _source_line(root, p, cache)
        if line is not None and line.strip():
            shown = line.replace("\t", "→")
            gutter = f"{p.line:>5} | "
            out.append(f"{dim}{gutter}{reset}{shown}")
            caret_at = min(max(p.column - 1, 0), len(shown))
            out.append(" " * (len(gutter) - 2) + "| " + " " * caret_at + f"{tone}^{reset}")
        if p.hint:
            out.append(f"  hint: {p.hint}")
        out.append("")
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
            f"title={_escape_github('briefing check', True)}",
        ])
        message = p.message + (f"\n\nHint: {p.hint}" if p.hint else "")
        out.append(f"::{command} {props}::{_escape_github(message)}")
    return "\n".join(out)


def format_json(problems: Sequence[Problem]) -> str:
    """A JSON document with every problem and the counts."""
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
