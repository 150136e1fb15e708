"""Make the Brussels workshop's national answers to the preparation
questionnaire (source/reponses/): four workbooks filled as the countries'
focal points would, and one export of KoboToolbox (CSV as Excel writes it in
French locales: ";" separators, a byte-order mark, group prefixes in the
column names, choice codes). Run from the repository:

    .venv/bin/python tools/seed_answers.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from chmdocs.app import api

SOURCE = Path(__file__).resolve().parent.parent / "source"
ANSWERS = SOURCE / "reponses"

#: Per country: the respondent (name, organization, country, participant id),
#: then each answer as typed in the workbook.
WORKBOOKS = {
    "senegal": (
        ("Mme Aminata Diallo", "Direction de l'environnement", "Sénégal", "p-diallo"),
        {
            "q-sites": 4,
            "q-mise-a-jour": "2007-03-15",
            "q-appreciation": 4,
            "q-outil": "Outil fourni par le CHM belge",
            "q-correspondants": 6,
            "q-difficultes": "Financement; Manque de reconnaissance institutionnelle",
            "q-reussite": "Le réseau des parcs nationaux publie lui-même ses fiches d'espèces.",
            "q-besoins": "Former les webmestres; héberger le site au pays; traduire les contenus",
            "q-formation": "Oui",
            "q-pistes": "Un parrainage entre pays d'Afrique de l'Ouest.",
        },
    ),
    "burkina-faso": (
        ("M. Issa Ouédraogo", "Secrétariat permanent du CONEDD", "Burkina Faso", "p-ouedraogo"),
        {
            "q-sites": 2,
            "q-mise-a-jour": "02/02/2007",  # as French Excel shows a date
            "q-appreciation": 5,
            "q-outil": "outil-belge",
            "q-correspondants": 3,
            "q-difficultes": "Instabilité du personnel; Connexion à Internet",
            "q-besoins": "Une connexion stable; du personnel formé; du matériel",
            "q-formation": "À discuter",
            "q-pistes": "Présenter les conclusions à SBSTTA-12 avec les pays partenaires.",
        },
    ),
    "madagascar": (
        ("Mme Voahangy Rakotomalala", "Ministère de l'environnement et des forêts", "MG", ""),
        {
            "q-sites": 3,
            "q-mise-a-jour": "2006-11-30",
            "q-appreciation": 4,
            "q-outil": "Un autre système de gestion de contenu",
            "q-correspondants": 5,
            "q-difficultes": "Connexion à Internet",
            "q-reussite": "Un concours photo a réuni 40 contributeurs en 2006.",
            "q-besoins": "Outil utilisable avec une connexion lente; formation; visibilité",
            "q-formation": "Non",
        },
    ),
    "benin": (
        ("Mme Rachelle Houngbo", "Centre national de gestion des réserves de faune", "Bénin",
         "p-houngbo"),
        {
            "q-sites": 1,
            "q-mise-a-jour": "2007-01-10",
            "q-appreciation": 3,
            "q-outil": "Outil fourni par le CHM belge",
            "q-correspondants": 2,
            "q-difficultes": "Instabilité du personnel; Financement",
            "q-besoins": "Un réseau de correspondants; un budget; une formation",
            "q-formation": "Oui",
            "q-pistes": "Un réseau national de correspondants reconnu par le ministère.",
        },
    ),
}  # fmt: skip

#: Two submissions made on a phone with KoboToolbox, as its export writes them.
KOBO_HEADER = [
    "start", "end", "respondent/respondent_name", "respondent/respondent_organization",
    "respondent/respondent_country", "section_1/q-sites", "section_1/q-mise-a-jour",
    "section_1/q-appreciation", "section_1/q-outil", "section_5/q-correspondants",
    "section_5/q-difficultes", "section_5/q-reussite", "section_8/q-besoins",
    "section_8/q-formation", "section_8/q-pistes", "_id", "_uuid", "_submission_time",
    "_validation_status", "_index",
]  # fmt: skip
KOBO_ROWS = [
    ["2007-04-12T09:12:00", "2007-04-12T09:40:00", "M. Jean-Marie Ndayishimiye",
     "Institut national pour l'environnement et la conservation de la nature", "Burundi", "1",
     "2007-02-20", "4", "outil-belge", "2", "personnel connexion", "",
     "Formation; connexion; matériel", "oui", "Un site régional pour l'Afrique centrale.", "101",
     "0b6c1f5e-7f3a-4c55-9a55-1b2c3d4e5f60", "2007-04-12T09:41:00", "", "1"],
    ["2007-04-15T14:02:00", "2007-04-15T14:31:00", "M. Emmanuel Ngono",
     "Ministère de l'environnement et de la protection de la nature", "Cameroun", "3",
     "2007-04-01", "3", "cms", "4", "financement reconnaissance",
     "Les universités publient leurs inventaires sur le CHM.",
     "Reconnaissance officielle; budget; formation", "a-discuter", "", "102",
     "3f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "2007-04-15T14:32:00", "", "2"],
]  # fmt: skip


def main() -> None:
    ANSWERS.mkdir(exist_ok=True)
    blank = api.export(SOURCE, "questionnaire")
    for name, (respondent, answers) in WORKBOOKS.items():
        path = ANSWERS / f"reponses-{name}.xlsx"
        path.write_bytes(blank)
        book = load_workbook(path)
        front = book.worksheets[0]
        for row, value in enumerate(respondent, start=1):
            front.cell(row, 2).value = value or None
        sheet = book.worksheets[1]
        headings = [c.value for c in sheet[1]]
        column = headings.index("Réponse") + 1
        for row in range(2, sheet.max_row + 1):
            ident = sheet.cell(row, 1).value
            if ident in answers:
                sheet.cell(row, column).value = answers[ident]
        book.save(path)
        print(path)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(KOBO_HEADER)
    writer.writerows(KOBO_ROWS)
    path = ANSWERS / "kobo-export.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    print(path)


if __name__ == "__main__":
    main()
