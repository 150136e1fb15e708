"""French typography in the output: no line breaks before : ; ? ! or inside « ».

French sets a space before the high punctuation marks and inside
guillemets, and that space must never break a line. This post-transform
makes those spaces no-break in documents whose language is French, adding
one where the author left it out before ; ? and !. It leaves code, raw
output and addresses alone.

HTML gets the narrow no-break space (U+202F) where French typography wants
it; the PDF gets U+00A0 instead, because ReportLab breaks lines at U+202F.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import nodes
from docutils.utils import smartquotes
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs.core.language import rules

NBSP = "\u00a0"
NNBSP = "\u202f"

_SKIPPED = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.comment)
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:(?=\s|$)")
_BEFORE_MARK = re.compile(
    r"[ \u00a0\u202f]*(?<=\S)([;?!]+)(?=\s|$|[»)\]])|[ \u00a0\u202f]+([;?!»]+)"
)
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_MARKS = re.compile(r"[:;?!«»]")
_QUOTES = re.compile("[\"'`]|--|\\.\\.\\.")


def french_spacing(text: str, narrow: str) -> str:
    """``text`` with French no-break spaces; ``narrow`` is the thin one to use."""
    text = _BEFORE_COLON.sub(f"{NBSP}:", text)
    text = _BEFORE_MARK.sub(lambda m: narrow + (m.group(1) or m.group(2)), text)
    return _AFTER_OPENING.sub("«" + narrow, text)


def skipped(node: nodes.Node) -> bool:
    """Code, raw output and URLs shown as text keep their characters."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIPPED):
            return True
        if isinstance(parent, nodes.reference) and "://" in parent.astext():
            return True
        parent = parent.parent
    return False


def generated(node: nodes.Node) -> bool:
    """Content chmdocs writes at the end of the build: views, an object's
    heading and line of fields, and the titles chm roles show."""
    if not isinstance(node, nodes.Element):
        return False
    classes: list[str] = node["classes"]
    return (
        "chm-view" in classes
        or "chm-meta" in classes
        or "chm-heading" in classes
        or (isinstance(node, nodes.inline) and "chm" in classes)
    )


class LateSmartQuotes(SphinxPostTransform):
    """Typographic quotes in what chmdocs inserts after Sphinx's own pass.

    Sphinx educates quotes while reading; views and link titles are made
    later, from the model, which keeps what the author typed. Without this
    they would show ' and " amid ’ and « ».
    """

    default_priority = 790  # before the French spacing, which handles « »

    def run(self, **kwargs: Any) -> None:
        if not self.config.smartquotes:
            return
        language = str(self.config.language or "en").replace("_", "-")
        excluded = self.config.smartquotes_excludes.get("languages", [])
        if language in excluded or language.split("-")[0] in excluded:
            return
        action = self.config.smartquotes_action
        seen: set[int] = set()  # generated content nests (a link in a view)
        for root in list(self.document.findall(generated)):
            for text in list(root.findall(nodes.Text)):
                # The cheap test first: most texts hold no quote (views are large).
                if id(text) in seen or not _QUOTES.search(text):
                    continue
                seen.add(id(text))
                if text.parent is None or skipped(text):
                    continue
                educated = smartquotes.smartyPants(str(text), action, language)
                if educated != str(text):
                    text.parent.replace(text, nodes.Text(educated))


class FrenchSpacing(SphinxPostTransform):
    """Applies :func:`french_spacing` to every text of a French document."""

    default_priority = 800  # after the views have rendered (600) and links resolved
    narrow: ClassVar[str] = NNBSP

    def run(self, **kwargs: Any) -> None:
        french = rules(self.config.language).space_before_colon
        remap = self.narrow != NNBSP  # U+202F the author typed must not break either
        if not french and not remap:
            return
        for text in list(self.document.findall(nodes.Text)):
            written = str(text)
            spaced = written.replace(NNBSP, self.narrow) if remap else written
            # Most texts hold no such mark: look no further (pages can be large).
            if french and _MARKS.search(spaced) and not skipped(text):
                spaced = french_spacing(spaced, self.narrow)
            if spaced != written and text.parent is not None:
                text.parent.replace(text, nodes.Text(spaced))


class FrenchSpacingForPDF(FrenchSpacing):
    builders = ("pdf",)
    narrow = NBSP


class FrenchSpacingForOthers(FrenchSpacing):
    def is_supported(self) -> bool:
        # Sphinx offers a list of builders to run for, not one to skip.
        return not FrenchSpacingForPDF(self.document).is_supported()
