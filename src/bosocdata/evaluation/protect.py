"""Disclosure control of the evaluation table before it reaches the published zone.

- `decompose`: each group (stayers before and after, in-movers, entrants, out-movers,
  leavers) is a cell of persons with a numerator; the threshold rule of the indicator
  table (`disclosure.rules.primary_unsafe`: numerator, population and their difference
  at least k for `pct`, the population for `dkk`) applies to every group that is not
  empty. A decomposition (indicator, area, pair of periods) with one unsafe group is
  withheld whole, and so is one whose indicator cell at either period is suppressed in
  the published indicator table (its terms would give that cell away). An empty group
  is no person and is published as 0.
- `did`, `synth`: for the published zone they are computed from the published indicator
  values (evaluate.py); here nothing more is withheld.

Where `suppressed` is true, every number of the row is empty.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from bosocdata.disclosure.rules import check_k, primary_unsafe
from bosocdata.evaluation.decompose import GROUPS

#: The numbers a suppressed row withholds.
NUMBERS = ("estimate", "se", "ci_low", "ci_high", "n_treated", "n_control")
_KEY = ["indicator_id", "area_id", "base_period", "period"]
#: group -> the rate estimands whose numerator the rule reads
_RATES = {
    "stayers": ("rate_stayers_before", "rate_stayers_after"),
    "in_movers": ("rate_in_movers",),
    "entrants": ("rate_entrants",),
    "out_movers": ("rate_out_movers",),
    "leavers": ("rate_leavers",),
}


def protect_decomposition(
    table: pd.DataFrame,
    *,
    k: int,
    units: Mapping[str, str],
    suppressed_cells: set[tuple[str, str, int]] | None = None,
) -> pd.DataFrame:
    """The decomposition rows with `suppressed` set and withheld numbers emptied.

    `units`: indicator_id -> unit. `suppressed_cells`: (indicator_id, area_id, period)
    of the published indicator table's suppressed cells.
    """
    check_k(k)
    out = table.copy()
    rows = out[out["method"] == "decompose"]
    if rows.empty:
        return out
    wide = rows.pivot_table(index=_KEY, columns="estimand", values="estimate", aggfunc="first")
    unsafe = pd.Series(False, index=wide.index)
    unit = np.array([units.get(str(key[0]), "pct") for key in wide.index], dtype=object)
    scale = np.where(unit == "pct", 100.0, 1.0)
    for group, rates in _RATES.items():
        size = wide.get(f"n_{group}", pd.Series(0.0, index=wide.index)).to_numpy(float)
        for rate in rates:
            value = wide.get(rate, pd.Series(np.nan, index=wide.index)).to_numpy(float)
            numerator = np.round(value / scale * size)
            group_unsafe = primary_unsafe(unit, numerator, size, k) & (size > 0)
            unsafe |= group_unsafe
    if suppressed_cells:
        for key in wide.index:
            indicator, area, before, after = key
            cells = {(indicator, area, int(before)), (indicator, area, int(after))}
            if cells & suppressed_cells:
                unsafe.loc[key] = True
    withheld = {key for key, flag in unsafe.items() if flag}
    keys = list(zip(*(out[c] for c in _KEY), strict=True))
    hide = np.array(
        [m == "decompose" and key in withheld for m, key in zip(out["method"], keys, strict=True)],
        dtype=bool,
    )
    out.loc[hide, "suppressed"] = True
    for column in NUMBERS:
        out.loc[hide, column] = pd.NA if column.startswith("n_") else np.nan
    return out


__all__ = ["GROUPS", "protect_decomposition"]
