"""chmdocs' own documentation (docs/, ``make docs``): it builds with -W, and
every option a directive accepts is in the reference — a new option without
its documentation fails here."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from chmdocs.sphinxext.config import SETTINGS
from chmdocs.sphinxext.directives import OBJECT_DIRECTIVES
from chmdocs.sphinxext.views import VIEW_DIRECTIVES


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sphinx]:
    out = tmp_path_factory.mktemp("docs")
    warnings = io.StringIO()
    # As sphinx-build does: docutils' registries restored afterwards, so the
    # next Sphinx of this process starts clean.
    with patch_docutils(REPO / "docs"), docutils_namespace():
        yield build_docs(out, warnings)


def build_docs(out: Path, warnings: io.StringIO) -> Sphinx:
    app = Sphinx(
        str(REPO / "docs"),
        str(REPO / "docs"),
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        warningiserror=True,
        freshenv=True,
    )
    app.build()
    assert warnings.getvalue() == ""
    assert app.statuscode == 0
    return app


def documented(app: Sphinx, objtype: str) -> set[str]:
    objects = app.env.get_domain("rst").objects  # type: ignore[attr-defined]
    return {name for (kind, name) in objects if kind == objtype}


def test_every_directive_is_documented(docs: Sphinx) -> None:
    names = documented(docs, "directive")
    assert set(OBJECT_DIRECTIVES) | set(VIEW_DIRECTIVES) <= names


def test_every_accepted_option_is_documented(docs: Sphinx) -> None:
    options = documented(docs, "directive:option")
    missing = [
        f"{name}:{option}"
        for name, directive in {**OBJECT_DIRECTIVES, **VIEW_DIRECTIVES}.items()
        for option in directive.accepted_options
        if f"{name}:{option}" not in options and not (option == "id" and "id" in options)
    ]
    assert missing == []


def test_every_role_and_user_setting_is_documented(docs: Sphinx) -> None:
    from chmdocs.sphinxext.domain import LINKABLE_KINDS

    assert set(LINKABLE_KINDS) <= documented(docs, "role")
    confvals = {name for (kind, name) in docs.env.get_domain("std").objects if kind == "confval"}  # type: ignore[attr-defined]
    user_settings = {s.name for s in SETTINGS if s.literal}
    assert user_settings <= confvals


def test_the_tutorial_example_is_live(docs: Sphinx) -> None:
    page = (Path(docs.outdir) / "tutorial.html").read_text(encoding="utf-8")
    assert "chm-view-agenda" in page and "Ms Wambui Njoroge" in page
    assert "Group 1:" in page and "Library" in page
