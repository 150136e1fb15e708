"""Synthetic workshop projects for the benchmark, and their plain-Sphinx twins.

A project has PAGES pages, each holding SESSIONS sessions and ACTIONS actions
(one workshop day per page), 20 objectives, an agenda page and a final
document holding the action table. The twin has the same text with no
chmdocs directive: each object is a rubric and a field list, and the view
pages hold a paragraph. Plain Sphinx reading the twin is the reference.

    python bench/generate.py OUT --pages 100 [--sessions 10] [--actions 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

OBJECTIVES = 20
START = dt.date(2030, 1, 7)
LANGUAGE = "fr"


def session_block(page: int, n: int, chmdocs: bool) -> str:
    day = START + dt.timedelta(days=page)
    start = dt.time(8 + n // 2, 30 * (n % 2))
    end = dt.time(8 + (n + 1) // 2, 30 * ((n + 1) % 2))
    fields = {
        "id": f"p{page}-s{n}",
        "date": day.isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "kind": "presentation" if n % 3 else "discussion",
        "speaker": f"Intervenant {n}",
        "objectives": f"obj-{(page + n) % OBJECTIVES}",
    }
    title = f"Séance {n} de la page {page} : état des réseaux nationaux"
    body = "   Les participants présentent leurs résultats et en discutent ensemble."
    return block("session", title, fields, body, chmdocs)


def action_block(page: int, n: int, chmdocs: bool) -> str:
    fields = {
        "id": f"p{page}-a{n}",
        "session": f"p{page}-s{n}",
        "objectives": f"obj-{(page * 3 + n) % OBJECTIVES}",
        "owner": f"Point focal {n % 7}",
        "partners": "CHM belge; DGCD",
        "due": f"{2031 + n % 4}-{1 + (page + n) % 12:02d}",
        "priority": ("high", "medium", "low")[n % 3],
        "status": ("proposed", "agreed", "in-progress")[page % 3],
    }
    title = f"Action {n} de la page {page} : renforcer le réseau de correspondants"
    body = "   Cette action prolonge les conclusions de la séance."
    return block("action", title, fields, body, chmdocs)


def block(directive: str, title: str, fields: dict[str, str], body: str, chmdocs: bool) -> str:
    if chmdocs:
        options = "".join(f"   :{k}: {v}\n" for k, v in fields.items())
        return f".. {directive}:: {title}\n{options}\n{body}\n"
    # The same words for plain Sphinx: a rubric, a field list, the description.
    items = "".join(f":{k}: {v}\n" for k, v in fields.items())
    return f".. rubric:: {title}\n\n{items}\n{body.strip()}\n"


def heading(text: str, underline: str = "=") -> str:
    return f"{text}\n{underline * len(text)}\n\n"


def generate(out: Path, pages: int, sessions: int, actions: int, chmdocs: bool) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    conf = [f'language = "{LANGUAGE}"', 'project = "Bench"', 'exclude_patterns = ["_build"]']
    if chmdocs:
        conf += ['extensions = ["chmdocs"]', 'chmdocs_documents = ["agenda", "final-document"]']
    else:
        # Plain rst2pdf typesets the whole text: every session and action once.
        conf += [
            'extensions = ["rst2pdf.pdfbuilder"]',
            'pdf_documents = [("index", "bench", "Bench", "")]',
            "pdf_use_index = False",
        ]
    (out / "conf.py").write_text("\n".join(conf) + "\n")
    names = [f"page-{n:04d}" for n in range(pages)]
    toctree = "".join(f"   {name}\n" for name in ["objectives", *names, "agenda", "final-document"])
    (out / "index.rst").write_text(heading("Bench") + f".. toctree::\n   :maxdepth: 1\n\n{toctree}")
    last = START + dt.timedelta(days=max(pages - 1, 0))
    workshop = block(
        "workshop",
        "Atelier de synthèse du réseau CHM",
        {
            "id": "bench",
            "start": START.isoformat(),
            "end": last.isoformat(),
            "location": "Bruxelles",
        },
        "   Un atelier long, pour mesurer.",
        chmdocs,
    )
    objectives = "".join(
        block(
            "objective",
            f"Objectif {n} : renforcer le CHM",
            {"id": f"obj-{n}"},
            "   Pourquoi.",
            chmdocs,
        )
        + "\n"
        for n in range(OBJECTIVES)
    )
    (out / "objectives.rst").write_text(heading("Objectifs") + workshop + "\n" + objectives)
    for page, name in enumerate(names):
        text = heading(f"Page {page}")
        text += "Le compte rendu de cette journée, séance par séance, puis les actions.\n\n"
        text += "".join(session_block(page, n, chmdocs) + "\n" for n in range(sessions))
        text += "".join(action_block(page, n, chmdocs) + "\n" for n in range(actions))
        (out / f"{name}.rst").write_text(text)
    views = {"agenda": ".. agenda::\n", "final-document": ".. action-table::\n   :sort: due\n"}
    for name, view in views.items():
        body = view if chmdocs else "La vue de tout le modèle se trouverait ici.\n"
        (out / f"{name}.rst").write_text(":status: draft\n\n" + heading(name.title()) + body)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--actions", type=int, default=10)
    args = parser.parse_args()
    generate(args.out / "chmdocs", args.pages, args.sessions, args.actions, chmdocs=True)
    generate(args.out / "plain", args.pages, args.sessions, args.actions, chmdocs=False)
    print(f"wrote {args.out}/chmdocs and {args.out}/plain")


if __name__ == "__main__":
    main()
