"""Make the Brussels workshop's three filled review workbooks (source/reviews/).

Each is the workbook ``chmdocs export review`` wrote for the draft
(source/versions/draft/chmdocs.json), filled as a participant would: the
reviewer's name, then opinions, comments and proposals. The third is
filled the way people do (opinions typed in capitals, rows reordered) and,
when LibreOffice is installed, saved again by it. Then the comment matrix
(source/matrice-des-commentaires.xlsx) with the organiser's decisions. Run
from the repository:

    .venv/bin/python tools/seed_reviews.py          # workbooks and matrix
    .venv/bin/python tools/seed_reviews.py matrix   # the matrix alone
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from chmdocs.core.exports.jsonfile import load
from chmdocs.core.review import write_workbook

SOURCE = Path(__file__).resolve().parent.parent / "source"
DRAFT = SOURCE / "versions" / "draft" / "chmdocs.json"
REVIEWS = SOURCE / "reviews"

# (sheet, id) -> (opinion, comment, proposal), per reviewer.
REVIEWS_BY = {
    "diallo": (
        (
            "Mme Aminata Diallo",
            "Direction de l'environnement et des établissements classés",
            "Sénégal",
        ),
        {
            ("Actions", "act-formations"): (
                "à modifier",
                "Une formation en Afrique de l'Ouest dès 2008 éviterait d'attendre une année.",
                "Organiser des formations régionales à la gestion de contenu du CHM, "
                "dont une en Afrique de l'Ouest",
            ),
            ("Actions", "act-contenus"): ("d'accord", "", ""),
            ("Actions", "act-parrainage"): ("d'accord", "Le Sénégal se propose comme parrain.", ""),
            ("Objectifs", "obj-reseaux"): ("d'accord", "", ""),
            ("Résultats des groupes", "facteurs-g1"): (
                "d'accord",
                "Ajouter la téléphonie mobile, déjà plus répandue qu'Internet.",
                "",
            ),
            ("Document final", "conclusions-de-l-atelier"): (
                "à modifier",
                "Les conclusions ne disent pas qui suivra le plan d'action entre deux ateliers.",
                "Ajouter : « Le CHM belge et un point focal désigné chaque année suivent\n"
                "le plan d'action et en rendent compte aux pays partenaires. »",
            ),
        },
    ),
    "ouedraogo": (
        ("M. Issa Ouédraogo", "Secrétariat permanent du CONEDD", "Burkina Faso"),
        {
            ("Actions", "act-formations"): (
                "à modifier",
                "Décembre 2008 est trop proche pour organiser deux formations ; juin 2009 "
                "est plus réaliste.",
                "",
            ),
            ("Actions", "act-sbstta"): (
                "pas d'accord",
                "Les pays partenaires devraient présenter ces conclusions avec le CHM belge.",
                "Présenter, avec les pays partenaires, les conclusions de l'atelier à SBSTTA-12",
            ),
            ("Actions", "act-reseau"): ("d'accord", "", ""),
            ("Objectifs", "obj-partenariat"): ("d'accord", "", ""),
        },
    ),
    "rakotomalala": (
        ("Mme Voahangy Rakotomalala", "Ministère de l'environnement et des forêts", "Madagascar"),
        {
            ("Actions", "act-formations"): ("D'ACCORD", "", ""),
            ("Actions", "act-sbstta"): ("PAS D'ACCORD", "Même remarque que le Burkina Faso.", ""),
            ("Actions", "act-outil"): (
                "A MODIFIER",
                "L'outil doit fonctionner avec une connexion lente.",
                "Mettre à disposition un outil de gestion de sites partagé, documenté et "
                "utilisable avec une connexion lente",
            ),
            ("Objectifs", "obj-besoins"): ("D'ACCORD", "", ""),
        },
    ),
}


def fill(
    path: Path,
    reviewer: tuple[str, str, str],
    answers: dict,
    reorder: bool,
    added: tuple = (),
) -> None:
    book = load_workbook(path)
    first = book.worksheets[0]
    for row, value in enumerate(reviewer, start=1):
        first.cell(row, 2, value)
    for sheet in book.worksheets[1:]:
        headings = [c.value for c in sheet[1]]
        if "Avis" not in headings:
            continue  # the general comments: rows added below
        opinion = headings.index("Avis") + 1
        for row in range(2, sheet.max_row + 1):
            key = (sheet.title, sheet.cell(row, 1).value)
            if key in answers:
                for offset, value in enumerate(answers[key]):
                    if value:
                        sheet.cell(row, opinion + offset, value)
        if reorder and sheet.max_row > 2:
            # Sorted in reverse by a reviewer: rows no longer in the model's order.
            rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
            for number, values in enumerate(reversed(rows), start=2):
                for column, value in enumerate(values, start=1):
                    # cell(row, column, None) would leave the old value.
                    sheet.cell(number, column).value = value
    for title, cells in added:
        sheet = book[title]
        row = 2
        while any(c.value for c in sheet[row]):
            row += 1
        for column, value in enumerate(cells, start=1):
            sheet.cell(row, column).value = value
    book.save(path)


def resave_with_libreoffice(path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [
                office,
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                scratch,
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copyfile(Path(scratch) / path.name, path)


#: Rows a reviewer adds: (sheet, [cells from the first column]). A row with no
#: id is a new proposal; the general sheet holds comments on the whole document.
ADDED_BY = {
    "ouedraogo": (
        (
            "Commentaires généraux",
            [
                "Document final",
                "Un document clair, que le Burkina Faso diffusera à ses partenaires nationaux.",
                "",
            ],
        ),
        (
            "Actions",
            [
                None,
                "Créer une liste de discussion des points focaux CHM\nanimée par le CHM belge",
            ],
        ),
    ),
}

MATRIX = SOURCE / "matrice-des-commentaires.xlsx"

#: The organiser's decision on each comment (found by its first words), and
#: the response sent back to the reviewer.
DECISIONS = {
    "Une formation en Afrique": ("acceptée", "Une formation à Dakar est prévue en 2008."),
    "Décembre 2008 est trop": ("acceptée", "Échéance reportée à juin 2009."),
    "L'outil doit fonctionner": ("acceptée", "Ajouté au titre de l'action."),
    "Le Sénégal se propose": ("notée", "Le Sénégal parrainera le premier nouveau CHM."),
    "Les pays partenaires devraient": (
        "acceptée",
        "La présentation se fera avec les pays partenaires.",
    ),
    "Même remarque": ("acceptée", "Voir la réponse au Burkina Faso."),
    "Ajouter la téléphonie": ("partiellement", "Mentionnée dans les résultats du groupe 1."),
    "Les conclusions ne disent": (
        "acceptée",
        "Les conclusions nomment désormais qui suit le plan d'action.",
    ),
    "Un document clair": ("notée", ""),
    "Créer une liste de discussion": (
        "rejetée",
        "Le forum du site du CHM belge joue ce rôle ; une liste de plus disperserait les échanges.",
    ),
}


def make_matrix() -> None:
    """The comment matrix of the three workbooks, with the organiser's decisions."""
    from chmdocs.app import api

    result = api.review(sorted(REVIEWS.glob("*.xlsx")), SOURCE)
    MATRIX.write_bytes(api.comment_matrix(result, MATRIX))
    book = load_workbook(MATRIX)
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    comment, decision = headings.index("Commentaire") + 1, headings.index("Décision") + 1
    item = headings.index("Élément") + 1  # a new proposal's text
    for row in range(2, sheet.max_row + 1):
        text = str(sheet.cell(row, comment).value or sheet.cell(row, item).value or "")
        for start, (taken, response) in DECISIONS.items():
            if text.startswith(start):
                sheet.cell(row, decision).value = taken
                sheet.cell(row, decision + 1).value = response
    book.save(MATRIX)
    print(MATRIX)


def main() -> None:
    from chmdocs.app.api import load_with_sections

    REVIEWS.mkdir(exist_ok=True)
    # The draft's objects, and the sections of the final document they were
    # reviewed in (a chmdocs.json holds no sections).
    _, sections = load_with_sections(SOURCE)
    blank = write_workbook(load(DRAFT), sections=sections)
    for name, (reviewer, answers) in REVIEWS_BY.items():
        path = REVIEWS / f"avis-{name}.xlsx"
        path.write_bytes(blank)
        fill(
            path,
            reviewer,
            answers,
            reorder=name == "rakotomalala",
            added=ADDED_BY.get(name, ()),
        )
        if name == "rakotomalala":
            resave_with_libreoffice(path)
        print(path)


if __name__ == "__main__":
    import sys

    # "matrix": the comment matrix alone, from the workbooks already there.
    make_matrix() if sys.argv[1:] == ["matrix"] else (main(), make_matrix())
