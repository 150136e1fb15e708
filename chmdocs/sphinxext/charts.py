"""Pictures drawn with ReportLab's own graphics (a dependency already, through
rst2pdf): one drawing, vector in the PDF and SVG in the HTML. No Sphinx import.

A chart is described by plain data (a :class:`Timeline`), picklable and kept
in the doctree; :func:`draw` makes the ReportLab ``Drawing`` when a builder
writes it. Colours are told apart by colour-blind readers (Okabe and Ito's
palette) and in grey print (each status has its own lightness, a dropped
action a dashed outline), and a legend names them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Fill, outline and dash of each status's bar.
STATUS_STYLE: dict[str, tuple[str, str, tuple[int, ...] | None]] = {
    "proposed": ("#f2f2f2", "#6b6b6b", None),
    "agreed": ("#a6d8f5", "#1f5f80", None),
    "in-progress": ("#e69f00", "#7a5500", None),
    "done": ("#006e50", "#003d2c", None),
    "dropped": ("#ffffff", "#6b6b6b", (2, 2)),
}
LATE = "#b3002d"


@dataclass(frozen=True)
class Bar:
    label: str
    start: dt.date
    end: dt.date
    status: str
    percent: int | None = None
    late: bool = False


@dataclass(frozen=True)
class Timeline:
    """Bars grouped under headings, a line at ``as_of``, a legend; the words
    (headings, status names, "late", the date) already in the document's language."""

    groups: tuple[tuple[str, tuple[Bar, ...]], ...]
    as_of: dt.date
    as_of_label: str
    legend: tuple[tuple[str, str], ...]  # (status, its name)
    late_label: str
    width: float = 480.0


@dataclass(frozen=True)
class Bars:
    """Counts as horizontal bars, each with its label and its number."""

    items: tuple[tuple[str, int], ...]
    width: float = 420.0


ROW = 14.0
HEADING = 16.0
LABEL_SHARE = 0.36
FONT = "Helvetica"
BOLD = "Helvetica-Bold"


def _years(first: dt.date, last: dt.date) -> list[dt.date]:
    return [dt.date(year, 1, 1) for year in range(first.year, last.year + 2)]


def _fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """``text`` cut with "…" to fit ``width`` points in ``font`` (labels never
    overlap bars, headings never leave the picture)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw(chart: Timeline | Bars) -> Any:
    """The chart as a ReportLab ``Drawing``."""
    return draw_bars(chart) if isinstance(chart, Bars) else draw_timeline(chart)


def draw_bars(chart: Bars) -> Any:
    """Counts: a label, a bar as long as its share of the largest, the number."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    height = ROW * len(chart.items) + 4
    drawing = Drawing(chart.width, height)
    left = chart.width * 0.42
    right = chart.width - 28
    largest = max((count for _label, count in chart.items), default=0) or 1
    y = height - 2
    for label, count in chart.items:
        y -= ROW
        drawing.add(String(2, y + 3.5, _fit(label, left - 8, 8), fontName=FONT, fontSize=8))
        length = (right - left) * count / largest
        if count:
            drawing.add(
                Rect(
                    left,
                    y + 2,
                    length,
                    ROW - 5,
                    fillColor=colors.HexColor("#1f5f80"),
                    strokeWidth=0,
                    strokeColor=None,
                )
            )
        drawing.add(String(left + length + 4, y + 3.5, str(count), fontName=BOLD, fontSize=8))
    return drawing


