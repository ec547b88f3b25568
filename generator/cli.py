"""The `briefing` command: thin, and the one place where our errors become messages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import pipeline, report
from .exceptions import BriefingError, BuildError, DataError, Problem, UsageError

FORMATS = ("text", "github", "json")


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _show(problems: list[Problem], root: Path, fmt: str) -> None:
    if fmt == "json":
        click.echo(report.format_json(problems))
    elif fmt == "github":
        if problems:
            click.echo(report.format_github(problems))
        click.echo(report.format_text(problems, root), err=True)
    elif problems:
        click.echo(report.format_text(problems, root, color=sys.stderr.isatty()), err=True)


def _run(action: str, root: Path, fmt: str = "text", strict: bool = False, **kwargs: object) -> None:
    """Run one pipeline action, turning our exceptions into messages and exit codes."""
    try:
        warnings = getattr(pipeline, action)(root, **kwargs)
        if strict and warnings:
            raise DataError([_as_error(w) for w in warnings])
        if action == "check":
            _show(warnings, root, fmt)
        elif warnings:
            click.echo(f"{report.summary(warnings)} (run 'briefing check' to see them)", err=True)
    except DataError as err:
        _show(err.problems, root, fmt)
        raise SystemExit(1) from None
    except UsageError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(2) from None
    except (BuildError, BriefingError) as err:
        click.echo(f"build failed: {err}", err=True)
        raise SystemExit(1) from None


def _as_error(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.message, problem.hint,
                   problem.field, "error", problem.code)


root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Project folder holding briefings/ and mkdocs.yml.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing-generator")
def main() -> None:
    """Build sourced briefings from the YAML in briefings/ into a static site."""


@main.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="text for people, github for workflow annotations, json for tools "
                   "[default: github under GitHub Actions, else text].")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(root: Path, fmt: str | None, strict: bool) -> None:
    """Validate the briefings and report every problem at once.

    Exit codes: 0 valid (warnings allowed), 1 invalid data (or warnings with --strict),
    2 usage error.
    """
    fmt = fmt or _default_format()
    _run("check", root, fmt, strict)
    if fmt == "text":
        click.echo("briefings are valid", err=True)


@main.command()
@root_option
def generate(root: Path) -> None:
    """Write the generated Markdown into docs/ (only files whose content changed)."""
    _run("generate", root)


@main.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the site [default: site/ under the root].")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on MkDocs warnings such as broken links.")
def build(root: Path, site_dir: Path | None, strict: bool) -> None:
    """Generate and build the site; the previous site stays until the new one is complete."""
    _run("build", root, site_dir=site_dir, strict_build=strict)


@main.command()
@root_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, dev_addr: str) -> None:
    """Serve the site locally and rebuild when a YAML file is saved."""
    _run("serve", root, dev_addr=dev_addr)


if __name__ == "__main__":  # pragma: no cover
    main()
