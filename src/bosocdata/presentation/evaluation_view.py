"""The evaluation of an intervention as a reader sees it: its charts, its numbers and a
Danish (or English) sentence for each, from the scoped views `temp.interventions` and
`temp.evaluation` (presentation/zone.py). Shared by the web pages (web/pages/interventions.py)
and the area profile's decomposition."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
from markupsafe import Markup

from bosocdata.presentation import queries as q
from bosocdata.presentation.charts.evaluation import (
    EventPoint,
    Step,
    event_study_svg,
    synth_svg,
    waterfall_svg,
)
from bosocdata.presentation.numbers import MISSING, format_number
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.presentation.zone import VIEWS

FEW_TREATED = 5
"""Below this many treated areas the analytic interval is too narrow (evaluation.md)."""

DECOMPOSITION_TERMS = ("stayers_change", "in_movers", "out_movers", "entrants", "leavers")


def area_or_other(area_id: str, areas: dict[str, q.Area], t: Vocabulary) -> str:
    """An area's name, or "another area" for one the reader may not see (a donor or an
    intervention's area of another housing organisation)."""
    return areas[area_id].name if area_id in areas else t("eval_other_area")


@dataclass(frozen=True)
class InterventionInfo:
    intervention_id: str
    name: str
    first_year: int
    areas: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass
class Waterfall:
    caption: str
    svg: Markup
    sentence: str
    suppressed: bool


@dataclass
class SynthView:
    area_name: str
    svg: Markup | None
    sentence: str
    weights: list[tuple[str, str]]


@dataclass
class IndicatorSection:
    name: str
    event_svg: Markup | None = None
    sentences: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    synth: list[SynthView] = field(default_factory=list)
    waterfalls: list[Waterfall] = field(default_factory=list)
    suppressed: bool = False


def has_evaluation(cur: duckdb.DuckDBPyConnection) -> bool:
    tables = {
        r[0]
        for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'temp'"
        ).fetchall()
    }
    return "interventions" in tables and "evaluation" in tables


def interventions(cur: duckdb.DuckDBPyConnection) -> dict[str, InterventionInfo]:
    """The interventions the user may see (every one of whose areas is in scope)."""
    if not has_evaluation(cur):
        return {}
    frame = cur.execute(
        f"SELECT intervention_id, area_id, name, first_year, targets FROM {VIEWS}.interventions"
        " ORDER BY intervention_id, area_id"
    ).df()
    out = {}
    for iid, rows in frame.groupby("intervention_id", sort=True):
        targets = str(rows["targets"].iloc[0] or "")
        out[str(iid)] = InterventionInfo(
            str(iid),
            str(rows["name"].iloc[0]),
            int(rows["first_year"].iloc[0]),
            tuple(str(a) for a in rows["area_id"]),
            tuple(t for t in targets.split(",") if t),
        )
    return out


def _rows(cur: duckdb.DuckDBPyConnection, where: str, params: list[object]) -> pd.DataFrame:
    return cur.execute(f"SELECT * FROM {VIEWS}.evaluation WHERE {where}", params).df()


def _f(x: Any) -> float | None:
    """A number of the table, None when missing (None, NaN, NA)."""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


class Words:
    """Numbers and sentences in one language, for one indicator's unit."""

    def __init__(self, t: Vocabulary, unit: str | None) -> None:
        self.t, self.unit = t, unit

    def diff(self, x: float | None) -> str:
        """A difference: percentage points for a percentage, the unit otherwise."""
        if x is None:
            return MISSING
        decimals = 0 if self.unit == "dkk" else 1
        sign = "+" if x > 0 else ""
        text = sign + format_number(x, decimals, self.t.language)
        return f"{text} {self.diff_unit}"

    @property
    def diff_unit(self) -> str:
        return self.t("percentage_points") if self.unit == "pct" else self.t.unit(self.unit)

    def signed(self, x: float | None) -> str:
        """A difference without its unit (a chart whose axis names the unit)."""
        return self.diff(x).removesuffix(f" {self.diff_unit}")

    def plain(self, x: float | None, decimals: int = 1) -> str:
        return format_number(x, decimals, self.t.language)


