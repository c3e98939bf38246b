"""The pulse timeline as a stacked bar chart: one bar per minute, understood under confused."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors

from reboot_adapters.pdf._styles import INK, MUTED, RULE

UNDERSTAND = colors.HexColor("#3b8f5e")
CONFUSED = colors.HexColor("#d9603b")
_LEFT, _BOTTOM, _TOP = 46, 36, 28


def pulse_chart(
    timeline: Sequence[tuple[int, int, int]], *, width: float, height: float, font: str
) -> Drawing:
    """Bars for every minute from the first to the last recorded one (quiet minutes show as
    gaps, so the time axis stays true), with Korean axis titles and legend."""
    counts = {minute: (understand, confused) for minute, understand, confused in timeline}
    first, last = min(counts), max(counts)
    minutes = list(range(first, last + 1))
    understood = [counts.get(m, (0, 0))[0] for m in minutes]
    confused = [counts.get(m, (0, 0))[1] for m in minutes]

    drawing = Drawing(width, height)
    # the drawing's starting state would otherwise name Helvetica, which the PDF does not embed
    drawing.initialFontName = font
    chart = VerticalBarChart()
    chart.x, chart.y = _LEFT, _BOTTOM
    chart.width, chart.height = width - _LEFT - 10, height - _BOTTOM - _TOP
    chart.data = [understood, confused]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_tick(m, len(minutes)) for m in minutes]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = MUTED
    chart.categoryAxis.tickDown = 0
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    peak = max((u + c for u, c in zip(understood, confused, strict=True)), default=0)
    step = _value_step(peak)
    chart.valueAxis.valueStep = step
    # a little headroom above the highest bar, ending on a labelled tick
    chart.valueAxis.valueMax = step * (peak // step + 1)
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = UNDERSTAND
    chart.bars[1].fillColor = CONFUSED
    chart.bars.strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 1 if len(minutes) > 60 else 2
    drawing.add(chart)

    drawing.add(
        String(
            _LEFT + chart.width / 2,
            4,
            "경과 시간 (분)",
            fontName=font,
            fontSize=8.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    y_title = Group(
        String(0, 0, "응답 수", fontName=font, fontSize=8.5, fillColor=INK, textAnchor="middle")
    )
    y_title.rotate(90)
    y_title.translate(_BOTTOM + chart.height / 2, -12)
    drawing.add(y_title)
    drawing.add(_legend(font, x=_LEFT, y=height - 8))
    return drawing


def _value_step(peak: int) -> int:
    # whole students on round ticks, at most five of them: 1, 2, 5, 10, 20, 50, ...
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if peak / (factor * magnitude) < 5:
                return factor * magnitude
        magnitude *= 10


def _tick(minute: int, span: int) -> str:
    # a label under every bar is unreadable past ~20 minutes: label round minutes instead
    step = next(s for s in (1, 2, 5, 10, 15, 30, 60, 120, 10**9) if span / s <= 20)
    return str(minute) if minute % step == 0 else ""


def _legend(font: str, *, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.fontName = font
    legend.fontSize = 8.5
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [(UNDERSTAND, "이해했어요"), (CONFUSED, "헷갈려요")]
    legend.strokeColor = None
    legend.dx = legend.dy = 7
    return legend
