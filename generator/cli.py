"""The `briefing` command: thin, and the one place where our errors become messages."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator import diagnostics, pipeline, preview
from generator.authoring import scaffold
from generator.config import ENGINES
from generator.exceptions import BriefingError, DataError, Problem, UsageError

FORMATS = ("text", "github", "json")


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _show(problems: list[Problem], root: Path, fmt: str) -> None:
    if fmt == "json":
        click.echo(diagnostics.format_json(problems))
    elif fmt == "github":
        if problems:
            click.echo(diagnostics.format_github(problems))
        click.echo(diagnostics.format_text(problems, root), err=True)
    elif problems:
        click.echo(diagnostics.format_text(problems, root, color=sys.stderr.isatty()), err=True)


def _guarded(action: Callable[[], None], root: Path, fmt: str | None = None, undone: str = "") -> None:
    """The one boundary: run action and turn our exceptions into messages and exit codes.

    Exit 1 for invalid data or a failed step, 2 for a usage error. undone names what invalid
    data stopped ("built", "written"), so the person knows nothing was published.
    """
    try:
        action()
    except DataError as err:
        _show(err.problems, root, fmt or _default_format())
        if undone:
            click.echo(f"nothing was {undone}: fix the errors above; the previous site and pages were left "
                       "as they were", err=True)
        raise SystemExit(1) from None
    except UsageError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(2) from None
    except BriefingError as err:
        click.echo(f"failed: {err}", err=True)
        raise SystemExit(1) from None


def _run(action: str, root: Path, fmt: str = "text", strict: bool = False, **kwargs: object) -> None:
    """Run one pipeline step (check, generate, build, serve) inside the boundary."""
    def step() -> None:
        warnings = getattr(preview if action == "serve" else pipeline, action)(root, **kwargs)
        if strict and warnings:
            raise DataError([dataclasses.replace(w, severity="error") for w in warnings])
        if action == "check":
            _show(warnings, root, fmt)
        elif warnings:
            click.echo(f"{diagnostics.summary(warnings)} (run 'briefing check' to see them)", err=True)

    _guarded(step, root, fmt, {"build": "built", "generate": "written"}.get(action, ""))


root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Project folder holding briefings/ and mkdocs.yml.",
)


def _set_today(ctx: click.Context, param: click.Parameter, value: object) -> None:
    # One day for every stage, the MkDocs hook included: the option is the environment variable.
    if value is not None:
        os.environ["BRIEFING_TODAY"] = f"{value:%Y-%m-%d}"


today_option = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, envvar="BRIEFING_TODAY",
    show_envvar=True, expose_value=False, callback=_set_today, metavar="YYYY-MM-DD",
    help="Check dates against this day instead of today's date: a date after it is warned about "
         "(for tests and reproducible builds).",
)


engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default=None,
    help="The site engine: MkDocs with Material (supported until 5 May 2027) or Zensical, its successor "
         "[default: mkdocs.yml's extra: engine, else mkdocs].",
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
@today_option
@click.argument("briefings", nargs=-1, metavar="[SLUG|PATH]...")
def check(root: Path, fmt: str | None, strict: bool, briefings: tuple[str, ...]) -> None:
    """Validate the briefings and report every problem at once.

    With SLUG or PATH (a folder briefings/SLUG or a file in it), only those briefings are
    checked, against the rest of the site: their problems, and those of the site-wide actors
    and sources they use, are shown; the other briefings are not checked. Exit codes: 0 valid
    (warnings allowed), 1 invalid data (with SLUG, an error among those shown; with --strict,
    a warning too), 2 usage error or no such briefing.
    """
    fmt = fmt or _default_format()
    if briefings:
        _guarded(lambda: _check_some(root, list(briefings), fmt, strict), root, fmt)
        return
    _run("check", root, fmt, strict)
    if fmt == "text":
        click.echo("briefings are valid", err=True)


def _check_some(root: Path, targets: list[str], fmt: str, strict: bool) -> None:
    """Show the named briefings' problems and say that the others were not checked; exit 1 on an error shown."""
    slugs, shown, others, elsewhere = pipeline.check_briefings(root, targets)
    if strict:
        shown = [dataclasses.replace(p, severity="error") for p in shown]
    _show(shown, root, fmt)
    if others:
        click.echo(f"not checked: the {others} other briefing{'s' if others != 1 else ''}; "
                   "run 'briefing check' to check the whole site", err=True)
    if elsewhere:  # not this briefing's to fix, but the build fails on them: 'valid' alone would mislead
        first = elsewhere[0]
        click.echo(f"the site-wide files have {len(elsewhere)} error{'s' if len(elsewhere) != 1 else ''} in items "
                   f"{', '.join(slugs)} {'does' if len(slugs) == 1 else 'do'} not use (the first at {first.file}:"
                   f"{first.line}), on which the build stops; run 'briefing check' to see "
                   f"{'it' if len(elsewhere) == 1 else 'them'}", err=True)
    if any(p.is_error for p in shown):
        raise SystemExit(1)
    if fmt == "text":
        click.echo(f"{', '.join(slugs)}: valid", err=True)


@main.command(short_help="Write the generated Markdown into docs/.")
@root_option
@today_option
def generate(root: Path) -> None:
    """Write the generated Markdown into docs/ (only files whose content changed)."""
    _run("generate", root)


@main.command(short_help="Build the public site into site/ (no drafts).")
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to build the site [default: site/ under the root].")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on the engine's warnings, such as broken links.")
@click.option("--pdf", "with_pdf", is_flag=True,
              help="Also render each briefing and the whole site as PDFs into pdf/ (takes longer).")
