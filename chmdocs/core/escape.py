"""Author text made safe for where it lands: reStructuredText, CSV cells, …

Each function takes any text and returns it so that no character of it can
act as markup, code or formula in its destination.
"""

from __future__ import annotations

import re


def rst_escape(value: object) -> str:
    """``value`` as literal reStructuredText inline text: no markup survives.

    Quotes start no markup and stay bare, so smart quotes still apply to them.
    """
    escaped = []
    for char in " ".join(str(value).split()):
        escaped.append(char if char.isalnum() or char in " '\"" else "\\" + char)
    return "".join(escaped)


#: What makes a spreadsheet program read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: A sign before nothing but digits and the marks of a number or a phone
#: ("+221 33 800 00 02", "-12,5"): no formula can be written with those.
_SIGNED_NUMBER = re.compile(r"^[+-][0-9][0-9 .,()/\u00a0-]*$")


def spreadsheet_cell(value: str) -> str:
    """A cell a spreadsheet program shows as text, never runs as a formula.

    A value starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break
    gets a leading apostrophe, as OWASP advises for CSV files — except a
    phone number or a signed number, which cannot hold a formula and whose
    apostrophe a reader would see. Every other value is left exactly as
    written.
    """
    if _SIGNED_NUMBER.match(value):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value


#: C0 and C1 control characters, DEL, and the line/paragraph separators.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def plain_text(value: str, *, multiline: bool = False) -> str:
    """``value`` with no control characters (BEL, ESC, a bare CR…).

    Line breaks stay where ``multiline`` allows them (a description), and
    become spaces elsewhere (a title, a place): an iCalendar or XML reader
    must never meet a character it cannot hold.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value)
    if not multiline:
        value = " ".join(value.split())
    return value
