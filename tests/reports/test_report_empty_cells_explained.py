"""A board member never meets an unexplained blank: a missing trend says why, and a chart
whose area is hidden in every year says so under the chart."""

from __future__ import annotations

from dataclasses import dataclass

from bosocdata.presentation.queries import Cell
from bosocdata.presentation.queries import Indicator as IndicatorInfo
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.reports.content import series_chart, trend_of

DA = Vocabulary("da")


def cell(area_id: str, period: int, value: float | None, *, unit: str = "pct",
         trend: str | None = None, suppressed: bool = False) -> Cell:  # fmt: skip
    return Cell(area_id, period, "x", unit, None, None, value, None, None, None, None,
                suppressed, "up_is_worse", trend)  # fmt: skip


def test_a_missing_trend_says_why() -> None:
    # the statistics stage tests no trend of a ratio (domme's criterion), and none below
    # three years; a hidden cell shows nothing, as its value
    assert trend_of(cell("a", 2024, 1.9, unit="ratio"), "up_is_worse", DA)[2] == (
        "testes ikke (et forhold til landsniveauet)"
    )
    assert trend_of(cell("a", 2024, 12.0), "up_is_worse", DA)[2] == "for få år"
    assert trend_of(cell("a", 2024, None, suppressed=True), "up_is_worse", DA)[2] == ""


@dataclass
class TwoAreas:
    """The two lookups a chart makes of the published zone."""

    cells: dict[tuple[str, int], Cell]
    periods: tuple[int, ...] = (2022, 2023, 2024)

    def cell(self, area_id: str, indicator_id: str, period: int) -> Cell | None:
        return self.cells.get((area_id, period))


INDICATOR = IndicatorInfo("x", "Brandudrykninger", "Fire call-outs", None, None, "pct",
                          "up_is_worse", "safety", None)  # fmt: skip


def test_a_chart_whose_area_is_hidden_every_year_says_so() -> None:
    kommune = {("__all__", p): cell("__all__", p, 5.0) for p in (2022, 2023, 2024)}
    hidden = {("a", p): cell("a", p, None, suppressed=True) for p in (2022, 2023, 2024)}
    chart = series_chart(TwoAreas({**kommune, **hidden}), INDICATOR, "a", 2024, DA)  # type: ignore[arg-type]
    assert chart is not None
    assert "skjult af hensyn til diskretion i alle årene" in chart.note
    shown = {**hidden, ("a", 2023): cell("a", 2023, 4.0)}
    chart = series_chart(TwoAreas({**kommune, **shown}), INDICATOR, "a", 2024, DA)  # type: ignore[arg-type]
    assert chart is not None and chart.note == ""
