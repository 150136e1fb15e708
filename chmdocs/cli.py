"""The ``chmdocs`` command: parses arguments, calls the library, sets the exit status.

Exit status: 0 success; 1 a failed build, warnings under ``-W``, or problems
found; 2 a usage error (Click's own).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from chmdocs import api, scaffold
from chmdocs.exports import EXPORTS, write_atomic
from chmdocs.report import relative

F = TypeVar("F", bound=Callable[..., Any])


def reports_failures(command: F) -> F:
    """Turn any failure into a one-line message and exit status 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (api.BuildError, scaffold.ScaffoldError, OSError, ValueError) as error:
            click.echo(f"chmdocs: {error}", err=True)
        except Exception as error:  # a Sphinx or rst2pdf error
            click.echo(f"chmdocs: build failed: {error}", err=True)
        sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chmdocs")
def main() -> None:
    """Agenda, synthesis note and final document of a CHM workshop."""


source_argument = click.argument("source", default="source", type=click.Path(file_okay=False))


@main.command()
@source_argument
@click.option(
    "-o", "--outdir", default="build", show_default=True, type=click.Path(file_okay=False)
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([*api.FORMATS, "all"]),
    help="What to write; repeatable. Default: html and pdf.",
)
@click.option("-W", "warning_is_error", is_flag=True, help="Fail (exit 1) on any warning.")
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Processes."
)
@click.option("-q", "--quiet", is_flag=True, help="Print warnings only.")
@click.option(
    "-D",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    callback=lambda _ctx, _param, values: parse_settings(values),
    help="Override a conf.py setting, as sphinx-build -D (e.g. -D language=en).",
)
@click.option(
    "--safe",
    is_flag=True,
    help="Untrusted sources: ignore their conf.py and docutils.conf; refuse raw and includes.",
)
@reports_failures
def build(
    source: str,
    outdir: str,
    formats: tuple[str, ...],
    warning_is_error: bool,
    jobs: int,
    quiet: bool,
    settings: dict[str, str],
    safe: bool,
) -> None:
    """Build SOURCE into OUTDIR: html/, pdf/<document>.pdf and the exports."""
    api.build(
        source,
        outdir,
        formats or None,
        warning_is_error=warning_is_error,
        jobs=jobs,
        status=None if quiet else sys.stdout,
        overrides=settings,
        safe=safe,
    )


def parse_settings(settings: tuple[str, ...]) -> dict[str, str]:
    overrides = {}
    for setting in settings:
        name, equals, value = setting.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{setting!r}: write NAME=VALUE", param_hint="-D")
        overrides[name.strip()] = value
    return overrides


@main.command()
@source_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@reports_failures
def check(source: str, output_format: str) -> None:
    """Report every problem in SOURCE without writing the documents (exit 1 if any)."""
    findings = api.check(source)
    if output_format == "json":
        rows = [{**dataclasses.asdict(f), "path": relative(f.path)} for f in findings]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            shown = dataclasses.replace(finding, path=relative(finding.path))
            click.echo(shown.as_text())
    if any(f.is_problem for f in findings):
        sys.exit(1)


@main.command()
@click.argument("fmt", metavar="{json|ics|csv|schedule}", type=click.Choice(list(EXPORTS)))
@click.argument("source", default="source", type=click.Path(exists=True))
@click.option(
    "-o",
    "--output",
    default=None,
    help="File to write; '-' for standard output. Default: the export's usual name.",
)
@reports_failures
def export(fmt: str, source: str, output: str | None) -> None:
    """Export the model of SOURCE (a project, or a chmdocs.json) as FMT."""
    data = api.export(source, fmt)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(Path(output or EXPORTS[fmt].filename), data)


def is_interactive() -> bool:
    return sys.stdin.isatty()


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The workshop's title.")
@click.option("--language", type=click.Choice(scaffold.LANGUAGES), help="fr or en.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (default: --start).")
@click.option("--location", help="The place, such as Bruxelles.")
@reports_failures
def init(
    directory: Path,
    title: str | None,
    language: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    location: str | None,
) -> None:
    """Make a new workshop project in DIRECTORY (absent or empty)."""
    interactive = is_interactive()

    def ask(value: Any, prompt: str, default: Any, kind: Any = None) -> Any:
        if value is not None or not interactive:
            return default if value is None else value
        return click.prompt(prompt, default=default, type=kind)

    language = ask(language, "Language", "fr", click.Choice(scaffold.LANGUAGES))
    default_title = "Atelier" if language == "fr" else "Workshop"
    title = ask(title, "Title", default_title)
    first = ask(
        start,
        "First day (YYYY-MM-DD)",
        dt.datetime.now() + dt.timedelta(days=60),
        click.DateTime(["%Y-%m-%d"]),
    )
    last = ask(end, "Last day (YYYY-MM-DD)", first, click.DateTime(["%Y-%m-%d"]))
    place = ask(location, "Place", "")
    workshop = scaffold.NewWorkshop(
        title=str(title),
        start=first.date(),
        end=last.date(),
        language=str(language),
        location=str(place),
    )
    for path in scaffold.create(directory, workshop):
        click.echo(f"wrote {path}")
    click.echo(f"Now: chmdocs build {directory}")


if __name__ == "__main__":
    main()
