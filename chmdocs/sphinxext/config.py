"""chmdocs' settings (``conf.py``), each declared once: name, default, help,
and the check its value must pass.

:func:`validate` runs at ``config-inited``: a malformed value is one warning
naming the setting and what it expects, and the build goes on with the
default (as sphinx-design does with its own settings). A ``--safe`` build
reads from the contributor's conf.py exactly the settings declared here as
``literal``, and checks them the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from chmdocs.core.exports import EXPORTS

logger = logging.getLogger("chmdocs")

DEFAULT_DOCUMENTS = ("agenda", "synthesis-note", "final-document", "attendance-sheet")
#: A language tag as Sphinx takes it: "fr", "en_GB", "pt-BR".
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


class Invalid(ValueError):  # noqa: N818 (read as "raise Invalid(what is expected)")
    """A setting's value is not accepted; the message says what is expected."""


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("True or False")
    return value


def _days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 366:
        raise Invalid("a whole number of days from 0 to 366")
    return value


def _minutes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 24 * 60:
        raise Invalid("a whole number of minutes from 0 to 1440")
    return value


def docname(value: Any) -> str:
    """A document of the project: a relative name with no "..", "agenda"."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid("a document name such as 'agenda'")
    path = PurePosixPath(value.strip())
    if path.is_absolute() or ".." in path.parts or "\\" in value or "\0" in value:
        raise Invalid(f"a document of the project, not {value!r}")
    return str(path)


def pdf_name(value: Any) -> str:
    """A PDF's file name: plain, in the PDF folder; never a path elsewhere."""
    if (
        not isinstance(value, str)
        or not value.strip()
        or value.strip() in (".", "..")
        or any(c in value for c in "/\\\0")
        or value.startswith(".")
    ):
        raise Invalid(f"a plain file name for each PDF (no folder), not {value!r}")
    return value.strip().removesuffix(".pdf")


def documents(value: Any) -> list[tuple[str, str]] | None:
    """None (the default documents that exist), docnames, (docname, PDF name)
    pairs, or a dict docname -> PDF name."""
    if value is None:
        return None
    expected = (
        "a list of document names, of (document, PDF name) pairs, or a dict document -> PDF name"
    )
    pairs: list[tuple[str, str]] = []
    if isinstance(value, dict):
        entries: list[Any] = list(value.items())
    elif isinstance(value, list | tuple):
        entries = list(value)
    else:
        raise Invalid(expected)
    for entry in entries:
        if isinstance(entry, str):
            pairs.append((docname(entry), pdf_name(PurePosixPath(entry).name)))
        elif isinstance(entry, list | tuple) and len(entry) == 2:
            pairs.append((docname(entry[0]), pdf_name(entry[1])))
        else:
            raise Invalid(f"{expected}; {entry!r} is none of these")
    return pairs


def time_format(value: Any) -> str:
    """A Babel time pattern: "HH:mm", or "HH.mm" as the Brussels programme."""
    from babel.dates import format_time

    if not isinstance(value, str) or not re.search(r"[Hhk]", value) or len(value) > 40:
        raise Invalid("a Babel time pattern with hours, such as 'HH:mm' or 'HH.mm'")
    try:
        format_time(dt.time(9, 30), value, locale="en")
    except (ValueError, KeyError, AttributeError) as error:
        raise Invalid(f"a Babel time pattern such as 'HH:mm' ({error})") from None
    return value


def language(value: Any) -> str:
    if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
        raise Invalid("a language tag such as 'fr' or 'en'")
    return value


