"""The dominance rule for sums (the p% rule), a primary rule beside the threshold rule.

A published sum of money (numerator kind `sum`, e.g. the incomes behind a mean income)
gives a contributor away when one contribution dominates it: knowing the total, the
second-largest contributor can estimate the largest to within the rest. The p% rule
(Hundepool et al. 2012, *Statistical Disclosure Control*, section 4.2.2; Statistics
Denmark and Eurostat use it for business statistics) calls a cell sensitive when

    total - x1 - x2 < p/100 * x1

with x1 >= x2 the two largest contributions: the second-largest contributor could then
estimate x1 more closely than p % (p = `BOSOC_DOMINANCE_P`, 10 by default). The two
largest contributions per cell (`top1`, and `top2`, the sum of the two largest) come
from the secure computation (indicators/compiler.py) and are never published.

The audit (audit.py) checks, with the secure table, that every cell the rule marks is
suppressed, and shows the range a reader can narrow each such hidden sum to from the
published relations; a range narrower than p % of x1 is a finding.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.settings import setting

CONTRIBUTOR_COLUMNS = ("top1", "top2")
"""The largest contribution and the sum of the two largest: secure zone only."""


def dominance_p(raw: str | None = None) -> float:
    """`BOSOC_DOMINANCE_P`: the p of the p% rule, a percentage above 0."""
    text = (setting("dominance_p") if raw is None else raw).strip()
    try:
        p = float(text)
    except ValueError:
        p = -1.0
    if not 0 < p <= 100:
        raise BosocError(
            f"BOSOC_DOMINANCE_P must be a percentage above 0 and at most 100, got {text!r}",
            hint="the default is 10",
        )
    return p


def dominance_unsafe(table: pd.DataFrame, p: float) -> npt.NDArray[np.bool_]:
    """True where a sum cell breaks the p% rule (False where the rule does not apply:
    not a sum, or no contributor columns)."""
    if not set(CONTRIBUTOR_COLUMNS) <= set(table.columns) or "numerator_kind" not in table:
        return np.zeros(len(table), dtype=bool)
    is_sum = (table["numerator_kind"].astype(str) == "sum").to_numpy()
    total = pd.to_numeric(table["numerator"], errors="coerce").to_numpy(dtype=np.float64)
    top1 = pd.to_numeric(table["top1"], errors="coerce").to_numpy(dtype=np.float64)
    top2 = pd.to_numeric(table["top2"], errors="coerce").to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        rest = total - top2
        dominated = rest < (p / 100.0) * np.abs(top1)
    return is_sum & ~np.isnan(top1) & dominated


def hidden_sum_ranges(
    published: pd.DataFrame, rows: npt.NDArray[np.intp], groups: frozenset[str] = frozenset()
) -> dict[int, tuple[float, float]]:
    """For each row (hidden sum cells), the range [low, high] a reader can narrow its sum
    to from the published table: in its period and indicator, the areas and `__rest__`
    add up to `__all__`; with the published sums subtracted, the hidden cells share the
    rest, each at least 0 (incomes, amounts). Unbounded (inf) when `__all__` is hidden.
    Rows of groups of areas (`groups`: their ids) are sums of areas, not parts: left out."""
    ranges: dict[int, tuple[float, float]] = {}
    numerator = pd.to_numeric(published["numerator"], errors="coerce")
    hidden = published["suppressed"].fillna(False).astype(bool)
    for row in rows:
        period, indicator = published.iloc[row][["period", "indicator_id"]]
        same = (published["period"] == period) & (published["indicator_id"] == indicator)
        is_all = published["area_id"].astype(str) == "__all__"
        total = numerator[same & is_all]
        if total.empty or bool(hidden[same & is_all].any()) or total.isna().all():
            ranges[int(row)] = (0.0, float("inf"))
            continue
        part = ~is_all & ~published["area_id"].astype(str).isin(groups)
        shown = numerator[same & part & ~hidden].sum()
        ranges[int(row)] = (0.0, float(total.iloc[0] - shown))
    return ranges
