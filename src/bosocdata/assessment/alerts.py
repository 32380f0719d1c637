"""Early warning: what in an area deserves a look now.

Three kinds of alert, each one row of the alerts table:

- `red_red`: an indicator significantly worse than the municipality (`comparison` =
  worse) *and* significantly worsening (`trend` = worsening).
- `index_worsening`: the area's index rose, relative to the municipality's, by more than
  `alerts.index_worsening_sd` standard deviations of the areas' index over the dynamics lag.
- `criterion_near`: an official criterion not met, but within
  `alerts.criteria_near_persons` residents of being met (the criteria's `dist_*`).
- `target_not_met`: a target of the targets file (`targets.py`) whose value's whole
  interval is on the wrong side of it.

`render_alerts` writes them as text for `bosoc alerts`. See docs/concepts/assessment.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pandas as pd

from bosocdata.assessment.config import AssessmentConfig, default_config
from bosocdata.assessment.index import NOT_AREAS

KINDS: Final = ("red_red", "index_worsening", "criterion_near", "target_not_met")
ALERT_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "kind",
    "indicator_id",
    "criterion",
    "value",
    "benchmark",
    "message_da",
    "message_en",
)

_UNIT_DA: Final = {
    "pct": " %",
    "per100hh": " pr. 100 husstande",
    "per1000": " pr. 1.000 beboere",
    "dkk": " kr.",
    "ratio": " gange",
}
_UNIT_EN: Final = {
    "pct": " %",
    "per100hh": " per 100 households",
    "per1000": " per 1,000 residents",
    "dkk": " DKK",
    "ratio": " times",
}


def number_da(x: float, decimals: int = 1) -> str:
    """12345.6 -> '12.345,6' (Danish: thousands dot, decimal comma)."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number_en(x: float, decimals: int = 1) -> str:
    return f"{x:,.{decimals}f}"


def _fmt(values: pd.Series, fmt: Callable[[float], str]) -> pd.Series:
    return values.astype(float).map(fmt)


