"""From published cells to what a report page shows: formatted text, colours, charts.

Numbers are written as a Danish reader expects them (`1.234,5`), with the same rules
as the web application (`bosocdata.presentation.numbers`), so a figure reads the same on the
screen and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from bosocdata.presentation.cells import COMPARISONS, danish_sort_key, trend_arrow
from bosocdata.presentation.cells import area_name as shown_area_name
from bosocdata.presentation.charts.series import SeriesPoint, series_svg
from bosocdata.presentation.charts.spine import spine_svg
from bosocdata.presentation.featured import yearly_report_indicators
from bosocdata.presentation.numbers import (
    MISSING,
    format_count,
    format_interval,
    format_moment,
    format_value,
)
from bosocdata.presentation.queries import (
    ALL_ID,
    RESIDENTS_INDICATOR,
    REST_ID,
    Cell,
)
from bosocdata.presentation.queries import Indicator as IndicatorInfo
from bosocdata.presentation.read_model import Published
from bosocdata.presentation.vocabulary import THEME_ORDER, Vocabulary
from bosocdata.reports.tables import ShownTable, shown_tables

# The indicators of the yearly overview are `featured.yearly_report` of the assessment
# configuration (the ones a board asks about first); the rest are on each area's page.
MAIN_INDICATORS_AT_LEAST = 3
MAIN_INDICATORS_AT_MOST = 6


@dataclass(frozen=True)
class IndicatorRow:
    indicator_id: str
    name: str
    unit: str
    value: str
    municipality: str
    interval: str
    comparison: str  # better / similar / worse / none / benchmark / suppressed
    comparison_label: str
    trend_arrow: str
    trend_class: str  # improving / worsening / no_change / ""
    trend_label: str
    suppressed: bool
    spine: Markup


@dataclass(frozen=True)
class ThemeGroup:
    title: str
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    svg: Markup
    note: str = ""  # e.g. that the area's own line is hidden in every year


@dataclass
class AreaPage:
    area_id: str
    name: str
    housing_organisation: str | None
    district: str | None
    year: int
    residents: str
    groups: list[ThemeGroup] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[ShownTable] = field(default_factory=list)

    @property
    def has_suppressed(self) -> bool:
        return any(r.suppressed for g in self.groups for r in g.rows)


@dataclass(frozen=True)
class OverviewCell:
    text: str
    comparison: str


@dataclass(frozen=True)
class OverviewRow:
    area_id: str
    name: str
    residents: str
    cells: list[OverviewCell]


@dataclass(frozen=True)
class Overview:
    year: int
    headers: list[tuple[str, str]]  # (name, unit)
    rows: list[OverviewRow]
    tables: list[ShownTable]


@dataclass(frozen=True)
class Frame:
    """What every page of a report shares: language, footer, disclosure threshold."""

    lang: str
    data_date: str
    suppression_k: str


def area_name(published: Published, area_id: str, labels: Vocabulary) -> str:
    return shown_area_name(area_id, published.areas, labels)


def ordered_housing_areas(published: Published) -> list[str]:
    return sorted(
        published.housing_area_ids(), key=lambda a: danish_sort_key(published.areas[a].name or a)
    )


def make_frame(published: Published, labels: Vocabulary) -> Frame:
    return Frame(
        lang=labels.language,
        data_date=format_date(published.meta.get("computed_at"), labels),
        suppression_k=published.meta.get("suppression_k") or "5",
    )


def format_date(text: str | None, labels: Vocabulary) -> str:
    """`2025-01-15 10:00:00` -> `15. januar 2025` (or `15 January 2025`): the day in
    Danish time, as the web pages' footer shows it (numbers.format_moment)."""
    return format_moment(text, labels.language, labels("months").split(), with_time=False)


def residents(published: Published, area_id: str, year: int, lang: str) -> str:
    cell = published.cell(area_id, RESIDENTS_INDICATOR, year)
    return format_count(None if cell is None else cell.denominator, lang)


def ordered_indicators(published: Published, labels: Vocabulary) -> list[IndicatorInfo]:
    """By theme (in THEME_ORDER, unknown themes after), then by name."""

    def key(ind: IndicatorInfo) -> tuple[int, str]:
        rank = THEME_ORDER.index(ind.theme) if ind.theme in THEME_ORDER else len(THEME_ORDER)
        return rank, danish_sort_key(ind.name(labels.language))

    return sorted(published.indicators.values(), key=key)


def area_page(
    published: Published, area_id: str, year: int, labels: Vocabulary, *, compact: bool = False
) -> AreaPage:
    """One area's page. `compact` (the yearly report's pages): the table with the trend
    in words, without the spine and the trend charts, so that the yearly report of every
    area stays a few pages per area and renders in seconds (docs/reference/benchmarks.md).
    """
    area = published.check_area(area_id)
    page = AreaPage(
        area_id=area_id,
        name=area_name(published, area_id, labels),
        housing_organisation=area.housing_organisation,
        district=area.district,
        year=year,
        residents=residents(published, area_id, year, labels.language),
    )
    groups: dict[str, list[IndicatorRow]] = {}
    for ind in ordered_indicators(published, labels):
        cell = published.cell(area_id, ind.indicator_id, year)
        if cell is None:
            continue
        groups.setdefault(labels.theme(ind.theme), []).append(
            indicator_row(published, ind, cell, labels, spine=not compact)
        )
        if compact:
            continue
        chart = series_chart(published, ind, area_id, year, labels)
        if chart is not None:
            page.charts.append(chart)
    page.groups = [ThemeGroup(title, rows) for title, rows in groups.items()]
    names = {a: area_name(published, a, labels) for a in published.areas}
    page.tables = shown_tables(published.extra_tables, year, labels, names, area_id=area_id)
    return page


