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