def red_red(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators significantly worse than the municipality and significantly worsening."""
    if "comparison" not in table.columns or "trend" not in table.columns:
        return _empty()
    hits = table[
        (table["comparison"] == "worse")
        & (table["trend"] == "worsening")
        & ~table["area_id"].isin(NOT_AREAS)
    ]
    if hits.empty:
        return _empty()
    da_unit = hits["unit"].map(_UNIT_DA).fillna("")
    en_unit = hits["unit"].map(_UNIT_EN).fillna("")
    change = hits["trend_change"] if "trend_change" in hits else pd.Series(float("nan"), hits.index)
    has_change = change.notna()
    # a change of a percentage is in percentage points
    points = hits["unit"] == "pct"
    da_per = pd.Series(" pr. år", hits.index).where(~points, " procentpoint pr. år")
    en_per = pd.Series(" per year", hits.index).where(~points, " percentage points per year")
    da_change = "; " + _fmt(change, lambda x: f"{'+' if x >= 0 else ''}{number_da(x)}") + da_per
    en_change = "; " + _fmt(change, lambda x: f"{'+' if x >= 0 else ''}{number_en(x)}") + en_per
    name = hits["area_name"].astype(str)
    message_da = (
        name
        + ": "
        + hits["indicator_id"]
        + " er "
        + _fmt(hits["value"], number_da)
        + da_unit
        + " mod "
        + _fmt(hits["benchmark"], number_da)
        + da_unit
        + " i hele kommunen – signifikant dårligere og signifikant forværret"
        + da_change.where(has_change, "")
    )
    message_en = (
        name + ": " + hits["indicator_id"] + " is " + _fmt(hits["value"], number_en) + en_unit
        + " against " + _fmt(hits["benchmark"], number_en) + en_unit
        + " in the municipality – significantly worse and significantly worsening"
        + en_change.where(has_change, "")
    )  # fmt: skip
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"],
            "kind": "red_red",
            "indicator_id": hits["indicator_id"],
            "criterion": None,
            "value": hits["value"],
            "benchmark": hits["benchmark"],
            "message_da": message_da,
            "message_en": message_en,
        }
    )


def index_worsening(dynamics: pd.DataFrame, threshold_sd: float, lag: int) -> pd.DataFrame:
    """Areas whose index rose by more than `threshold_sd` SDs relative to the municipality."""
    hits = dynamics[dynamics["relative_change_sd"] > threshold_sd]
    if hits.empty:
        return _empty()
    name = hits["area_name"].astype(str)
    start = (hits["period"] - lag).astype(str)
    end = hits["period"].astype(str)
    size_da = _fmt(hits["relative_change_sd"], number_da)
    size_en = _fmt(hits["relative_change_sd"], number_en)
    message_da = (
        name
        + ": indekset er fra "
        + start
        + " til "
        + end
        + " steget "
        + size_da
        + " standardafvigelser mere end hele kommunens"
    )
    message_en = (
        name + ": from " + start + " to " + end + " the index rose " + size_en
        + " standard deviations more than the municipality's"
    )  # fmt: skip
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"],
            "kind": "index_worsening",
            "indicator_id": None,
            "criterion": None,
            "value": hits["index"],
            "benchmark": hits["municipality_index"],
            "message_da": message_da,
            "message_en": message_en,
        }
    )


def criteria_near(criteria: pd.DataFrame, names: pd.DataFrame, max_persons: int) -> pd.DataFrame:
    """Criteria not met (`crit_<id>` = 0) whose `dist_<id>` is at most `max_persons`.

    `criteria` is the criteria classification: area_id, `year` (or `period`), and the
    `crit_<id>` / `dist_<id>` column pairs. `names` maps area_id to area_name.
    """
    period_column = "period" if "period" in criteria.columns else "year"
    ids = [c.removeprefix("crit_") for c in criteria.columns if c.startswith("crit_")]
    ids = [i for i in ids if f"dist_{i}" in criteria.columns]
    if not ids:
        return _empty()
    long = criteria.melt(
        id_vars=["area_id", period_column],
        value_vars=[f"crit_{i}" for i in ids],
        var_name="criterion",
        value_name="met",
    )
    long["criterion"] = long["criterion"].str.removeprefix("crit_")
    dist = criteria.melt(
        id_vars=["area_id", period_column],
        value_vars=[f"dist_{i}" for i in ids],
        var_name="criterion",
        value_name="distance",
    )
    dist["criterion"] = dist["criterion"].str.removeprefix("dist_")
    long = long.merge(dist, on=["area_id", period_column, "criterion"])
    long = long.rename(columns={period_column: "period"})
    met = pd.to_numeric(long["met"], errors="coerce")
    distance = pd.to_numeric(long["distance"], errors="coerce")
    hits = long[(met == 0) & (distance <= max_persons)].copy()
    if hits.empty:
        return _empty()
    hits["distance"] = distance[hits.index]
    hits = hits.merge(names, on="area_id", how="left")
    hits["area_name"] = hits["area_name"].fillna(hits["area_id"])
    persons = hits["distance"].astype(int).astype(str)
    name = hits["area_name"].astype(str)
    message_da = (
        name
        + ": kriteriet "
        + hits["criterion"]
        + " er ikke opfyldt, men kun "
        + persons
        + " beboere fra tærsklen"
    )
    message_en = (
        name + ": the criterion " + hits["criterion"] + " is not met, but only " + persons
        + " residents from its threshold"
    )  # fmt: skip
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"].astype(int),
            "kind": "criterion_near",
            "indicator_id": None,
            "criterion": hits["criterion"],
            "value": hits["distance"].astype(float),
            "benchmark": float("nan"),
            "message_da": message_da,
            "message_en": message_en,
        }
    )


def _target_messages(row: pd.Series) -> tuple[str, str]:
    unit = row["unit"] if isinstance(row["unit"], str) else ""
    floor = row["direction"] == "down_is_worse"
    value_da = number_da(row["value"]) + _UNIT_DA.get(unit, "")
    target_da = number_da(row["target"]) + _UNIT_DA.get(unit, "")
    value_en = number_en(row["value"]) + _UNIT_EN.get(unit, "")
    target_en = number_en(row["target"]) + _UNIT_EN.get(unit, "")
    da = (
        f"{row['area_name']}: målet for {row['indicator_id']} er ikke nået: {value_da} "
        f"(mål: {'mindst' if floor else 'højst'} {target_da}; {row['source']})"
    )
    en = (
        f"{row['area_name']}: the target for {row['indicator_id']} is not met: {value_en} "
        f"(target: {'at least' if floor else 'at most'} {target_en}; {row['source']})"
    )
    return da, en


def targets_not_met(status: pd.DataFrame) -> pd.DataFrame:
    """The targets whose status is `not_met` (see `targets.target_status`)."""
    hits = status[status["status"] == "not_met"]
    if hits.empty:
        return _empty()
    messages = [_target_messages(row) for _, row in hits.iterrows()]
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"].astype(int),
            "kind": "target_not_met",
            "indicator_id": hits["indicator_id"],
            "criterion": None,
            "value": hits["value"].astype(float),
            "benchmark": hits["target"].astype(float),
            "message_da": [m[0] for m in messages],
            "message_en": [m[1] for m in messages],
        }
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, object)) for c in ALERT_COLUMNS})


_DTYPES: Final = {"period": "int64", "value": "float64", "benchmark": "float64"}


def build_alerts(
    table: pd.DataFrame,
    dynamics: pd.DataFrame,
    criteria: pd.DataFrame | None = None,
    config: AssessmentConfig | None = None,
    targets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every alert, one row each, with ALERT_COLUMNS; sorted by period, area, kind.

    `targets`: the status against target (`targets.target_status`), where there is one."""
    config = config or default_config()
    parts = [
        red_red(table),
        index_worsening(dynamics, config.alerts.index_worsening_sd, config.dynamics.lag),
    ]
    if criteria is not None:
        names = table[["area_id", "area_name"]].drop_duplicates("area_id")
        parts.append(criteria_near(criteria, names, config.alerts.criteria_near_persons))
    if targets is not None and not targets.empty:
        parts.append(targets_not_met(targets))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty()
    alerts = pd.concat(parts, ignore_index=True)
    alerts["kind_order"] = alerts["kind"].map({k: i for i, k in enumerate(KINDS)})
    alerts = alerts.sort_values(
        ["period", "area_id", "kind_order", "indicator_id", "criterion"],
        ignore_index=True,
        na_position="first",
    )
    alerts["period"] = alerts["period"].astype("int64")
    return alerts[list(ALERT_COLUMNS)]


def render_alerts(alerts: pd.DataFrame, year: int | None = None, language: str = "da") -> str:
    """The alerts of `year` (default: the latest) as text, grouped by area."""
    if alerts.empty:
        return "Ingen varsler." if language == "da" else "No alerts."
    year = int(alerts["period"].max()) if year is None else year
    chosen = alerts[alerts["period"] == year]
    message = "message_da" if language == "da" else "message_en"
    if chosen.empty:
        return f"Ingen varsler for {year}." if language == "da" else f"No alerts for {year}."
    title = "Varsler" if language == "da" else "Alerts"
    lines = [f"{title} {year}: {len(chosen)}"]
    for area_name, group in chosen.groupby("area_name", sort=True):
        lines.append("")
        lines.append(str(area_name))
        lines.extend(f"  - {text}" for text in group[message])
    return "\n".join(lines)
