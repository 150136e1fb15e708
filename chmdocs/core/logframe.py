"""The logical framework of the EC Project Cycle Management guidelines, from
the model: the rows of the matrix and its budget, shared by the ``logframe``
view and ``logframe.xlsx``.

Rows: the overall objective (the workshop's ``:goal:``), each specific
objective (the objectives), and under each the activities serving it (the
actions), then the objective's subtotal; last the overall total. Columns:
intervention logic, objectively verifiable indicators, sources of
verification, assumptions; for an activity the means stand with its
indicators and the cost with its sources, as the guidelines lay them out.

The budget adds up, as a donor checks it:

- a ``dropped`` action is left out of the rows and the totals (the matrix
  says how many were left out);
- an action serving several objectives is costed under the first and
  listed under the others with a reference to where it is costed, so the
  subtotals add up to the total;
- with a reporting currency (``chmdocs_currency``) and exchange rates
  (``chmdocs_exchange_rates``), every subtotal and total is also given in
  the reporting currency; a currency with no rate is named, never summed
  into a mixed total.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from chmdocs.core.language import locale_name
from chmdocs.core.messages import N_
from chmdocs.core.model import Action, Cost, ModelObject, Objective, Workshop

HEADERS = (
    N_("Intervention logic"),
    N_("Objectively verifiable indicators"),
    N_("Sources of verification"),
    N_("Assumptions"),
)
#: The notes under the matrix, in the view and the workbook alike.
EXCHANGE_RATES = N_("Exchange rates")
NOT_CONVERTED = N_("Totals not converted, no exchange rate for")
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
    level: str  # "goal", "objective", "activity", "subtotal" or "total"
    number: str  # "2", "2.1"; the objective's number on its subtotal; "" for the goal and total
    item: ModelObject | None
    title: str
    cells: tuple[Cell, Cell, Cell]  # indicators, sources, assumptions
    #: An activity's cost where it is costed; a subtotal's or the total's
    #: sums, one per currency.
    costs: tuple[Cost, ...] = ()
    #: An activity listed again under a further objective: the number of the
    #: row where its cost is counted ("1.2").
    costed_under: str = ""
    #: The costs in the reporting currency, when every one of them has a rate.
    reporting: Cost | None = None

    @property
    def is_sum(self) -> bool:
        return self.level in ("subtotal", "total")


CENT = decimal.Decimal("0.01")


@dataclass(frozen=True)
class Budget:
    """The reporting currency and the exchange rates of a project."""

    currency: str = ""
    #: Units of each currency for one unit of the reporting currency.
    rates: dict[str, decimal.Decimal] = field(default_factory=dict)

    @classmethod
    def of(cls, workshop: Workshop) -> Budget:
        return cls(workshop.currency, dict(workshop.exchange_rates))

    def rate(self, currency: str) -> decimal.Decimal | None:
        if currency == self.currency:
            return decimal.Decimal(1)
        return self.rates.get(currency)

    def convert(self, costs: Iterable[Cost]) -> Cost | None:
        """The sum of ``costs`` in the reporting currency, each rounded to the
        cent first (as the workbook's formulas do, so sums agree), or None
        without a reporting currency or when a currency has no rate."""
        if not self.currency:
            return None
        total = decimal.Decimal(0)
        for cost in costs:
            rate = self.rate(cost.currency)
            if rate is None or rate <= 0:
                return None
            total += (cost.amount / rate).quantize(CENT, decimal.ROUND_HALF_UP)
        return Cost(total, self.currency)


@dataclass(frozen=True)
class Logframe:
    rows: tuple[Row, ...]
    #: Actions left out of the rows and totals: dropped.
    dropped: tuple[Action, ...]
    budget: Budget
    #: Every currency the activities are costed in, in the order met.
    currencies: tuple[str, ...]

    @property
    def missing_rates(self) -> tuple[str, ...]:
        """Currencies the totals cannot be converted from: with a reporting
        currency, those with no rate; without one, every currency when there
        are several (their totals stay apart)."""
        if self.budget.currency:
            return tuple(c for c in self.currencies if self.budget.rate(c) is None)
        return self.currencies if len(self.currencies) > 1 else ()

    @property
    def rates_used(self) -> tuple[tuple[str, decimal.Decimal], ...]:
        """The rates the totals were converted with, to print under the matrix."""
        if not self.budget.currency:
            return ()
        return tuple(
            (c, self.budget.rates[c])
            for c in self.currencies
            if c != self.budget.currency and c in self.budget.rates
        )


def lines(values: Iterable[str], label: str | None = None) -> Cell:
    return tuple((label, value) for value in values if value)


def serving(workshop: Workshop, objective: Objective) -> list[Action]:
    """The actions in the budget that serve ``objective`` (dropped ones left out)."""
    return [a for a in workshop.actions if objective.id in a.objectives and a.status != "dropped"]


def totals(costs: Iterable[Cost | None]) -> tuple[Cost, ...]:
    """The sum of ``costs`` per currency, in the order the currencies come."""
    sums: dict[str, decimal.Decimal] = {}
    for cost in costs:
        if cost is not None:
            sums[cost.currency] = sums.get(cost.currency, decimal.Decimal(0)) + cost.amount
    return tuple(Cost(amount, currency) for currency, amount in sums.items())


def logframe(workshop: Workshop) -> Logframe:
    """The matrix of ``workshop`` and its budget."""
    budget = Budget.of(workshop)
    rows = [Row("goal", "", workshop, workshop.goal, ((), (), ()))]
    #: Each costed action's row number, where its cost is counted.
    costed: dict[str, str] = {}
    counted: list[Cost] = []
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
        here: list[Cost] = []
        for index, action in enumerate(serving(workshop, objective), start=1):
            means = lines([action.means], N_("Means")) + lines(action.indicators)
            cells = (means, lines(action.verification), lines(action.assumptions))
            row_number = f"{number}.{index}"
            # Costed here the first time it is met; referred to after that.
            own: tuple[Cost, ...] = ()
            if action.cost is not None and action.id not in costed:
                costed[action.id] = row_number
                here.append(action.cost)
                own = (action.cost,)
            rows.append(
                Row(
                    "activity",
                    row_number,
                    action,
                    action.title,
                    cells,
                    own,
                    costed_under="" if own else costed.get(action.id, ""),
                    reporting=budget.convert(own) if own else None,
                )
            )
        if here:
            counted += here
            sums = totals(here)
            rows.append(
                Row(
                    "subtotal",
                    str(number),
                    objective,
                    "",
                    ((), (), ()),
                    sums,
                    reporting=budget.convert(here),
                )
            )
    if len(workshop.objectives) > 1 and counted:
        rows.append(
            Row(
                "total",
                "",
                None,
                "",
                ((), (), ()),
                totals(counted),
                reporting=budget.convert(counted),
            )
        )
    dropped = tuple(a for a in workshop.actions if a.status == "dropped")
    currencies = tuple(dict.fromkeys(c.currency for c in counted))
    return Logframe(tuple(rows), dropped, budget, currencies)


def matrix(workshop: Workshop) -> list[Row]:
    """Every row of the matrix, in its order."""
    return list(logframe(workshop).rows)


def money(cost: Cost, language: str | None) -> str:
    """``cost`` in the language's currency format: "12 000,00 €", "€12,000.00"."""
    from babel.numbers import format_currency

    try:
        return str(format_currency(cost.amount, cost.currency, locale=locale_name(language)))
    except (ValueError, LookupError):
        return str(format_currency(cost.amount, cost.currency, locale="en_GB"))


def rate_text(budget: Budget, currency: str, rate: decimal.Decimal, language: str | None) -> str:
    """One exchange rate as printed under the matrix: "1 € = 655,957 F CFA"."""
    from babel import Locale
    from babel.numbers import format_currency, format_decimal, get_currency_symbol

    locale = locale_name(language)
    try:
        whole = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
        one = format_currency(1, budget.currency, whole, locale=locale, currency_digits=False)
        amount = format_decimal(rate, locale=locale, decimal_quantization=False)
        return f"{one} = {amount}\u00a0{get_currency_symbol(currency, locale=locale)}"
    except (ValueError, LookupError):
        return f"1 {budget.currency} = {rate} {currency}"


def notes(frame: Logframe, language: str | None) -> list[tuple[str, str]]:
    """(label, text) of the notes under the matrix: the rates used, the
    currencies left unconverted."""
    found = []
    if frame.rates_used:
        rates = [rate_text(frame.budget, c, r, language) for c, r in frame.rates_used]
        found.append((EXCHANGE_RATES, "; ".join(rates)))
    if frame.missing_rates:
        found.append((NOT_CONVERTED, ", ".join(frame.missing_rates)))
    return found


def dropped_label(ngettext: Callable[[str, str, int], str], count: int) -> str:
    """What stands before the dropped actions' titles, in the reader's language."""
    return (
        ngettext(
            "%d dropped action left out of the matrix and its totals",
            "%d dropped actions left out of the matrix and its totals",
            count,
        )
        % count
    )
