"""The ``chmdocs`` command: parses arguments, calls the library, sets the exit status.

Exit status: 0 success; 1 a failed build, warnings under ``-W``, or problems
found; 2 a usage error (Click's own).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from chmdocs.app import api, scaffold
from chmdocs.core.exports import EXPORTS, write_atomic
from chmdocs.core.messages import N_, catalog
from chmdocs.sphinxext.report import relative

F = TypeVar("F", bound=Callable[..., Any])


def reports_failures(command: F) -> F:
    """Turn any failure into a one-line message and an exit status, never a
    traceback (unless ``--traceback`` or ``CHMDOCS_DEBUG`` asks for one).

    Exit 2 for a usage error (no such project), 1 for everything else.
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        show_traceback = bool(kwargs.pop("traceback", False) or os.environ.get("CHMDOCS_DEBUG"))
        try:
            return command(*args, **kwargs)
        except (
            KeyboardInterrupt,
            click.exceptions.Exit,
            click.exceptions.Abort,
            click.ClickException,
        ):
            raise
        except Exception as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                # The reader went away (`chmdocs check | head`): say nothing more.
                with contextlib.suppress(OSError):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(1)
            if show_traceback:
                traceback.print_exc()
            lines = [" ".join(line.split()) for line in str(error).splitlines() if line.strip()]
            if "Traceback (most recent call last):" in lines and not show_traceback:
                # Sphinx puts a traceback in some messages: its last line says it.
                lines = [*lines[: lines.index("Traceback (most recent call last):")], lines[-1]]
            message = "\n  ".join(lines) or type(error).__name__
            if isinstance(error, api.UsageError):
                click.echo(f"chmdocs: {message}", err=True)
                sys.exit(2)
            known = isinstance(error, api.BuildError | OSError | ValueError) or (
                type(error).__module__.startswith(("sphinx.", "docutils."))
            )
            prefix = "" if known else "build failed: "
            click.echo(f"chmdocs: {prefix}{message}", err=True)
            if not show_traceback and not known:
                click.echo("chmdocs: run again with --traceback to see where", err=True)
        sys.exit(1)

    return click.option(
        "--traceback",
        is_flag=True,
        help="Show the traceback of an internal error (also: CHMDOCS_DEBUG=1).",
    )(wrapper)  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chmdocs")
def main() -> None:
    """Agenda, synthesis note and final document of a CHM workshop."""


def run() -> None:
    """The ``chmdocs`` program: the command group, then a quick exit.

    Once the command is done the process only ends, and the garbage
    collector's passes over everything still alive while Python shuts down
    (on a large project millions of objects of Sphinx's environment) took a
    third of a rebuild with nothing to do: they are not made. Files, logs and
    ``atexit`` handlers close as always.
    """
    try:
        main()
    finally:
        gc.freeze()
        gc.disable()


def default_source(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> str:
    """SOURCE left out: ``source`` where it exists, else here when here is a project."""
    if value is not None:
        return value
    if not Path("source").is_dir() and Path("conf.py").is_file():
        return "."
    return "source"


source_argument = click.argument(
    "source", required=False, type=click.Path(file_okay=False), callback=default_source
)
#: Text for a person at a terminal, or JSON for a program (check, diff, review).
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
safe_option = click.option(
    "--safe",
    is_flag=True,
    help="Untrusted sources: ignore their conf.py and docutils.conf; refuse raw and includes.",
)


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
    callback=lambda _ctx, _param, values: split_formats(values),
    metavar=f"[{'|'.join([*api.FORMATS, 'all'])}]",
    help="What to write; repeatable, or separated by commas (-f html,pdf). Default: html and pdf.",
)
@click.option("-W", "warning_is_error", is_flag=True, help="Fail (exit 1) on any warning.")
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Processes."
)
@click.option("-q", "--quiet", is_flag=True, help="Print warnings only.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colours in the log; by default on a terminal only, and never with NO_COLOR set.",
)
@click.option(
    "-D",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    callback=lambda _ctx, _param, values: parse_settings(values),
    help="Override a conf.py setting, as sphinx-build -D (e.g. -D language=en).",
)
@click.option(
    "-l",
    "--language",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Build in LANG into OUTDIR/LANG/; repeatable (-l fr -l en).",
)
@safe_option
@reports_failures
def build(
    source: str,
    outdir: str,
    formats: tuple[str, ...],
    warning_is_error: bool,
    jobs: int,
    quiet: bool,
    color: bool | None,
    settings: dict[str, str],
    languages: tuple[str, ...],
    safe: bool,
) -> None:
    """Build SOURCE into OUTDIR: html/, pdf/<document>.pdf and the exports."""
    set_colors(color)
    api.build(
        source,
        outdir,
        formats or None,
        warning_is_error=warning_is_error,
        jobs=jobs,
        status=None if quiet else sys.stdout,
        overrides=settings,
        safe=safe,
        languages=languages,
    )
    if not quiet:
        # Sphinx named the staging tree; the reader's files are here.
        click.echo(f"chmdocs: published in {outdir}")