def indicator_sections(
    cur: duckdb.DuckDBPyConnection, info: InterventionInfo, t: Vocabulary
) -> list[IndicatorSection]:
    """One section per target indicator of the intervention (every evaluated one when
    no target has results: the decomposition covers every person indicator)."""
    rows = _rows(cur, "intervention_id = ?", [info.intervention_id])
    catalogue = q.indicators(cur)
    areas = q.areas(cur)
    found = [str(i) for i in rows["indicator_id"].dropna().unique()]
    # The target indicators; the others only when there is no target with results.
    order = [i for i in info.targets if i in found] or sorted(found)
    sections = []
    for indicator_id in order:
        meta = catalogue.get(indicator_id)
        words = Words(t, meta.unit if meta else None)
        name = meta.name(t.language) if meta else t("eval_unknown_indicator")
        section = IndicatorSection(name)
        mine = rows[rows["indicator_id"] == indicator_id]
        _did(section, mine[mine["method"] == "did"], info, words, name)
        for area in info.areas:
            synth = mine[(mine["method"] == "synth") & (mine["area_id"] == area)]
            if len(synth):
                section.synth.append(
                    _synth(cur, synth, info, area, indicator_id, areas, words, name)
                )
            dec = mine[(mine["method"] == "decompose") & (mine["area_id"] == area)]
            for _, pair in dec.groupby(["base_period", "period"], sort=True):
                y0, y1 = int(pair["base_period"].iloc[0]), int(pair["period"].iloc[0])
                label = area_or_other(area, areas, t)
                section.waterfalls.append(waterfall(pair, int(y0), int(y1), label, words))
        section.suppressed = bool(mine["suppressed"].any())
        sections.append(section)
    return sections


def _did(
    section: IndicatorSection, did: pd.DataFrame, info: InterventionInfo, w: Words, name: str
) -> None:
    t = w.t
    if did.empty:
        return
    dyn = did[(did["estimand"] == "att_dynamic") & did["period"].notna() & ~did["suppressed"]]
    points = [
        EventPoint(int(_f(r.period) or 0), float(_f(r.estimate) or 0), _f(r.ci_low), _f(r.ci_high))
        for r in dyn.sort_values("period").itertuples()
        if _f(r.estimate) is not None
    ]
    if points:
        section.event_svg = event_study_svg(
            points,
            title=t("eval_event_title", indicator=name),
            x_title=t("eval_event_x"),
            y_title=t("eval_effect_y", unit=w.diff_unit),
            pre_label=t("eval_pre_period"),
            tick_text=lambda v: w.plain(v),
        )

    def one(estimand: str) -> pd.Series | None:
        found = did[(did["estimand"] == estimand) & did["group"].isna()]
        found = found[found["period"].isna()] if estimand != "pretrend_p" else found
        shown = found[~found["suppressed"].fillna(False).astype(bool)]
        return None if shown.empty else shown.iloc[0]

    simple = one("att_simple")
    n_treated = len(info.areas)
    if simple is None and _withheld(did, "att_simple"):
        # every treated area has a hidden cell: nothing was estimated on published numbers
        section.sentences.append(t("eval_did_hidden", indicator=name))
        return
    if simple is not None:
        n_treated = int(simple["n_treated"]) if _f(simple["n_treated"]) else n_treated
        section.sentences.append(
            t(
                "eval_did_sentence",
                indicator=name,
                estimate=w.diff(_f(simple["estimate"])),
                interval=_interval(w, simple),
                year=info.first_year,
            )
        )
    for estimand, key in (
        ("att_placebo", "eval_placebo_sentence"),
        ("att_trend", "eval_trend_sentence"),
    ):
        found = one(estimand)
        if found is not None:
            section.sentences.append(
                t(key, estimate=w.diff(_f(found["estimate"])), interval=_interval(w, found))
            )
    if n_treated < FEW_TREATED:
        section.caveats.append(t("eval_caveat_few", n=n_treated))
    pre = one("pretrend_p")
    if pre is not None and _f(pre["estimate"]) is not None and float(pre["estimate"]) < 0.05:
        section.caveats.append(t("eval_caveat_pretrend", p=w.plain(_f(pre["estimate"]), 3)))


def _withheld(rows: pd.DataFrame, estimand: str) -> bool:
    """Rows of `estimand` that are there only as withheld (`suppressed`) ones."""
    found = rows[rows["estimand"] == estimand]
    return not found.empty and bool(found["suppressed"].fillna(False).astype(bool).all())


def _interval(w: Words, row: pd.Series) -> str:
    low, high = _f(row["ci_low"]), _f(row["ci_high"])
    if low is None or high is None:
        return MISSING
    return f"{w.diff(low)} {w.t('eval_to')} {w.diff(high)}"


