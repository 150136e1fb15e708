"""The errors chmdocs' library raises; the CLI turns each into an exit status."""

from __future__ import annotations


class BuildError(Exception):
    """A build that did not succeed; the message says why (exit status 1)."""


class UsageError(BuildError):
    """The command was asked something impossible: a missing project, an
    unknown format (exit status 2)."""