@main.command()
@source_argument
@click.option(
    "-o",
    "--outdir",
    default="build/gettext",
    show_default=True,
    type=click.Path(file_okay=False),
)
@safe_option
@reports_failures
def gettext(source: str, outdir: str, safe: bool) -> None:
    """Write SOURCE's message catalogs (.pot) for translators into OUTDIR."""
    set_colors(None)
    for path in api.gettext(source, outdir, safe=safe):
        click.echo(f"wrote {path}")


def split_formats(values: tuple[str, ...]) -> tuple[str, ...]:
    """``-f html,pdf`` as ``-f html -f pdf``; each checked."""
    chosen = [v.strip() for value in values for v in value.split(",") if v.strip()]
    known = [*api.FORMATS, "all"]
    wrong = [v for v in chosen if v not in known]
    if wrong:
        raise click.BadParameter(
            f"{', '.join(map(repr, wrong))}: choose from {', '.join(known)}", param_hint="-f"
        )
    return tuple(chosen)


def set_colors(wanted: bool | None) -> None:
    """Sphinx's log in colours on a terminal only (or as asked); never with NO_COLOR."""
    from sphinx.util import console

    if wanted is None:
        wanted = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if wanted:
        console.coloron()
    else:
        console.nocolor()
        # Sphinx's progress lines rewrite themselves in place with an escape
        # code whenever it guesses a terminal (CI=true, FORCE_COLOR), whatever
        # the colours; NO_COLOR is the one switch that guess honours.
        os.environ["NO_COLOR"] = "1"


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
@format_option
@click.option(
    "--language",
    "language",
    metavar="LANG",
    help="Also list the messages the LANG catalogs leave untranslated or fuzzy.",
)
@safe_option
@reports_failures
def check(source: str, output_format: str, language: str | None, safe: bool) -> None:
    """Report every problem in SOURCE without writing the documents (exit 1 if any)."""
    findings = api.check(source, safe=safe, language=language)
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
@click.argument(
    "fmt",
    metavar="{" + "|".join([*EXPORTS, *api.ON_REQUEST]) + "}",
    type=click.Choice([*EXPORTS, *api.ON_REQUEST]),
)
@click.argument("source", required=False, type=click.Path(), callback=default_source)
@click.option(
    "-o",
    "--output",
    default=None,
    help="File to write; '-' for standard output. Default: the export's usual name.",
)
@click.option(
    "--each",
    is_flag=True,
    help="review: one workbook per participant, their id filled in, into -o DIR "
    "(default build/private/review).",
)
@safe_option
@reports_failures
def export(fmt: str, source: str, output: str | None, each: bool, safe: bool) -> None:
    """Export the model of SOURCE (a project, or a chmdocs.json) as FMT.

    participants is the full list, e-mail and phone included: personal data
    for the organiser, never published; so are the workbooks of review --each."""
    if each:
        if fmt != "review":
            raise click.UsageError("--each goes with the review export only")
        folder = Path(output or "build/private/review")
        written = api.review_workbooks(source, folder, safe=safe)
        click.echo(
            f"note: {folder} holds a workbook per participant, named: keep it private",
            err=True,
        )
        click.echo(f"wrote {len(written)} workbooks into {folder}")
        return
    data = api.export(source, fmt, safe=safe)
    target = output or api.export_filename(fmt)
    if fmt == "participants":
        shown = "standard output" if target == "-" else target
        click.echo(
            f"note: {shown} holds personal data (e-mail addresses, phone numbers, "
            "unpublished participants): keep it private, do not publish it",
            err=True,
        )
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(Path(target), data)