def draw_timeline(timeline: Timeline) -> Any:
    """The timeline as a ReportLab ``Drawing``."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    bars = [bar for _heading, group in timeline.groups for bar in group]
    height = 28 + sum(HEADING + ROW * len(g) for _h, g in timeline.groups) + 22
    drawing = Drawing(timeline.width, height)
    if not bars:
        return drawing
    left = timeline.width * LABEL_SHARE
    right = timeline.width - 6
    first = min(min(b.start for b in bars), timeline.as_of)
    last = max(max(b.end for b in bars), timeline.as_of)
    ticks = _years(first, last)
    span_start, span_end = ticks[0], ticks[-1]
    days = max((span_end - span_start).days, 1)

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - span_start).days / days

    top = height - 24
    # The years, and a light rule for each.
    for tick in ticks:
        drawing.add(
            Line(
                x(tick),
                22,
                x(tick),
                top + 4,
                strokeColor=colors.HexColor("#c8c8c8"),
                strokeWidth=0.4,
            )
        )
        if tick < span_end:
            middle = x(tick) + (x(dt.date(tick.year + 1, 1, 1)) - x(tick)) / 2
            drawing.add(
                String(
                    middle, top + 8, str(tick.year), fontName=BOLD, fontSize=8, textAnchor="middle"
                )
            )
    y = top
    headings: list[tuple[float, str]] = []  # drawn last, over the rules and the date's line
    for heading, group in timeline.groups:
        y -= HEADING
        headings.append((y, _fit(heading, timeline.width - 4, 8.5, BOLD)))
        for bar in group:
            y -= ROW
            fill, stroke, dash = STATUS_STYLE.get(bar.status, STATUS_STYLE["proposed"])
            label = bar.label + (f" ({timeline.late_label})" if bar.late else "")
            drawing.add(
                String(
                    8,
                    y + 3.5,
                    _fit(label, left - 14, 7.5),
                    fontName=FONT,
                    fontSize=7.5,
                    fillColor=colors.HexColor(LATE) if bar.late else colors.black,
                )
            )
            start, end = x(bar.start), max(x(bar.end), x(bar.start) + 2)
            drawing.add(
                Rect(
                    start,
                    y + 1.5,
                    end - start,
                    ROW - 4,
                    fillColor=colors.HexColor(fill),
                    strokeColor=colors.HexColor(stroke),
                    strokeWidth=0.6,
                    strokeDashArray=dash,
                )
            )
            if bar.status == "in-progress" and bar.percent:
                done = (end - start) * bar.percent / 100
                drawing.add(
                    Rect(
                        start,
                        y + 1.5,
                        done,
                        ROW - 4,
                        fillColor=colors.HexColor("#7a5500"),
                        strokeWidth=0,
                        strokeColor=None,
                    )
                )
    # The line at the report's date.
    at = x(timeline.as_of)
    drawing.add(
        Line(
            at,
            18,
            at,
            top + 2,
            strokeColor=colors.HexColor(LATE),
            strokeWidth=1.2,
            strokeDashArray=(3, 2),
        )
    )
    drawing.add(
        String(
            at,
            8,
            timeline.as_of_label,
            fontName=BOLD,
            fontSize=7.5,
            fillColor=colors.HexColor(LATE),
            textAnchor="middle",
        )
    )
    for y, heading in headings:
        drawing.add(
            Rect(
                0,
                y + 1,
                stringWidth(heading, BOLD, 8.5) + 4,
                HEADING - 3,
                fillColor=colors.white,
                strokeWidth=0,
                strokeColor=None,
            )
        )
        drawing.add(String(2, y + 4, heading, fontName=BOLD, fontSize=8.5))
    # The legend, at the foot, left.
    legend_x = 2.0
    for status, name in timeline.legend:
        fill, stroke, dash = STATUS_STYLE[status]
        drawing.add(
            Rect(
                legend_x,
                8,
                10,
                7,
                fillColor=colors.HexColor(fill),
                strokeColor=colors.HexColor(stroke),
                strokeWidth=0.6,
                strokeDashArray=dash,
            )
        )
        drawing.add(String(legend_x + 13, 9, name, fontName=FONT, fontSize=7))
        legend_x += 13 + stringWidth(name, FONT, 7) + 10
        if legend_x > at - 60 and legend_x < at + 60:
            legend_x = at + 60  # never under the date's label
    return drawing


def svg(timeline: Timeline | Bars, title: str) -> str:
    """The timeline as an SVG element for a page: a picture with a name for
    screen readers (the same facts stand in a table beside it)."""
    import html

    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(draw(timeline))
    start = text.find("<svg")
    body = text[start:] if start >= 0 else text
    label = html.escape(title, quote=True)
    body = str(body).replace("<title>...</title>", f"<title>{label}</title>", 1)
    body = body.replace("<desc>...</desc>", "", 1)
    # PDF's built-in fonts, as a browser finds them; the picture as wide as the page.
    body = body.replace(
        "font-family: Helvetica-Bold",
        "font-family: Helvetica, Arial, sans-serif; font-weight: bold",
    )
    body = body.replace("font-family: Helvetica;", "font-family: Helvetica, Arial, sans-serif;")
    body = re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg width="100%"', body, count=1)
    return body.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)


def wrap_groups(
    groups: Sequence[tuple[str, Sequence[Bar]]],
) -> tuple[tuple[str, tuple[Bar, ...]], ...]:
    return tuple((heading, tuple(bars)) for heading, bars in groups if bars)
