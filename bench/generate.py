"""Synthetic workshop projects for the benchmark, and their plain-Sphinx twins.

A project has PAGES pages, each holding SESSIONS sessions and ACTIONS actions
(one workshop day per page), 20 objectives, an agenda page and a final
document holding the action table. Three flavours of the same text:

- ``chmdocs``: the objects as chmdocs directives, the views as views;
- ``plain``: no directive, each object a rubric and a field list, the view
  pages a paragraph (plain Sphinx reading it is the reference);
- ``needs``: the objects as sphinx-needs needs (types workshop, objective,
  session, action, their fields as extra options), the two views as
  needtables, for comparison with sphinx-needs.

    python bench/generate.py OUT --pages 100 [--sessions 10] [--actions 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

OBJECTIVES = 20
START = dt.date(2030, 1, 7)
LANGUAGE = "fr"


FLAVOURS = ("chmdocs", "plain", "needs")
#: The needs' fields beyond the core ones (sphinx-needs' needs_fields).
NEEDS_FIELDS = (
    "date", "start", "end", "kind", "speaker", "objectives", "session", "owner",
    "partners", "due", "priority", "location",
)  # fmt: skip


def session_block(page: int, n: int, flavour: str) -> str:
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
    return block("session", title, fields, body, flavour)


def action_block(page: int, n: int, flavour: str) -> str:
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
    return block("action", title, fields, body, flavour)


def block(directive: str, title: str, fields: dict[str, str], body: str, flavour: str) -> str:
    if flavour == "needs":
        # sphinx-needs' status takes any word; its ids are the same.
        options = "".join(f"   :{k}: {v}\n" for k, v in fields.items())
        return f".. {directive}:: {title}\n{options}\n{body}\n"
    if flavour == "chmdocs":
        options = "".join(f"   :{k}: {v}\n" for k, v in fields.items())
        return f".. {directive}:: {title}\n{options}\n{body}\n"
    # The same words for plain Sphinx: a rubric, a field list, the description.
    items = "".join(f":{k}: {v}\n" for k, v in fields.items())
    return f".. rubric:: {title}\n\n{items}\n{body.strip()}\n"


def heading(text: str, underline: str = "=") -> str:
    return f"{text}\n{underline * len(text)}\n\n"


def generate(out: Path, pages: int, sessions: int, actions: int, flavour: str) -> Path:
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour {flavour!r}: one of {', '.join(FLAVOURS)}")
    out.mkdir(parents=True, exist_ok=True)
    conf = [f'language = "{LANGUAGE}"', 'project = "Bench"', 'exclude_patterns = ["_build"]']
    if flavour == "chmdocs":
        conf += ['extensions = ["chmdocs"]', 'chmdocs_documents = ["agenda", "final-document"]']
    elif flavour == "needs":
        types = [
            {"directive": kind, "title": kind.title(), "prefix": f"{kind[0].upper()}_"}
            for kind in ("workshop", "objective", "session", "action")
        ]
        conf += [
            'extensions = ["sphinx_needs"]',
            f"needs_types = {types!r}",
            f"needs_fields = { ({k: {'nullable': True} for k in NEEDS_FIELDS})!r}",
            'needs_id_regex = ".*"',
        ]
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
        flavour,
    )
    objectives = "".join(
        block(
            "objective",
            f"Objectif {n} : renforcer le CHM",
            {"id": f"obj-{n}"},
            "   Pourquoi.",
            flavour,
        )
        + "\n"
        for n in range(OBJECTIVES)
    )
    (out / "objectives.rst").write_text(heading("Objectifs") + workshop + "\n" + objectives)
    for page, name in enumerate(names):
        text = heading(f"Page {page}")
        text += "Le compte rendu de cette journée, séance par séance, puis les actions.\n\n"
        text += "".join(session_block(page, n, flavour) + "\n" for n in range(sessions))
        text += "".join(action_block(page, n, flavour) + "\n" for n in range(actions))
        (out / f"{name}.rst").write_text(text)
    views = {
        "chmdocs": {
            "agenda": ".. agenda::\n",
            "final-document": ".. action-table::\n   :sort: due\n",
        },
        "needs": {
            "agenda": ".. needtable::\n   :types: session\n"
            "   :columns: id;title;date;start;end;speaker\n   :sort: date\n",
            "final-document": ".. needtable::\n   :types: action\n"
            "   :columns: id;title;objectives;owner;due;priority;status\n   :sort: due\n",
        },
    }.get(flavour, {})
    for name in ("agenda", "final-document"):
        body = views.get(name, "La vue de tout le modèle se trouverait ici.\n")
        (out / f"{name}.rst").write_text(":status: draft\n\n" + heading(name.title()) + body)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--actions", type=int, default=10)
    args = parser.parse_args()
    for flavour in FLAVOURS:
        generate(args.out / flavour, args.pages, args.sessions, args.actions, flavour)
    print(f"wrote {', '.join(str(args.out / f) for f in FLAVOURS)}")


if __name__ == "__main__":
    main()
