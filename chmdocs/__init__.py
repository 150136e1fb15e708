"""chmdocs: a CHM workshop's agenda, synthesis note and final document from
one reStructuredText model.

As a Sphinx extension: ``extensions = ["chmdocs"]``. As a library::

    import chmdocs
    ws = chmdocs.load("source")
    chmdocs.build("source", "build", formats=["pdf"])
"""

from __future__ import annotations

from chmdocs.api import BuildError, build, export, load
from chmdocs.extension import setup
from chmdocs.model import Action, Due, Group, Objective, Session, Workshop

__version__ = "0.1.0"

__all__ = [
    "Action",
    "BuildError",
    "Due",
    "Group",
    "Objective",
    "Session",
    "Workshop",
    "__version__",
    "build",
    "export",
    "load",
    "setup",
]
