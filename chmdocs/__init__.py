"""chmdocs: a CHM workshop's agenda, synthesis note and final document from
one reStructuredText model.

As a Sphinx extension: ``extensions = ["chmdocs"]``. As a library::

    import chmdocs
    ws = chmdocs.load("source")
    chmdocs.build("source", "build", formats=["pdf"])
    ws.action("act-portal").is_overdue(datetime.date.today())
    print(chmdocs.render(ws, "action-table", priority="high", format="markdown"))

The package imports lazily (PEP 562): ``import chmdocs.model`` or loading a
``chmdocs.json`` loads neither Sphinx nor docutils; each public name below
imports its module the first time it is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from chmdocs._version import __version__

if TYPE_CHECKING:
    from chmdocs.api import BuildError, build, diff, export, load, redline, review
    from chmdocs.extension import setup
    from chmdocs.model import Action, Due, Group, Objective, Participant, Session, Workshop
    from chmdocs.textviews import render

#: Public name -> the module that defines it.
_LAZY = {
    "BuildError": "chmdocs.api",
    "build": "chmdocs.api",
    "export": "chmdocs.api",
    "load": "chmdocs.api",
    "diff": "chmdocs.api",
    "redline": "chmdocs.api",
    "review": "chmdocs.api",
    "render": "chmdocs.textviews",
    "Participant": "chmdocs.model",
    "setup": "chmdocs.extension",
    "Action": "chmdocs.model",
    "Due": "chmdocs.model",
    "Group": "chmdocs.model",
    "Objective": "chmdocs.model",
    "Session": "chmdocs.model",
    "Workshop": "chmdocs.model",
}

__all__ = [
    "Action",
    "BuildError",
    "Due",
    "Group",
    "Objective",
    "Participant",
    "Session",
    "Workshop",
    "__version__",
    "build",
    "diff",
    "export",
    "load",
    "redline",
    "render",
    "review",
    "setup",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'chmdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
