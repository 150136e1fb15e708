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

Its layers are its folders: :mod:`chmdocs.core` (the model and everything
made from it, no Sphinx), :mod:`chmdocs.sphinxext` (the Sphinx extension),
:mod:`chmdocs.app` (the API and the command line), and :mod:`chmdocs.writers`
(docutils trees into outlines and Word documents, no Sphinx).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from chmdocs._version import __version__

if TYPE_CHECKING:
    from chmdocs.app import api
    from chmdocs.app.api import BuildError, build, diff, export, load, redline, review
    from chmdocs.core.model import Action, Due, Group, Objective, Participant, Session, Workshop
    from chmdocs.core.textviews import render
    from chmdocs.sphinxext.extension import setup

#: Public name -> the module that defines it.
_LAZY = {
    "BuildError": "chmdocs.app.api",
    "build": "chmdocs.app.api",
    "export": "chmdocs.app.api",
    "load": "chmdocs.app.api",
    "diff": "chmdocs.app.api",
    "redline": "chmdocs.app.api",
    "review": "chmdocs.app.api",
    "render": "chmdocs.core.textviews",
    "Participant": "chmdocs.core.model",
    "setup": "chmdocs.sphinxext.extension",
    "Action": "chmdocs.core.model",
    "Due": "chmdocs.core.model",
    "Group": "chmdocs.core.model",
    "Objective": "chmdocs.core.model",
    "Session": "chmdocs.core.model",
    "Workshop": "chmdocs.core.model",
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
    "api",
    "build",
    "diff",
    "export",
    "load",
    "redline",
    "render",
    "review",
    "setup",
]


#: Public modules reached as attributes: ``chmdocs.api.check(…)``.
_MODULES = {"api": "chmdocs.app.api"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = importlib.import_module(_MODULES[name])
        globals()[name] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'chmdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
