"""The logical framework of the EC Project Cycle Management guidelines, from
the model: the rows of the matrix, shared by the ``logframe`` view and
``logframe.xlsx``.

Rows: the overall objective (the workshop's ``:goal:``), each specific
objective (the objectives), and under each the activities serving it (the
actions), then the activities' total cost. Columns: intervention logic,
objectively verifiable indicators, sources of verification, assumptions;
for an activity the means stand with its indicators and the cost with its
sources, as the guidelines lay them out.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass

from chmdocs.messages import N_, locale_name
from chmdocs.model import Action, Cost, ModelObject, Objective, Workshop

HEADERS = (
    N_("Intervention logic"),
    N_("Objectively verifiable indicators"),
    N_("Sources of verification"),
    N_("Assumptions"),
)
LEVEL_LABELS = {
    "goal": N_("Overall objective"),
    "objective": N_("Specific objective"),
    "activity": N_("Activity"),
}

#: A cell: lines, each an optional label (a message, translated where
#: shown) and a text.
Line = tuple[str | None, str]
Cell = tuple[Line, ...]


@dataclass(frozen=True)
class Row:
    level: str  # "goal", "objective", "activity" or "total"
    number: str  # "2", "2.1"; "" for the goal and the totals
    item: ModelObject | None
    title: str
    cells: tuple[Cell, Cell, Cell]  # indicators, sources, assumptions
    #: Shown first in the sources column: an activity's cost; for a total row,
    #: the sum of the activities' costs, per currency.
    costs: tuple[Cost, ...] = ()


def lines(values: Iterable[str], label: str | None = None) -> Cell:
    return tuple((label, value) for value in values if value)


def serving(workshop: Workshop, objective: Objective) -> list[Action]:
    return [a for a in workshop.actions if objective.id in a.objectives]


def totals(costs: Iterable[Cost | None]) -> tuple[Cost, ...]:
    """The sum of ``costs`` per currency, in the order the currencies come."""
    sums: dict[str, decimal.Decimal] = {}
    for cost in costs:
        if cost is not None:
            sums[cost.currency] = sums.get(cost.currency, decimal.Decimal(0)) + cost.amount
    return tuple(Cost(amount, currency) for currency, amount in sums.items())


def matrix(workshop: Workshop) -> list[Row]:
    """Every row of the matrix, in its order."""
    rows = [Row("goal", "", workshop, workshop.goal, ((), (), ()))]
    counted: dict[str, Action] = {}
    for number, objective in enumerate(workshop.objectives, start=1):
        indicators = lines(objective.indicators) + lines([objective.baseline], N_("Baseline"))
        indicators += lines([objective.target], N_("Target"))
        rows.append(
            Row(
                "objective",
                str(number),
                objective,
                objective.title,
                (indicators, lines(objective.verification), lines(objective.assumptions)),
            )
        )
        activities = serving(workshop, objective)
        for index, action in enumerate(activities, start=1):
            counted.setdefault(action.id, action)
            means = lines([action.means], N_("Means")) + lines(action.indicators)
            rows.append(
                Row(
                    "activity",
                    f"{number}.{index}",
                    action,
                    action.title,
                    (means, lines(action.verification), lines(action.assumptions)),
                    (action.cost,) if action.cost else (),
                )
            )
        if any(a.cost for a in activities):
            costs = totals(a.cost for a in activities)
            rows.append(Row("total", str(number), objective, "", ((), (), ()), costs))
    if len(workshop.objectives) > 1 and any(a.cost for a in counted.values()):
        costs = totals(a.cost for a in counted.values())
        rows.append(Row("total", "", None, "", ((), (), ()), costs))
    return rows


def money(cost: Cost, language: str | None) -> str:
    """``cost`` in the language's currency format: "12 000,00 €", "€12,000.00"."""
    from babel.numbers import format_currency

    try:
        return str(format_currency(cost.amount, cost.currency, locale=locale_name(language)))
    except (ValueError, LookupError):
        return str(format_currency(cost.amount, cost.currency, locale="en_GB"))
