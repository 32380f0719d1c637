"""The area profile `/omraade/{area_id}` (its traceability view
`/omraade/{area_id}/beregning` is trace_page.py).

The profile: every indicator with value, interval, the municipality's value, comparison
and trend; a spine chart row per indicator (the area among the areas the user may see);
residents by age and sex when the zone publishes `population`; the assessment (index,
rank interval, status and dynamics, BoSocData class, official category, need, alerts);
a small time series per indicator against the municipality.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from bosocdata.presentation import assessment_tables as qa
from bosocdata.presentation import evaluation_view as ev
from bosocdata.presentation import queries as q
from bosocdata.presentation.alerts import alert_sentence
from bosocdata.presentation.cells import COMPARISONS, ShownCell, area_name, show_cell
from bosocdata.presentation.change import change_in_words
from bosocdata.presentation.charts import (
    Pyramid,
    SeriesPoint,
    pyramid,
    quartiles,
    series_svg,
    spine_svg,
)
from bosocdata.presentation.charts.sparkline import Sparkline, sparkline
from bosocdata.presentation.featured import front_page_indicators
from bosocdata.presentation.numbers import format_number
from bosocdata.presentation.ranking import rank_in_words
from bosocdata.presentation.vocabulary import THEME_ORDER, Vocabulary
from bosocdata.web.page_cache import cached
from bosocdata.web.pages.area_extras import (
    group_line,
    target_lines,
    twin_line,
    visible_twins,
    with_twin_benchmarks,
)
from bosocdata.web.rendering import (
    Formatter,
    PageError,
    chosen_year,
    render,
    translator_for,
    url,
    zone_of,
)

router = APIRouter()
UNITS = {"pct", "per100hh", "per1000", "dkk", "ratio"}


def unit_label(unit: str | None, t: Vocabulary) -> str:
    return t(f"unit_{unit}") if unit in UNITS else ""


@dataclass(frozen=True)
class ProfileRow:
    indicator_id: str
    name: str
    unit_label: str
    href: str
    cell: ShownCell
    chart: Markup | None
    chart_desc: str
    spine: Markup | None
    spine_desc: str
    theme: str = ""
    spark: Sparkline | None = None
    change: str = ""


@dataclass(frozen=True)
class Fact:
    """One line of the assessment: a label, the words, and a colour class (or "")."""

    label: str
    text: str
    css: str = ""
    href: str = ""


def area_values(cells: list[q.Cell]) -> dict[str, list[float]]:
    """The housing areas' values per indicator (not the municipality, not the rest)."""
    values: dict[str, list[float]] = defaultdict(list)
    for c in cells:
        if c.area_id not in (q.ALL_ID, q.REST_ID) and c.value is not None:
            values[c.indicator_id].append(c.value)
    return values


def spine_description(
    t: Vocabulary, fmt: Formatter, name: str, cell: q.Cell | None, values: list[float]
) -> str:
    if not values or cell is None:
        return ""
    q1, q3 = quartiles(values)
    unit = cell.unit
    shown = t("suppressed_title") if cell.suppressed else fmt.value(cell.value, unit)
    return t(
        "spine_desc",
        area=name,
        value=shown,
        benchmark=fmt.value(cell.benchmark, unit),
        low=fmt.value(min(values), unit),
        high=fmt.value(max(values), unit),
        q1=fmt.value(q1, unit),
        q3=fmt.value(q3, unit),
    )


def _number(fmt: Formatter, x: Any, decimals: int) -> str:
    return format_number(None if x is None else float(x), decimals, fmt.language)


