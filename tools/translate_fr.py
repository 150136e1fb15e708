"""Fill French translations into chmdocs' catalog, then compile it.

    .venv/bin/python tools/translate_fr.py

Each entry below is a message chmdocs writes and its French; entries the
catalog already translates are left as they are. Run ``make catalogs``
first so the catalog holds every message.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parent.parent / "chmdocs/locale/fr/LC_MESSAGES/chmdocs.po"

FRENCH: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Level": "Niveau",
    "E-mail": "Courriel",
    "Phone": "Téléphone",
    "Published": "Publié",
    "Follow-up report %(year)s": "Rapport de suivi %(year)s",
    "Cost ({currency})": "Coût ({currency})",
    "Cost in the reporting currency ({currency})": "Coût en monnaie de référence ({currency})",
    "Costs counted under activity": "Coûts comptés sous l'activité",
    (
        "%d dropped action left out of the matrix and its totals",
        "%d dropped actions left out of the matrix and its totals",
    ): (
        "%d action abandonnée, hors du cadre logique et de ses totaux",
        "%d actions abandonnées, hors du cadre logique et de ses totaux",
    ),
    "Total in the reporting currency": "Total en monnaie de référence",
    "Exchange rates": "Taux de change",
    "Reporting currency": "Monnaie de référence",
    "Final document": "Document final",
    "General comments": "Commentaires généraux",
    "General comments and new proposals": "Commentaires généraux et nouvelles propositions",
    "Subject": "Objet",
    "Participant": "Participant",
    "Section": "Section",
    "Partners": "Partenaires",
    "accepted": "acceptée",
    "partly": "partiellement",
    "rejected": "rejetée",
    "noted": "notée",
    "Comment matrix": "Matrice des commentaires",
    "New proposal": "Nouvelle proposition",
    "Kind": "Type",
    "Item": "Élément",
    "Reviewer": "Relecteur",
    "Decision": "Décision",
    "Response": "Réponse",
    "Done": "Réalisé",
    "Indicator": "Indicateur",
    "Value": "Valeur",
    "the actions as tasks for your calendar (iCalendar)": (
        "les actions comme tâches pour votre agenda (iCalendar)"
    ),
    "late": "en retard",
    "Last note": "Dernière note",
    "Serving no objective": "Ne servant aucun objectif",
    "No indicator yet.": "Aucun indicateur pour l'instant.",
    "Measures": "Mesures",
    "No action with a due date yet.": "Aucune action avec une échéance pour l'instant.",
    "Situation on": "Situation au",
    "Progress": "Avancement",
    "Measure": "Mesure",
    "Timeline of the actions": "Chronologie des actions",
    "Question": "Question",
    "Type": "Type",
    "Choices": "Choix",
    "Codes": "Codes",
    "Unit": "Unité",
    "Required": "Obligatoire",
    "question": "question",
    "text": "texte",
    "one choice": "un choix",
    "several choices": "plusieurs choix",
    "a number": "un nombre",
    "a date": "une date",
    "a mark from 1 to 5": "une note de 1 à 5",
    "Answer": "Réponse",
    "yes": "oui",
    "no": "non",
    "Respondent": "Répondant",
    "Questions": "Questions",
    "Help": "Aide",
    "Country not given": "Pays non indiqué",
    "No answer yet.": "Aucune réponse pour l'instant.",
    "Respondents": "Répondants",
    "Count": "Nombre",
    "Median": "Médiane",
    ("%d answer", "%d answers"): ("%d réponse", "%d réponses"),
    "Several answers, separated by ;": "Plusieurs réponses, séparées par ;",
    "A number": "Un nombre",
    "A date": "Une date",
    ("Speaker", "Speakers"): ("Intervenant", "Intervenants"),
    ("Chair", "Chairs"): ("Présidence", "Présidence"),
    "Totals not converted, no exchange rate for": "Totaux non convertis, sans taux de change pour",
}


def main() -> None:
    with CATALOG.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if not message.id:
            continue
        french = FRENCH.get(message.id)
        empty = not message.string or (
            isinstance(message.string, tuple) and not all(message.string)
        )
        if french is not None and (empty or message.fuzzy):
            message.string = french
            message.flags.discard("fuzzy")
    with CATALOG.open("wb") as stream:
        write_po(stream, catalog, width=100)
    with CATALOG.with_suffix(".mo").open("wb") as stream:
        write_mo(stream, catalog)


if __name__ == "__main__":
    main()