@engine_option
@today_option
def build(root: Path, site_dir: Path | None, strict: bool, with_pdf: bool, engine: str | None) -> None:
    """Generate and build the public site (drafts left out); the previous site stays until the new one is complete."""
    _run("build", root, site_dir=site_dir, strict_build=strict, with_pdf=with_pdf, engine=engine)


@main.command(short_help="Preview the site, drafts included, live.")
@root_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@engine_option
def serve(root: Path, dev_addr: str, engine: str | None) -> None:
    """Serve a preview of the site, drafts included, that rebuilds when a YAML file is saved.

    Drafts are marked Draft; while the data has errors every page shows them in a red box, above
    the last good version. The terminal prints only the warnings new since the last rebuild.
    """
    _run("serve", root, dev_addr=dev_addr, engine=engine)


@main.command(short_help="Render the published briefings as PDFs.")
@root_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the PDFs [default: site/pdf/ under the root].")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Briefings laid out at once [default: one per core].")
@click.option("--no-site-pdf", "skip_site", is_flag=True,
              help="Skip briefings.pdf: the briefings' own PDFs only.")
def pdf(root: Path, out_dir: Path | None, jobs: int | None, skip_site: bool) -> None:
    """Render each published briefing to a PDF, and all of them to one (briefings.pdf)."""

    def echo(line: str) -> None:
        click.echo(line, err=True)

    def action() -> None:
        site, warnings = pipeline.resolved_site(root)
        _show(warnings, root, _default_format())
        echo(pipeline.pdfs(root, site, out_dir, jobs=jobs, site_pdf=not skip_site, progress=echo).summary())

    _guarded(action, root)


@main.command()
@root_option
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the committed schemas differ from the models.")
def schema(root: Path, check_only: bool) -> None:
    """Write the JSON Schemas editors use to check YAML as you type.

    One schema per kind of file, into schemas/ (commit them), from the same data contract as
    'briefing check'. Exit codes: 0 written or up to date, 1 stale (with --check).
    """
    from generator.authoring import editor_schemas as schemas

    def action() -> None:
        if check_only:
            stale = schemas.stale_schemas(root)
            for name in stale:
                click.echo(f"{name} is out of date: run 'briefing schema' and commit it", err=True)
            if stale:
                raise SystemExit(1)
            click.echo("schemas are up to date", err=True)
            return
        written = schemas.write_schemas(root)
        click.echo("".join(f"wrote {n}\n" for n in written) + "schemas are up to date", err=True)

    _guarded(action, root)


@main.command()
@root_option
@click.argument("slug")
@click.option("--title", default=None, help="The briefing's title [default: made from the slug].")
def new(root: Path, slug: str, title: str | None) -> None:
    """Start a briefing: a draft that passes 'briefing check' at once.

    Creates briefings/SLUG/briefing.yaml. The preview shows a draft, the public site leaves it
    out; its TODO summary is a warning while it is a draft, an error once published. SLUG
    names the folder and the page address: lowercase letters, digits and hyphens. Exit codes:
    0 created, 2 invalid slug or the briefing already exists.
    """
    def action() -> None:
        path = scaffold.new_briefing(root, slug, title)
        click.echo(f"created {path.relative_to(root).as_posix()} (a draft: only the preview shows it)\n"
                   f"next: briefing add source {slug}; briefing add event {slug}; briefing serve", err=True)

    _guarded(action, root)


@main.command()
@root_option
@click.argument("kind", type=click.Choice(scaffold.KINDS))
@click.argument("slug", required=False)
@click.option("--id", "item_id", default=None,
              help="The new item's id [default: made from the options below, unused anywhere].")
@click.option("--date", default=None, help="When it happened, was said, held or published, e.g. 2024-10-28.")
@click.option("--title", default=None, help="An event's or a source's title.")
@click.option("--speaker", default=None, help="A quote's speaker: an actor's id.")
@click.option("--measure", default=None, help="A figure's measure, e.g. troops-deployed.")
@click.option("--publisher", default=None, help="A source's publisher.")
@click.option("--url", default=None, help="A source's link.")
@click.option("--name", default=None, help="An actor's or a place's name.")
@click.option("--new", "force_new", is_flag=True,
              help="Add the actor, source or place even if the site has one with this name or url.")
def add(root: Path, kind: str, slug: str | None, item_id: str | None, force_new: bool,
        **values: str | None) -> None:
    """Add a template event, quote, figure, source, actor or place.

    Appends it to briefing SLUG's own file (events.yaml, sources.yaml, …), created if missing,
    and leaves the rest of the file exactly as it is. A place takes no SLUG: places are
    site-wide, in briefings/places.yaml. The options fill in their fields and make the id in
    the house style (events start with their date, then q-, f-, src-). Fields left empty have
    a TODO comment, and 'briefing check' names each one until it is filled in. An actor or
    place whose --name (its name or one of its also_known_as), or a source whose --url, the
    site already has is not added: the existing one and its id are shown (look in
    briefings/actors.yaml, sources.yaml and places.yaml first). Exit codes: 0 added, 1 the
    file is already broken, 2 no such briefing, a bad option, or the item exists (--new adds
    it anyway).
    """
    def action() -> None:
        filled = {k: v for k, v in values.items() if v is not None}
        added = scaffold.add_item(root, slug, kind, item_id, values=filled, new=force_new)
        verb = "created" if added.created else "added to"
        click.echo(f"{verb} {added.file}:{added.line}: the {kind} '{added.item_id}'; "
                   "fill in its TODO fields, then run 'briefing check'", err=True)

    _guarded(action, root)


if __name__ == "__main__":  # pragma: no cover
    main()