@main.command()
@click.argument("old")
@click.argument("new", required=False, default=None)
@click.option(
    "-o",
    "--output",
    default="redline.docx",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The Word document to write.",
)
@click.option(
    "--document",
    default="final-document",
    show_default=True,
    help="Which document (its name in chmdocs_documents).",
)
@safe_option
@reports_failures
def redline(old: str, new: str | None, output: str, document: str, safe: bool) -> None:
    """The Word document of NEW with every change since OLD as tracked
    changes (author the organizer), to accept or reject in Word or LibreOffice.

    OLD and NEW are each a project directory or git:REV (the other argument
    at revision REV of its git repository); NEW defaults to the project here.
    Each side's document is built from its own sources, so prose changes show.
    """
    newer = new if new is not None else default_source(click.get_current_context(), None, None)
    counts = api.redline(old, newer, output, document=document, safe=safe)
    click.echo(
        f"wrote {output}: {counts.inserted_words} words and {counts.inserted_blocks} paragraphs "
        f"or rows inserted, {counts.deleted_words} words and {counts.deleted_blocks} deleted"
    )


@main.command()
@click.argument("old")
@click.argument("new", required=False, default=None)
@format_option
@safe_option
@reports_failures
def diff(old: str, new: str | None, output_format: str, safe: bool) -> None:
    """What changed from OLD to NEW: objects added, removed, and each field
    changed, old -> new.

    OLD and NEW are each a project directory, a chmdocs.json, or git:REV (the
    other argument at revision REV of its git repository). NEW defaults to
    the project here. Exit status: 0 no change, 1 changes, 2 usage error.
    """
    from chmdocs.core.changes import as_text, compare, duplicate_ids, people_of
    from chmdocs.core.messages import catalog

    newer = new if new is not None else default_source(click.get_current_context(), None, None)
    before = api.load_version(old, newer, safe=safe)
    after = api.load_version(newer, old, safe=safe)
    for name, workshop in ((old, before), (newer, after)):
        for kind, ident in duplicate_ids(workshop):
            click.echo(
                f"note: {name} has several {kind}s with the id {ident!r}: the first is compared",
                err=True,
            )
    comparison = compare(before, after)
    if output_format == "json":
        click.echo(json.dumps(comparison.to_data(), ensure_ascii=False, indent=2))
    else:
        translate = catalog(after.language).gettext
        text = as_text(comparison, translate, after.language, people_of(after, before))
        click.echo(text, nl=False)
    sys.exit(1 if comparison else 0)


@main.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path())
@click.option(
    "--source",
    default=None,
    type=click.Path(),
    help="The project (or chmdocs.json) the workbooks review; default: the project here.",
)
@format_option
@click.option("-o", "--output", default=None, help="File to write; default: standard output.")
@safe_option
@reports_failures
def review(
    sheets: tuple[str, ...], source: str | None, output_format: str, output: str | None, safe: bool
) -> None:
    """Consolidate filled review workbooks (SHEETS, .xlsx): per item, the
    opinions counted and every comment and proposal with its reviewer; rows
    without an id as new proposals.

    With -o FILE.xlsx, write the comment matrix: one row per comment, with
    Decision and Response columns for the organiser; written again over an
    earlier matrix, it keeps the decisions and responses entered there.

    A row or workbook that cannot be read is a warning naming the file, sheet
    and row; the rest is still read. Exit status 1 when something could not
    be read.
    """
    from chmdocs.core.review import as_text

    project = source if source is not None else default_source(None, None, None)
    result = api.review(sheets, project, safe=safe)
    for problem in result.problems:
        click.echo(f"warning: {problem.as_text()}", err=True)
    if output is not None and output.lower().endswith(".xlsx"):
        # The comment matrix: one row per comment, Decision and Response to fill.
        write_atomic(Path(output), api.comment_matrix(result, output))
        sys.exit(1 if result.problems else 0)
    if output_format == "json":
        data = json.dumps(result.to_data(), ensure_ascii=False, indent=2) + "\n"
    else:
        data = as_text(result, result.language)
    if output:
        write_atomic(Path(output), data.encode("utf-8"))
    else:
        click.echo(data, nl=False)
    sys.exit(1 if result.problems else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--source",
    default=None,
    type=click.Path(),
    help="The project whose questionnaire was answered; default: the project here.",
)
@format_option
@click.option("-o", "--output", default=None, help="File to write; default: standard output.")
@safe_option
@reports_failures
def answers(
    files: tuple[str, ...], source: str | None, output_format: str, output: str | None, safe: bool
) -> None:
    """Read filled questionnaires (FILES: workbooks of export questionnaire, or
    ODK/Kobo exports in CSV or XLSX): per question, each respondent's answer.

    A row or file that cannot be read is a warning naming the file, sheet and
    row; the rest is still read. Exit status 1 when something could not be read.
    """
    from chmdocs.core.questionnaire import as_text

    project = source if source is not None else default_source(None, None, None)
    result = api.answers(files, project, safe=safe)
    for problem in result.problems:
        click.echo(f"warning: {problem.as_text()}", err=True)
    if output_format == "json":
        data = json.dumps(result.to_data(), ensure_ascii=False, indent=2) + "\n"
    else:
        data = as_text(result, api.load(project, safe=safe))
    if output:
        write_atomic(Path(output), data.encode("utf-8"))
    else:
        click.echo(data, nl=False)
    sys.exit(1 if result.problems else 0)