def _synth(
    cur: duckdb.DuckDBPyConnection,
    synth: pd.DataFrame,
    info: InterventionInfo,
    area: str,
    indicator_id: str,
    areas: dict[str, q.Area],
    w: Words,
    name: str,
) -> SynthView:
    t = w.t
    area_name = area_or_other(area, areas, t)
    gaps = synth[(synth["estimand"] == "gap") & ~synth["suppressed"]].sort_values("period")
    observed = dict(
        cur.execute(
            f"SELECT period, value FROM {VIEWS}.indicator_table WHERE area_id = ? AND"
            " indicator_id = ? AND NOT suppressed",
            [area, indicator_id],
        ).fetchall()
    )
    years = [int(p) for p in gaps["period"]]
    treated = [_f(observed.get(y)) for y in years]
    synthetic = [
        None if v is None or _f(g) is None else v - float(g)
        for v, g in zip(treated, gaps["estimate"], strict=True)
    ]
    svg = None
    if years:
        svg = synth_svg(
            years,
            treated,
            synthetic,
            info.first_year,
            title=t("eval_synth_title", indicator=name, area=area_name),
            x_title=t("year"),
            y_title=f"{name} ({t.unit(w.unit)})",
            treated_label=area_name,
            synthetic_label=t("eval_synthetic"),
            start_label=t("eval_start", year=info.first_year),
            tick_text=lambda v: w.plain(v),
        )

    def value(estimand: str) -> float | None:
        found = synth[synth["estimand"] == estimand]
        return None if found.empty else _f(found.iloc[0]["estimate"])

    weights = [
        (
            area_or_other(str(r.unit), areas, t),
            format_number(_f(r.estimate), 2, t.language),
        )
        for r in synth[synth["estimand"] == "weight"]
        .sort_values("estimate", ascending=False)
        .itertuples()
        if (_f(r.estimate) or 0) >= 0.005
    ]
    if value("att_post") is None and _withheld(synth, "att_post"):
        return SynthView(
            area_name, None, t("eval_synth_hidden", area=area_name, indicator=name), []
        )
    sentence = t(
        "eval_synth_sentence",
        area=area_name,
        indicator=name,
        estimate=w.diff(value("att_post")),
        rmspe=w.plain(value("rmspe_pre"), 2),
        p=w.plain(value("placebo_p"), 2),
    )
    return SynthView(area_name, svg, sentence, weights)


def waterfall(
    pair: pd.DataFrame, y0: int, y1: int, label: str, w: Words, width: int = 600
) -> Waterfall:
    """The decomposition of one area's change from y0 to y1 as a waterfall."""
    t = w.t
    values = {str(r.estimand): (_f(r.estimate), bool(r.suppressed)) for r in pair.itertuples()}
    suppressed = any(s for _, s in values.values()) or "change" not in values

    def term(name: str) -> float | None:
        v, s = values.get(name, (None, True))
        return None if s else v

    aged = None
    if term("entrants") is not None and term("leavers") is not None:
        aged = float(term("entrants")) + float(term("leavers"))  # type: ignore[arg-type]
    parts = [
        ("eval_term_stayers", term("stayers_change")),
        ("eval_term_in", term("in_movers")),
        ("eval_term_out", term("out_movers")),
        ("eval_term_aged", aged),
    ]
    steps = [Step(t(k), v, w.signed(v)) for k, v in parts]
    steps.append(Step(t("eval_term_change"), term("change"), w.signed(term("change")), total=True))
    caption = t("eval_waterfall_caption", area=label, y0=y0, y1=y1)
    svg = waterfall_svg(steps, title=caption, y_title=w.diff_unit, width=width)
    sentence = (
        t("eval_waterfall_suppressed")
        if suppressed
        else t(
            "eval_waterfall_sentence",
            y0=y0,
            y1=y1,
            change=w.diff(term("change")),
            stayers=w.diff(term("stayers_change")),
            moved_in=w.diff(term("in_movers")),
            moved_out=w.diff(term("out_movers")),
            aged=w.diff(aged),
        )
    )
    return Waterfall(caption, svg, sentence, suppressed)


def area_waterfalls(
    cur: duckdb.DuckDBPyConnection, area_id: str, indicator_ids: list[str], t: Vocabulary
) -> list[tuple[str, Waterfall]]:
    """For the area profile: per featured indicator, the latest year against five years
    before (the widest default pair), when the published zone has it."""
    if not has_evaluation(cur) or not indicator_ids:
        return []
    rows = _rows(
        cur,
        "method = 'decompose' AND area_id = ? AND intervention_id IS NULL",
        [area_id],
    )
    if rows.empty:
        return []
    latest = int(rows["period"].max())
    catalogue = q.indicators(cur)
    out = []
    for indicator_id in indicator_ids:
        mine = rows[(rows["indicator_id"] == indicator_id) & (rows["period"] == latest)]
        if mine.empty:
            continue
        y0 = _five_years_before(latest, [int(b) for b in mine["base_period"]])
        meta = catalogue.get(indicator_id)
        name = meta.name(t.language) if meta else t("eval_unknown_indicator")
        pair = mine[mine["base_period"] == y0]
        words = Words(t, meta.unit if meta else None)
        out.append((name, waterfall(pair, y0, latest, name, words, width=560)))
    return out


def _five_years_before(latest: int, bases: list[int]) -> int:
    """The default pair's base five years before the latest; without it the earliest
    base within those five years (the pairs of an intervention's start are others)."""
    within = [b for b in bases if b >= latest - 5]
    return min(within) if within else min(bases)
