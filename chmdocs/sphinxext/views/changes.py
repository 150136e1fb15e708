"""The ``changes`` view: what changed since an earlier version of the model.

``:since:`` names a ``chmdocs.json`` kept beside the sources (the draft's
model, say), relative to the document as Sphinx resolves image paths;
``:kinds:`` keeps some kinds of object only. The comparison is
:mod:`chmdocs.changes`', in the document's language: "Échéance : 31
décembre 2008 → 30 juin 2009".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.i18n import search_image_for_language

from chmdocs.core import changes
from chmdocs.core.model import Workshop
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, text
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective


class ChangesDirective(ViewDirective):
    view = "changes"
    accepted_options = ("since", "kinds")

    def run(self) -> list[nodes.Node]:
        if not self.text_option("since") and "since" not in self.options:
            self.warn(":since: is required (the chmdocs.json to compare with)", "missing-option")
        return super().run()

    def check(self, name: str) -> Any:
        if name == "kinds":
            return self.choice_list(name, changes.KINDS)
        written = self.text_option(name)
        if not written:
            return None
        # In a translated build, the earlier model in that language where there
        # is one (chmdocs.en.json beside chmdocs.json, as Sphinx finds images).
        localized = search_image_for_language(written, self.env)
        found = self.source_path(name, localized)
        if found is None:
            return None
        path = str(found)
        # The page is read again when the earlier model changes.
        self.env.note_dependency(path)
        try:
            earlier = get_domain(self.env).read_once(Path(path), read_model)
        except (OSError, ValueError) as error:
            reason = f"{written}: no such file" if isinstance(error, FileNotFoundError) else error
            first_line = str(reason).splitlines()[0] if str(reason) else type(error).__name__
            self.reject(name, f":since: cannot be read ({first_line})")
            return None
        language = self.config.language or "en"
        if earlier.language.split("_")[0] != language.split("_")[0]:
            self.warn(
                f":since: {localized} is in {earlier.language!r} and this build in "
                f"{language!r}: every translated text would show as changed; keep the "
                f"earlier model in {language!r} beside it ({language_file(written, language)})",
                "option",
                name,
            )
        return path

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        path = options.get("since")
        try:
            earlier = view.domain.read_once(Path(path), read_model) if path else None
        except (OSError, ValueError):
            earlier = None  # warned of when the document was read
        if earlier is None:
            return [para(str(_("The earlier version could not be read.")), classes=["chm-empty"])]
        comparison = changes.compare(earlier, view.workshop)
        if options.get("kinds"):
            comparison = comparison.only(options["kinds"])
        return render_comparison(view, comparison, changes.people_of(view.workshop, earlier))


def language_file(written: str, language: str) -> str:
    """Where the earlier model in ``language`` is looked for: ``chmdocs.en.json``."""
    stem, dot, suffix = written.rpartition(".")
    return f"{stem}.{language}.{suffix}" if dot else f"{written}.{language}"


def read_model(path: Path) -> Workshop:
    from chmdocs.core.exports import jsonfile

    return jsonfile.load(path)


def arrow() -> nodes.inline:
    """ "→", in print set in PDF's Symbol font: the embedded Vera has no arrow."""
    return nodes.inline("\u2192", "\u2192", classes=["chm-arrow"])


def render_comparison(
    view: ViewContext, comparison: changes.Comparison, people: dict[str, str]
) -> list[nodes.Node]:
    if not comparison:
        return [para(str(_("No change.")), classes=["chm-empty"])]

    def translate(message: str) -> str:
        return str(_(message))

    def heading(item: changes.Item | changes.Change) -> list[nodes.Node]:
        kind = changes.kind_name(item.kind, translate)
        shown: list[nodes.Node] = [text(f"{kind} ", ["chm-change-kind"])]
        linkable = item.kind != "workshop" and view.domain.get(item.kind, item.id) is not None
        title = item.title or item.id
        shown.append(view.link_id(item.kind, item.id, title) if linkable else nodes.Text(title))
        return shown

    result: list[nodes.Node] = []
    colon = view.colon
    for label, items, css in (
        (_("Added"), comparison.added, "chm-added"),
        (_("Removed"), comparison.removed, "chm-removed"),
    ):
        if not items:
            continue
        result.append(nodes.rubric(str(label), str(label)))
        listing = nodes.bullet_list(classes=["chm-changes", css])
        for item in items:
            listing += nodes.list_item("", para(*heading(item), classes=["chm-change-item"]))
        result.append(listing)
    if comparison.changed:
        label = str(_("Changed"))
        result.append(nodes.rubric(label, label))
        # Each object a heading line, then its fields (a list inside a list
        # item would set the item's bullet at its foot in print).
        changed = nodes.container(classes=["chm-changes", "chm-changed"])
        for change in comparison.changed:
            entry = nodes.container("", para(*heading(change), classes=["chm-change-item"]))
            details = nodes.bullet_list()
            for name, (old, new) in change.fields.items():
                before = changes.describe(name, old, translate, view.language, people)
                after = changes.describe(name, new, translate, view.language, people)
                line = para(
                    text(f"{changes.field_label(name, translate)}{colon} ", ["chm-meta-name"]),
                    nodes.Text(before),
                    nodes.Text(" "),
                    arrow(),
                    nodes.Text(" "),
                    nodes.Text(after),
                )
                details += nodes.list_item("", line)
            entry += details
            changed += entry
        result.append(changed)
    return result
