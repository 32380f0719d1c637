"""Pages across areas: compare (`/sammenlign`), priorities (`/prioritering`), alerts
(`/advarsler`). Each reads the per-request views, so it lists only the user's areas."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from bosocdata.presentation import assessment_tables as qa
from bosocdata.presentation import queries as q
from bosocdata.presentation.alerts import ALERT_KINDS, alert_sentence
from bosocdata.presentation.cells import ShownCell, area_name, ordered_area_ids, show_cell
from bosocdata.presentation.numbers import MISSING, format_number
from bosocdata.presentation.ranking import rank_in_words, unranked_reason
from bosocdata.web.page_cache import cached
from bosocdata.web.pages.area import rank_text, unit_label
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
MAX_COMPARED = 4
BY = ("index", "need")


@dataclass(frozen=True)
class CompareRow:
    indicator_id: str
    name: str
    unit_label: str
    href: str
    benchmark: str
    cells: list[ShownCell]


@router.get("/sammenlign", response_class=HTMLResponse)
@cached
def compare(
    request: Request,
    area_id: list[str] = Query(default=[]),  # noqa: B008 (FastAPI's idiom)
    year: str | None = None,
) -> HTMLResponse:
    """Up to four areas side by side with the municipality (the guard has checked that
    the user may see every `area_id`)."""
    t = translator_for(request)
    fmt = Formatter(t.language)
    chosen = list(dict.fromkeys(a for a in area_id if a))
    if len(chosen) > MAX_COMPARED:
        raise PageError(400, "bad_request_title", "compare_too_many")
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        areas = q.areas(cur)
        catalogue = q.indicators(cur)
        cells = {
            (c.area_id, c.indicator_id): c
            for c in q.cells(cur, period=period)
            if c.area_id in chosen or c.area_id == q.ALL_ID
        }
        assessed = {a: qa.area_assessment(cur, a, period) for a in chosen}
        meta = q.meta(cur)
    present = {i for _, i in cells}
    ordered = [i for i in catalogue if i in present] + sorted(present - set(catalogue))
    rows = []
    for i in ordered:
        info = catalogue.get(i)
        bench = cells.get((q.ALL_ID, i))
        unit = bench.unit if bench else info.unit if info else None
        rows.append(
            CompareRow(
                i,
                info.name(t.language) if info else i,
                unit_label(unit, t),
                url(f"/indikator/{i}", year=period),
                fmt.value(bench.benchmark if bench else None, unit),
                [show_cell(cells.get((a, i)), t, is_benchmark_row=a == q.ALL_ID) for a in chosen],
            )
        )
    summary = [
        {
            "index": fmt_index(fmt, (found.index or {}).get("index")),
            "rank": rank_text(found.index, t, fmt) if found.index else "–",
            "category": category_text(found.categorisation, t),
        }
        for found in assessed.values()
    ]
    shown_cells = [c for r in rows for c in r.cells]
    any_assessment = any(not f.empty for f in assessed.values())
    # "–" also where there is no figure: a cell without data, the municipality's index
    any_missing = (
        any(c.missing and not c.suppressed for c in shown_cells)
        or any(r.benchmark == MISSING for r in rows)
        or any_assessment
    )
    options = [(a, area_name(a, areas, t)) for a in ordered_area_ids(areas)]
    slots = [chosen[i] if i < len(chosen) else "" for i in range(MAX_COMPARED)]
    return render(
        request,
        "compare.html",
        meta=meta,
        year=period,
        years=available,
        chosen=[(a, area_name(a, areas, t), url(f"/omraade/{a}", year=period)) for a in chosen],
        options=options,
        slots=slots,
        rows=rows,
        summary=summary,
        any_assessment=any_assessment,
        any_suppressed=any(c.suppressed for c in shown_cells),
        any_missing=any_missing,
    )


def fmt_index(fmt: Formatter, value: Any) -> str:
    return format_number(None if value is None else float(value), 2, fmt.language)


def category_text(row: dict[str, Any] | None, t: Any) -> str:
    if not row:
        return "–"
    category = str(row.get("category") or "ukendt")
    return str(t.maybe("cat_" + category, category))


@dataclass(frozen=True)
class PriorityRow:
    area_id: str
    name: str
    href: str
    index: str
    rank_index: str
    rank_words: str
    need: str
    need_interval: str
    rank_need: str
    category: str
    category_code: str
    reason: str = ""


@dataclass(frozen=True)
class WeightRow:
    name: str
    theme: str
    weight: str


def min_residents_of(meta: dict[str, str]) -> int | None:
    """The minimum size for a rank, from the zone's meta (the pipeline writes the
    configured number as it is, `500.0` as well as `500`)."""
    try:
        least = float(meta.get("min_residents") or "")
    except ValueError:
        return None
    return round(least) if math.isfinite(least) else None


def index_weights(
    cur: Any, period: int, catalogue: dict[str, q.Indicator], t: Any, fmt: Formatter
) -> list[WeightRow]:
    """The index's nominal weights (from `contributions`), largest first."""
    rows = qa.rows_of(cur, "contributions", period=period, area_id=q.ALL_ID)
    if not rows:
        return []
    found = [r for r in rows if r.get("in_index") and r.get("weight") is not None]
    found.sort(key=lambda r: (-float(r["weight"]), str(r["indicator_id"])))
    return [
        WeightRow(
            catalogue[r["indicator_id"]].name(t.language)
            if r["indicator_id"] in catalogue
            else str(r["indicator_id"]),
            t.maybe("theme_" + str(r.get("theme")), str(r.get("theme") or "")),
            format_number(100 * float(r["weight"]), 1, fmt.language) + " %",
        )
        for r in found
    ]