def is_interactive() -> bool:
    return sys.stdin.isatty()


def environment_language() -> str:
    """fr or en, from the environment's locale (LC_ALL, LC_MESSAGES, LANG)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value[:2] in scaffold.LANGUAGES:
            return value[:2]
    return "en"


class Day(click.ParamType):  # type: ignore[type-arg]
    """A date typed as YYYY-MM-DD, shown the same way in prompts."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The workshop's title.")
@click.option("--language", type=click.Choice(scaffold.LANGUAGES), help="fr or en.")
@click.option("--start", type=Day(), help="First day, YYYY-MM-DD.")
@click.option("--end", type=Day(), help="Last day (default: --start).")
@click.option("--location", help="The place, such as 'Nairobi, Kenya'.")
@click.option(
    "--timezone",
    help="IANA time zone, such as Africa/Nairobi (default: the zone of --location's country).",
)
@click.option(
    "--report",
    is_flag=True,
    help="A reporting project following workshops' action plans (with --import; "
    "--start is the report's date).",
)
@click.option(
    "--import",
    "imports",
    multiple=True,
    metavar="KEY=FILE",
    help="With --report: a workshop to follow, its chmdocs.json relative to DIRECTORY.",
)
@reports_failures
def init(
    directory: Path,
    title: str | None,
    language: str | None,
    start: dt.date | None,
    end: dt.date | None,
    location: str | None,
    timezone: str | None,
    report: bool,
    imports: tuple[str, ...],
) -> None:
    """Make a new workshop project in DIRECTORY (absent or empty), or with
    --report a project reporting on workshops' action plans."""
    interactive = is_interactive()
    if report:
        chosen = language or environment_language()
        day = start or dt.date.today()
        default = catalog(chosen).gettext(N_("Follow-up report %(year)s")) % {"year": day.year}
        new = scaffold.NewReport(
            title=title or default,
            date=day,
            imports=tuple(scaffold.parse_import(i) for i in imports),
            language=chosen,
        )
        for path in scaffold.create_report(directory, new):
            click.echo(f"wrote {path}")
        click.echo(f"Now: cd {directory} && chmdocs build")
        return
    if imports:
        raise click.UsageError("--import goes with --report")

    def ask(value: Any, prompt: str, default: Any, kind: Any = None) -> Any:
        if value is not None or not interactive:
            return default if value is None else value
        return click.prompt(prompt, default=default, type=kind)

    language = ask(language, "Language", environment_language(), click.Choice(scaffold.LANGUAGES))
    default_title = catalog(language).gettext(N_("Workshop"))
    title = ask(title, "Title", default_title)
    first = ask(start, "First day (YYYY-MM-DD)", dt.date.today() + dt.timedelta(days=60), Day())
    while True:
        last = ask(end, "Last day (YYYY-MM-DD)", first, Day())
        if last >= first or not interactive or end is not None:
            break
        click.echo(f"The last day comes before the first ({first}); type it again.")
    place = ask(location, "Place (city, country)", "")
    zone = timezone or scaffold.zone_of_place(str(place))
    if zone is None or (timezone is None and interactive):
        if not interactive:
            raise click.UsageError(
                f"no time zone known for {place!r}: give --timezone (such as Africa/Nairobi)"
            )
        zone = click.prompt("Time zone (IANA)", default=zone or "UTC")
    workshop = scaffold.NewWorkshop(
        title=str(title),
        start=first,
        end=last,
        language=str(language),
        location=str(place),
        timezone=str(zone),
    )
    for path in scaffold.create(directory, workshop):
        click.echo(f"wrote {path}")
    click.echo(f"Now: cd {directory} && chmdocs build   (or: make pdf; both write build/)")


if __name__ == "__main__":
    run()
