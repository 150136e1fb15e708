"""The few words the exports write, in the workshop's language.

Exports may run with no Sphinx application (a model loaded from
``chmdocs.json``), so they read chmdocs' gettext catalog directly rather
than through ``sphinx.locale``.
"""

from __future__ import annotations

from chmdocs.core.language import colon
from chmdocs.core.messages import KIND_MESSAGES, catalog


class Labels:
    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog = catalog(language)

    def __call__(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalog.ngettext(singular, plural, count)

    @property
    def colon(self) -> str:
        """French sets a no-break space before a colon; English does not."""
        return colon(self.language)

    @property
    def speaker(self) -> str:
        return self("Speaker")

    @property
    def to_be_confirmed(self) -> str:
        return self("to be confirmed")

    def kind(self, kind: str) -> str:
        return self(KIND_MESSAGES.get(kind, kind))