def assessment_facts(
    found: qa.AreaAssessment, t: Vocabulary, fmt: Formatter, trace_href: str
) -> list[Fact]:
    facts: list[Fact] = []
    index = found.index or found.priorities
    if index and index.get("index") is not None:
        facts.append(Fact(t("index_name"), _number(fmt, index["index"], 2), href=trace_href))
    if found.index:
        facts.append(Fact(t("rank"), rank_text(found.index, t, fmt)))
    if found.dynamics:
        status = str(found.dynamics.get("status") or "ukendt")
        dynamics = str(found.dynamics.get("dynamics") or "ukendt")
        text = f"{t.maybe('status_' + status, status)}, {t.maybe('dyn_' + dynamics, dynamics)}"
        attention = bool(found.dynamics.get("attention"))
        if attention:
            text += f" – {t('attention').lower()}"
        facts.append(Fact(t("status_dynamics"), text, "attention" if attention else ""))
    if found.categorisation:
        category = str(found.categorisation.get("category") or "ukendt")
        text = t.maybe("cat_" + category, category)
        if found.categorisation.get("points") is not None:
            text += f" ({t('points', points=_number(fmt, found.categorisation['points'], 0))})"
        facts.append(Fact(t("category"), text, f"cat-{category}"))
    if found.criteria:
        official = str(found.criteria.get("category") or "none")
        facts.append(Fact(t("official_category"), t.maybe("off_" + official, official)))
    if found.priorities and found.priorities.get("need") is not None:
        p = found.priorities
        facts.append(
            Fact(
                t("need"),
                t(
                    "need_text",
                    need=fmt.count(p["need"]),
                    low=fmt.count(p.get("need_low")),
                    high=fmt.count(p.get("need_high")),
                ),
            )
        )
    return facts


def rank_text(row: dict[str, Any], t: Vocabulary, fmt: Formatter) -> str:
    """ "nr. 2 af 22, blandt de 3 mest udsatte": the rank and, in words, where the area
    stands under other reasonable weights (the Monte-Carlo's 90 % rank interval)."""
    if row.get("rank") is None:
        return t("not_ranked")
    return t(
        "rank_text",
        rank=fmt.count(row["rank"]),
        n=fmt.count(row.get("n_ranked")),
        words=rank_in_words(
            row.get("rank_low"), row.get("rank_high"), row.get("n_ranked"), t.language
        ),
    )


def population_view(
    bands: list[qa.PopulationBand], t: Vocabulary, fmt: Formatter
) -> Pyramid | None:
    return pyramid(
        [
            (
                b.age_band,
                b.men,
                b.women,
                f"{b.age_band}: {t('men').lower()} {fmt.count(b.men)}, "
                f"{t('women').lower()} {fmt.count(b.women)}",
            )
            for b in bands
        ],
        count=fmt.count,
    )


def series_points(
    series: dict[int, q.Cell], shown: list[int], available: list[int], area_id: str
) -> list[SeriesPoint]:
    """Every published year from the first to the last with a cell of the indicator; a
    year between without one is a point without numbers (a gap in the chart)."""
    if not shown:
        return []
    points = []
    for p in available:
        if not shown[0] <= p <= shown[-1]:
            continue
        c = series.get(p)
        if c is None:
            points.append(SeriesPoint(p, None, None, None, "none", None))
            continue
        comparison = (
            "benchmark"
            if area_id == q.ALL_ID
            else c.comparison
            if c.comparison in COMPARISONS and not c.suppressed
            else "none"
        )
        points.append(SeriesPoint(p, c.value, c.ci_low, c.ci_high, comparison, c.benchmark))
    return points


def theme_groups(rows: list[ProfileRow], t: Vocabulary) -> list[tuple[str, list[ProfileRow]]]:
    """The rows grouped by theme, in the vocabulary's theme order, under Danish names."""
    order = {theme: k for k, theme in enumerate(THEME_ORDER)}
    themes = sorted({r.theme for r in rows}, key=lambda th: (order.get(th, len(order)), th))
    return [(t.theme(th), [r for r in rows if r.theme == th]) for th in themes]


