"""The ``chmdocs`` command: parses arguments, calls the library, sets the exit status.

Exit status: 0 success; 1 a failed build, warnings under ``-W``, or problems
found; 2 a usage error (Click's own).
"""

from __future__ import annotations

import sys

import click

from chmdocs import api


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chmdocs")
def main() -> None:
    """Agenda, synthesis note and final document of a CHM workshop."""


@main.command()
@click.argument("source", default="source", type=click.Path(file_okay=False))
@click.option(
    "-o", "--outdir", default="build", show_default=True, type=click.Path(file_okay=False)
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted(api.BUILDERS)),
    help="Output to write; repeatable. Default: html and pdf.",
)
@click.option("-W", "warning_is_error", is_flag=True, help="Fail (exit 1) on any warning.")
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Parallel processes."
)
@click.option("-q", "--quiet", is_flag=True, help="Print warnings only.")
def build(
    source: str,
    outdir: str,
    formats: tuple[str, ...],
    warning_is_error: bool,
    jobs: int,
    quiet: bool,
) -> None:
    """Build SOURCE into OUTDIR: html/ and pdf/<document>.pdf."""
    try:
        api.build(
            source,
            outdir,
            formats or None,
            warning_is_error=warning_is_error,
            jobs=jobs,
            status=None if quiet else sys.stdout,
        )
    except api.BuildError as error:
        click.echo(f"chmdocs: {error}", err=True)
        sys.exit(1)
    except Exception as error:  # a Sphinx or rst2pdf error: report it, no traceback
        click.echo(f"chmdocs: build failed: {error}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
