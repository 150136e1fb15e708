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
from chmdocs.sphinxext.views.rowcache import chm_cached_rows

NBSP = "\u00a0"
NNBSP = "\u202f"

#: (A row kept from an earlier build holds its words as they were written, typography done.)
_SKIPPED = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.math,
    nodes.comment,
    chm_cached_rows,
)
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


def skips(node: nodes.Element) -> bool:
    """Code, raw output and URLs shown as text keep their characters."""
    return isinstance(node, _SKIPPED) or (
        isinstance(node, nodes.reference) and "://" in node.astext()
    )


def generated(node: nodes.Element) -> bool:
    """Content chmdocs writes at the end of the build: views, an object's
    heading and line of fields, and the titles chm roles show."""
    classes: list[str] = node["classes"]
    return (
        "chm-view" in classes
        or "chm-meta" in classes
        or "chm-heading" in classes
        or (isinstance(node, nodes.inline) and "chm" in classes)
    )


class Typography(SphinxPostTransform):
    """The typography of the finished page, in one walk over it.

    Typographic quotes in what chmdocs inserts after Sphinx's own pass:
    Sphinx educates quotes while reading; views and link titles are made
    later, from the model, which keeps what the author typed (without this
    they would show ' and " amid ’ and « »). Then, in a French document,
    :func:`french_spacing` on every text.

    One walk, which knows on the way down whether a text lies in generated
    content or in code: pages holding views have tens of thousands of texts.
    """

    default_priority = 800  # after the views have rendered (600) and links resolved
    narrow: ClassVar[str] = NNBSP

    def run(self, **kwargs: Any) -> None:
        french = rules(self.config.language).space_before_colon
        remap = self.narrow != NNBSP  # U+202F the author typed must not break either
        quotes = self.smartquotes_action()
        if not french and not remap and quotes is None:
            return
        language = str(self.config.language or "en").replace("_", "-")
        pending: list[tuple[nodes.Node, bool, bool]] = [(self.document, False, False)]
        while pending:
            node, inside_generated, inside_code = pending.pop()
            if isinstance(node, nodes.Element):
                inside_generated = inside_generated or generated(node)
                inside_code = inside_code or skips(node)
                pending.extend((child, inside_generated, inside_code) for child in node.children)
                continue
            if not isinstance(node, nodes.Text) or node.parent is None:
                continue
            written = str(node)
            spaced = written.replace(NNBSP, self.narrow) if remap else written
            if not inside_code:
                # Most texts hold no such mark: look no further (pages can be large).
                if quotes is not None and inside_generated and _QUOTES.search(spaced):
                    spaced = smartquotes.smartyPants(spaced, quotes, language)
                if french and _MARKS.search(spaced):
                    spaced = french_spacing(spaced, self.narrow)
            if spaced != written:
                node.parent.replace(node, nodes.Text(spaced))

    def smartquotes_action(self) -> str | None:
        """Sphinx's smart-quotes action for this language, or None when off."""
        if not self.config.smartquotes:
            return None
        language = str(self.config.language or "en").replace("_", "-")
        excluded = self.config.smartquotes_excludes.get("languages", [])
        if language in excluded or language.split("-")[0] in excluded:
            return None
        return str(self.config.smartquotes_action)


class TypographyForPDF(Typography):
    builders = ("pdf",)
    narrow = NBSP


class TypographyForOthers(Typography):
    def is_supported(self) -> bool:
        # Sphinx offers a list of builders to run for, not one to skip.
        return not TypographyForPDF(self.document).is_supported()