@router.get("/omraade/{area_id}", response_class=HTMLResponse)
@cached
def area_profile(
    request: Request, area_id: str, year: str | None = None, sammenlign: str | None = None
) -> HTMLResponse:
    t = translator_for(request)
    fmt = Formatter(t.language)
    if sammenlign not in (None, "", "kommunen", "tvillinger"):
        raise PageError(400, "bad_request_title", "bad_parameter", name="sammenlign")
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        areas = q.areas(cur)
        if area_id not in areas:
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
        catalogue = q.indicators(cur)
        history = q.cells(cur, area_id=area_id)
        this_year = q.cells(cur, period=period)
        found = qa.area_assessment(cur, area_id, period)
        bands = qa.population(cur, area_id, period)
        meta = q.meta(cur)
        twins = visible_twins(qa.rows_of(cur, "twins", period=period, area_id=area_id), areas)
        by_twins = sammenlign == "tvillinger" and bool(twins)
        twin_rows = qa.rows_of(cur, "twin_benchmarks", period=period, area_id=area_id)
        memberships = qa.rows_of(cur, "area_groups", area_id=area_id)
        twin_bench = {r["indicator_id"]: r for r in twin_rows} if by_twins else {}
        decomposition = ev.area_waterfalls(cur, area_id, list(front_page_indicators()), t)
        interventions = [
            (f"/indsats/{i.intervention_id}", i.name)
            for i in ev.interventions(cur).values()
            if area_id in i.areas
        ]
    name = area_name(area_id, areas, t)
    values = area_values(this_year)
    by_indicator: dict[str, dict[int, q.Cell]] = defaultdict(dict)
    for c in history:
        by_indicator[c.indicator_id][c.period] = c
    ordered = [i for i in catalogue if i in by_indicator]
    ordered += sorted(set(by_indicator) - set(ordered))
    rows = []
    for indicator_id in ordered:
        series = by_indicator[indicator_id]
        unit = next(iter(series.values())).unit
        info = catalogue.get(indicator_id)
        ind_name = info.name(t.language) if info else indicator_id
        chart_periods = [p for p in available if p in series]
        labels = [
            f"{p}: {fmt.value(series[p].value, unit)} "
            f"({fmt.interval(series[p].ci_low, series[p].ci_high, unit)}); "
            f"{t('benchmark').lower()} {fmt.value(series[p].benchmark, unit)}"
            for p in chart_periods
        ]
        chart_desc = t(
            "chart_desc",
            indicator=ind_name,
            area=name,
            first=chart_periods[0] if chart_periods else "",
            last=chart_periods[-1] if chart_periods else "",
        ) + (": " + " · ".join(labels) if labels else "")
        now = series.get(period)
        if by_twins:
            now = with_twin_benchmarks(now, twin_bench)
        shown = show_cell(now, t, is_benchmark_row=area_id == q.ALL_ID)
        spine_desc = spine_description(t, fmt, name, now, values.get(indicator_id, []))
        direction = (info.direction if info else None) or (now.direction if now else None)
        rows.append(
            ProfileRow(
                indicator_id,
                ind_name,
                unit_label(unit, t),
                url(f"/indikator/{indicator_id}", year=period),
                shown,
                series_svg(
                    series_points(series, chart_periods, available, area_id),
                    t.language,
                    (t("chart_area"), t("benchmark")),
                    description=chart_desc,
                ),
                chart_desc,
                None
                if now is None
                else spine_svg(
                    now.value,
                    now.benchmark,
                    values.get(indicator_id, []),
                    direction,
                    comparison=shown.comparison,
                    description=spine_desc,
                ),
                spine_desc,
                (info.theme if info else None) or "other",
                sparkline(
                    [series[p].value for p in chart_periods],
                    [series[p].benchmark for p in chart_periods],
                ),
                change_in_words(
                    {p: series[p].value for p in chart_periods}, period, unit, t.language
                ),
            )
        )
    trace_href = url(f"/omraade/{area_id}/beregning", year=period)
    return render(
        request,
        "area.html",
        meta=meta,
        area=areas[area_id],
        area_id=area_id,
        name=name,
        year=period,
        years=available,
        rows=rows,
        groups=theme_groups(rows, t),
        any_suppressed=any(c.suppressed for c in history if c.period == period),
        has_trend=any(r.cell.trend_arrow or r.cell.trend_label for r in rows),
        has_spine=any(r.spine for r in rows),
        has_charts=any(r.chart for r in rows),
        facts=assessment_facts(found, t, fmt, trace_href)
        + [
            Fact(line.label, line.text, line.css)
            for line in target_lines(
                found.targets, t, fmt, {i: c.name(t.language) for i, c in catalogue.items()}
            )
            + twin_line(twins, t)
            + group_line(memberships, t)
        ],
        twins_choice=[
            (
                t("twins_compare_municipality"),
                url(f"/omraade/{area_id}", year=period),
                not by_twins,
            ),
            (
                t("twins_compare_twins"),
                url(f"/omraade/{area_id}", year=period, sammenlign="tvillinger"),
                by_twins,
            ),
        ]
        if twins
        else [],
        benchmark_label=t("twins_benchmark") if by_twins else "",
        alerts=[
            alert_sentence(
                a,
                t,
                lambda i: catalogue[i].name(t.language) if i in catalogue else i,
            )
            for a in found.alerts
        ],
        assessed=not found.empty,
        trace_href=trace_href if found.has_contributions else "",
        pyramid=population_view(bands, t, fmt),
        bands=bands,
        decomposition=decomposition,
        interventions=interventions,
    )
