"""Author text made safe for where it lands: reStructuredText, CSV cells, …

Each function takes any text and returns it so that no character of it can
act as markup, code or formula in its destination.
"""

from __future__ import annotations


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


def spreadsheet_cell(value: str) -> str:
    """A cell a spreadsheet program shows as text, never runs as a formula.

    A value starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break
    gets a leading apostrophe, as OWASP advises for CSV files. Every other
    value is left exactly as written.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value