@router.get("/prioritering", response_class=HTMLResponse)
@cached
def priorities(request: Request, year: str | None = None, by: str | None = None) -> HTMLResponse:
    """The ranked areas by index (with their rank interval in words) or by need, then the
    areas that are not ranked and why, then the index's weights."""
    t = translator_for(request)
    fmt = Formatter(t.language)
    order_by = by or "index"
    if order_by not in BY:
        raise PageError(400, "bad_request_title", "bad_parameter", name="by")
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        areas = q.areas(cur)
        rows = qa.rows_of(cur, "priorities", period=period)
        categories = {r["area_id"]: r for r in qa.rows_of(cur, "categorisation", period=period)}
        index_rows = {r["area_id"]: r for r in qa.rows_of(cur, "index", period=period)}
        has_table = qa.has_table(cur, "priorities")
        meta = q.meta(cur)
        catalogue = q.indicators(cur)
        weights = index_weights(cur, period, catalogue, t, fmt)
    least = min_residents_of(meta)
    rows = [r for r in rows if r["area_id"] not in (q.ALL_ID, q.REST_ID)]
    key = "rank_index" if order_by == "index" else "rank_need"

    def interval(low: Any, high: Any) -> str:
        return "–" if low is None or high is None else f"{fmt.count(low)}–{fmt.count(high)}"

    def shown(r: dict[str, Any]) -> PriorityRow:
        ix = index_rows.get(r["area_id"], {})
        n = ix.get("n_ranked")
        rank = r.get("rank_index")
        return PriorityRow(
            r["area_id"],
            area_name(r["area_id"], areas, t),
            url(f"/omraade/{r['area_id']}", year=period),
            fmt_index(fmt, r.get("index")),
            "–" if rank is None else t("rank_of", rank=fmt.count(rank), n=fmt.count(n)),
            rank_in_words(r.get("rank_index_low"), r.get("rank_index_high"), n, t.language),
            fmt.count(r.get("need")),
            interval(r.get("need_low"), r.get("need_high")),
            fmt.count(r.get("rank_need")),
            category_text(categories.get(r["area_id"]), t),
            str((categories.get(r["area_id"]) or {}).get("category") or ""),
            unranked_reason(ix.get("residents"), least, r.get("index") is not None, t.language),
        )

    ranked = sorted((r for r in rows if r.get(key) is not None), key=lambda r: r[key])
    unranked = sorted(
        (r for r in rows if r.get(key) is None),
        key=lambda r: (r.get("index") is None, -(r.get("index") or 0.0)),
    )
    links = {b: url("/prioritering", year=period, by=b) for b in BY}
    return render(
        request,
        "priorities.html",
        meta=meta,
        year=period,
        years=available,
        by=order_by,
        links=links,
        rows=[shown(r) for r in ranked],
        unranked=[shown(r) for r in unranked],
        min_residents=fmt.count(least) if least is not None else "",
        weights=weights,
        has_table=has_table,
    )


KINDS = ALERT_KINDS


@router.get("/advarsler", response_class=HTMLResponse)
@cached
def alerts(request: Request, year: str | None = None, kind: str | None = None) -> HTMLResponse:
    """The early warnings of one year, grouped by area."""
    t = translator_for(request)
    if kind not in (None, "", *KINDS):
        raise PageError(400, "bad_request_title", "bad_parameter", name="kind")
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        areas = q.areas(cur)
        catalogue = q.indicators(cur)
        rows = qa.rows_of(cur, "alerts", period=period)
        has_table = qa.has_table(cur, "alerts")
        meta = q.meta(cur)
    if kind:
        rows = [r for r in rows if r.get("kind") == kind]
    names = {i: info.name(t.language) for i, info in catalogue.items()}
    shown = [
        {
            "area_id": r["area_id"],
            "name": area_name(r["area_id"], areas, t),
            "href": url(f"/omraade/{r['area_id']}", year=period),
            "kind": t.maybe("kind_" + str(r.get("kind")), str(r.get("kind"))),
            "kind_code": str(r.get("kind")),
            "indicator": (
                catalogue[r["indicator_id"]].name(t.language)
                if r.get("indicator_id") in catalogue
                else t.maybe("crit_" + str(r.get("criterion")), str(r.get("criterion")))
                if r.get("criterion")
                else r.get("indicator_id") or ""
            ),
            "indicator_href": url(f"/indikator/{r['indicator_id']}", year=period)
            if r.get("indicator_id")
            else "",
            "message": alert_sentence(
                r, t, lambda i: names.get(i, i), area_name(r["area_id"], areas, t)
            ),
        }
        for r in rows
    ]
    return render(
        request,
        "alerts.html",
        meta=meta,
        year=period,
        years=available,
        rows=shown,
        kind=kind or "",
        kinds=[(k, t("kind_" + k)) for k in KINDS],
        has_table=has_table,
    )
