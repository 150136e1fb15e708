"""The few words the exports write, in the workshop's language.

Exports may run with no Sphinx application (a model loaded from
``chmdocs.json``), so they read chmdocs' gettext catalog directly rather
than through ``sphinx.locale``.
"""

from __future__ import annotations

import gettext

from chmdocs.i18n import CATALOG, KIND_MESSAGES, LOCALE_DIR, colon


class Labels:
    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog = gettext.translation(
            CATALOG, str(LOCALE_DIR), languages=[language.split("_")[0]], fallback=True
        )

    def __call__(self, message: str) -> str:
        return self._catalog.gettext(message)

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