def _formats(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(v in EXPORTS for v in value):
        raise Invalid(f"a list of exports among {', '.join(EXPORTS)}")
    return value


def _site_files(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(v in ("pdf", "docx", *EXPORTS) for v in value):
        raise Invalid(f"a list among pdf, docx, {', '.join(EXPORTS)}")
    return value


def currency(value: Any) -> str:
    """The budget's reporting currency: an ISO 4217 code, or "" for none."""
    from chmdocs.core.model import parse_currency

    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise Invalid("an ISO 4217 currency code such as 'EUR'")
    try:
        return parse_currency(value)
    except ValueError as error:
        raise Invalid(f"an ISO 4217 currency code such as 'EUR' ({error})") from None


def exchange_rates(value: Any) -> dict[str, Any]:
    """Currency code -> units of it for one unit of the reporting currency:
    ``{"XOF": 655.957}`` (a number, or a number written as text)."""
    from chmdocs.core.model import parse_currency, parse_rate

    expected = "a dict of currency codes to positive numbers, such as {'XOF': 655.957}"
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(expected)
    rates = {}
    for code, rate in value.items():
        try:
            rates[parse_currency(str(code))] = parse_rate(rate)
        except ValueError as error:
            raise Invalid(f"{expected} ({error})") from None
    return rates


def imports(value: Any) -> dict[str, str]:
    """Key -> the chmdocs.json of a workshop a reporting project follows."""
    expected = "a dict of keys to chmdocs.json files, such as {'chm-2007': '../build/chmdocs.json'}"
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(expected)
    for key, path in value.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise Invalid(f"{expected}; {key!r} is no key (letters, digits, '-', '_', '.')")
        if not isinstance(path, str) or not path.strip():
            raise Invalid(f"{expected}; {path!r} is no file name")
    return dict(value)


_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")


def _language_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and LANGUAGE_TAG.match(v)
                                              for v in value):  # fmt: skip
        raise Invalid("a list of language tags")
    return value


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid("a list of folder names")
    return value


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    check: Callable[[Any], Any]
    #: "env" when a change must re-read the documents, "html" rewrite the pages.
    rebuild: Literal["env", "html", ""] = "env"
    #: Read from a contributor's conf.py by a --safe build (as a literal).
    literal: bool = True


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "chmdocs_documents",
        None,
        "Which documents become PDFs, and their file names; by default agenda, "
        "synthesis-note and final-document, each where it exists.",
        documents,
    ),
    Setting(
        "chmdocs_require_ids",
        False,
        "Warn of every object written without :id:.",
        _bool,
    ),
    Setting(
        "chmdocs_note_lead_days",
        7,
        "How many days before the workshop the synthesis note is due.",
        _days,
    ),
    Setting(
        "chmdocs_note_document",
        "synthesis-note",
        "The document that is the synthesis note.",
        docname,
    ),
    Setting(
        "chmdocs_final_document",
        "final-document",
        "The document that is the final document: the review workbook has a sheet of its sections.",
        docname,
    ),
    Setting(
        "chmdocs_imports",
        {},
        "The workshops a reporting project follows: key -> their chmdocs.json "
        "(relative to conf.py); their objects are named KEY:id.",
        imports,
    ),
    Setting(
        "chmdocs_gap_minutes",
        30,
        "`chmdocs check` points out idle time between sessions longer than this.",
        _minutes,
    ),
    Setting(
        "chmdocs_currency",
        "",
        "The budget's reporting currency (ISO 4217, such as 'EUR'): every total "
        "of the logical framework is also given in it.",
        currency,
    ),
    Setting(
        "chmdocs_exchange_rates",
        {},
        "Units of each currency for one unit of the reporting currency, such as "
        "{'XOF': 655.957}; printed under the logical framework.",
        exchange_rates,
    ),
    Setting(
        "chmdocs_time_format",
        "HH:mm",
        "How times are written, a Babel pattern: 'HH.mm' prints 09.00.",
        time_format,
    ),
    # Set by chmdocs itself, never read from a contributor's conf.py.
    Setting(
        "chmdocs_exports",
        list(EXPORTS),
        "Which exports the chmdocs-exports builder writes (the CLI's -f sets it).",
        _formats,
        rebuild="",
        literal=False,
    ),
    Setting(
        "chmdocs_site_files",
        [],
        "The files built with the HTML site and copied into it (pdf, docx and exports), "
        "which its pages link to (set by `chmdocs build`).",
        _site_files,
        rebuild="html",
        literal=False,
    ),
    Setting(
        "chmdocs_site_languages",
        [],
        "The languages of a site built in several (`chmdocs build -l fr -l en`): "
        "each page links to itself in the others (set by `chmdocs build`).",
        _language_list,
        rebuild="html",
        literal=False,
    ),
    Setting(
        "chmdocs_safe",
        False,
        "A --safe build (set by the CLI).",
        _bool,
        literal=False,
    ),
    Setting(
        "chmdocs_template_dirs",
        [],
        "Where the PDF cover templates are found (filled from templates_path).",
        _strings,
        rebuild="",
        literal=False,
    ),
)


#: Sphinx's own settings a --safe build takes from the contributor's conf.py.
def text_setting(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("text")
    return value


def _warning_types(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid("a list of warning types such as 'chmdocs.overlap'")
    return value


SPHINX_LITERALS: dict[str, Callable[[Any], Any]] = {
    "project": text_setting,
    "author": text_setting,
    "copyright": text_setting,
    "language": language,
    "html_title": text_setting,
    "suppress_warnings": _warning_types,
    # Where the content catalogs are: read (not trusted) by chmdocs.safe.
    "locale_dirs": _strings,
}


def register(app: Sphinx) -> None:
    from typing import Any as AnyType

    for setting in SETTINGS:
        # chmdocs checks the values itself (validate), with clearer messages.
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,
            types=frozenset({AnyType}),
            description=setting.help,
        )
    app.connect("config-inited", validate, priority=100)
    app.connect("env-before-read-docs", report_deferred)


#: Where the warnings about conf.py wait until the build starts: at
#: ``config-inited`` no handler of ``chmdocs check`` is listening yet.
_DEFERRED = "_chmdocs_config_warnings"


def defer_warning(app: Sphinx, name: str, message: str) -> None:
    """Warn of setting ``name`` at its line of conf.py once the build starts."""
    pending: list[tuple[str, str]] = getattr(app, _DEFERRED, [])
    pending.append((name, message))
    setattr(app, _DEFERRED, pending)


def report_deferred(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: each deferred warning, at conf.py's line."""
    conf_py = Path(app.confdir or app.srcdir) / "conf.py"
    for name, message in getattr(app, _DEFERRED, []):
        where = f"{conf_py}:{setting_line(conf_py, name)}"
        logger.warning(message, location=where, type="chmdocs", subtype="config")
    setattr(app, _DEFERRED, [])


def validate(app: Sphinx, config: Config) -> None:
    """Each chmdocs setting checked; a bad one warned of and set to its default."""
    for setting in SETTINGS:
        value = getattr(config, setting.name)
        try:
            setattr(config, setting.name, setting.check(value))
        except Invalid as expected:
            defer_warning(
                app,
                setting.name,
                f"{setting.name} = {short_repr(value)} is not valid: expected {expected}; "
                f"using the default, {setting.default!r}",
            )
            setattr(config, setting.name, setting.default)
    if config.language is not None:
        try:
            language(config.language)
        except Invalid as expected:
            defer_warning(
                app,
                "language",
                f"language = {short_repr(config.language)} is not valid: expected {expected}; "
                "using 'en'",
            )
            config.language = "en"


def short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def setting_line(conf_py: Path, name: str) -> int:
    """The line of conf.py where ``name`` is set (1 when it is not found)."""
    try:
        lines = conf_py.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    pattern = re.compile(rf"^{re.escape(name)}\s*=")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 1)


def literal_setting_names() -> tuple[str, ...]:
    return (*SPHINX_LITERALS, *(s.name for s in SETTINGS if s.literal))