def indicator_row(
    published: Published,
    ind: IndicatorInfo,
    cell: Cell,
    labels: Vocabulary,
    *,
    spine: bool = True,
) -> IndicatorRow:
    lang, unit = labels.language, cell.unit or ind.unit
    direction = cell.direction or ind.direction
    comparison, comparison_label = comparison_of(cell, labels)
    arrow, trend_class, trend_label = trend_of(cell, direction, labels)
    drawn = None
    if spine:
        others = [
            c.value
            for a in published.housing_area_ids()
            if (c := published.cell(a, ind.indicator_id, cell.period)) is not None
            and c.value is not None
        ]
        drawn = spine_svg(
            cell.value,
            cell.benchmark,
            others,
            direction,
            comparison=comparison,
            width=118,
            height=14,
        )
    return IndicatorRow(
        indicator_id=ind.indicator_id,
        name=ind.name(lang),
        unit=labels.unit(unit),
        value=format_value(cell.value, unit, lang),
        municipality=format_value(cell.benchmark, unit, lang),
        interval=format_interval(cell.ci_low, cell.ci_high, unit, lang),
        comparison=comparison,
        comparison_label=comparison_label,
        trend_arrow=arrow,
        trend_class=trend_class,
        trend_label=trend_label,
        suppressed=cell.suppressed,
        spine=drawn or Markup(),  # numbers and escaped text, from charts.spine
    )


def comparison_of(cell: Cell, labels: Vocabulary) -> tuple[str, str]:
    if cell.suppressed:
        return "suppressed", MISSING
    if cell.area_id == ALL_ID:
        return "benchmark", labels("cmp_benchmark_itself")
    if cell.comparison in COMPARISONS:
        return cell.comparison, labels(f"cmp_{cell.comparison}")
    return "none", labels("cmp_none")


def trend_of(cell: Cell, direction: str | None, labels: Vocabulary) -> tuple[str, str, str]:
    """(arrow, class, words) for the statistics stage's `trend`: the arrow and words of
    the web's trend column (`presentation.cells.trend_arrow`), and a class (colour) that
    says whether the move is good or bad."""
    if cell.suppressed:
        return "", "", ""
    if not cell.trend:  # say why there is no trend rather than leave the cell empty
        return "", "", labels("trend_not_tested" if cell.unit == "ratio" else "trend_none")
    arrow, words = trend_arrow(cell.trend, direction, labels)
    word = cell.trend.strip().lower()
    kind = word if word in ("improving", "worsening") else "no_change" if arrow == "→" else ""
    return arrow, kind, words


def series_chart(
    published: Published, ind: IndicatorInfo, area_id: str, year: int, labels: Vocabulary
) -> Chart | None:
    lang = labels.language
    periods = [p for p in published.periods if p <= year]
    points = []
    for period in periods:
        cell = published.cell(area_id, ind.indicator_id, period)
        municipality = published.cell(ALL_ID, ind.indicator_id, period)
        benchmark = (
            cell.benchmark
            if cell is not None and cell.benchmark is not None
            else (municipality.value if municipality is not None else None)
        )
        points.append(
            SeriesPoint(
                period=period,
                value=None if cell is None else cell.value,
                ci_low=None if cell is None else cell.ci_low,
                ci_high=None if cell is None else cell.ci_high,
                comparison=comparison_of(cell, labels)[0] if cell is not None else "none",
                benchmark=benchmark,
            )
        )
    while points and points[0].value is None and points[0].benchmark is None:
        points.pop(0)  # years before the indicator could be computed at all
    svg = series_svg(points, lang, (labels("chart_area"), labels("benchmark")))
    if svg is None:
        return None
    hidden = all(p.value is None for p in points)
    note = labels("chart_area_hidden") if hidden else ""
    return Chart(ind.name(lang), labels.unit(ind.unit), svg, note)


def overview(published: Published, year: int, labels: Vocabulary) -> Overview:
    lang = labels.language
    main = main_indicators(published, year)
    area_ids = [ALL_ID, *ordered_housing_areas(published), REST_ID]
    rows = []
    for area_id in area_ids:
        if area_id in (ALL_ID, REST_ID) and not any(
            published.cell(area_id, i, year) for i in (*main, RESIDENTS_INDICATOR)
        ):
            continue
        cells = []
        for ind in main:
            cell = published.cell(area_id, ind, year)
            if cell is None:  # not computed for this area: nothing to hide, nothing shown
                cells.append(OverviewCell("", "none"))
                continue
            unit = cell.unit or published.indicators[ind].unit
            comparison = comparison_of(cell, labels)[0]
            cells.append(OverviewCell(format_value(cell.value, unit, lang), comparison))
        rows.append(
            OverviewRow(
                area_id,
                area_name(published, area_id, labels),
                residents(published, area_id, year, lang),
                cells,
            )
        )
    headers = [
        (published.indicators[i].name(lang), labels.unit(published.indicators[i].unit))
        for i in main
    ]
    names = {a: area_name(published, a, labels) for a in ordered_housing_areas(published)}
    return Overview(year, headers, rows, shown_tables(published.extra_tables, year, labels, names))


def main_indicators(published: Published, year: int) -> list[str]:
    """The featured indicators published for `year`, topped up from the catalogue."""
    present = [
        i
        for i in published.indicators
        if published.cell(ALL_ID, i, year) is not None
        or any(published.cell(a, i, year) for a in published.housing_area_ids())
    ]
    chosen = [i for i in yearly_report_indicators() if i in present]
    for i in present:
        if len(chosen) >= MAIN_INDICATORS_AT_LEAST:
            break
        if i not in chosen and i != RESIDENTS_INDICATOR:
            chosen.append(i)
    return chosen[:MAIN_INDICATORS_AT_MOST]
