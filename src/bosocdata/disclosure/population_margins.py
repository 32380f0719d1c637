"""The residents counts the published indicator table shows: the pyramid's margins.

`published_residents_counts` collects, per area and period, every residents count of an
age range the indicator table shows (docs/concepts/disclosure-control.md, section 6,
relation 2); `population.protect_population` and `population_audit.audit_population`
take them as the population table's row sums.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.disclosure.ages import ages_label
from bosocdata.disclosure.catalogue import pure_ages
from bosocdata.indicators import Catalogue, Definition
from bosocdata.indicators.model import Subject
from bosocdata.indicators.population import AGE_BANDS

TOTALS_COLUMNS = ("area_id", "period", "ages", "residents")

# ----------------------------------------------------------- the published residents counts


def published_residents_counts(indicator_table: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The residents counts the published indicator table shows, as margins of the pyramid.

    From every indicator whose population is residents selected by age alone, its
    denominator (e.g. all residents for `boern_unge_under_18`, 18-64 for
    `voksne_uden_for_arbejdsmarkedet`), and, where its numerator narrows the ages
    only, its numerator (0-17 for `boern_unge_under_18`). Ages that do not start and end
    on band edges (15-17, 10-17) are no sum of cells and are left out. The official
    criteria's two-year means count the residents at R of year Y as the others do (the
    mean is of the two yearly values), so they are sources too; should a count ever
    disagree with the population table, `protect_population` refuses.

    One row per area, period and ages (`all`, `0-17`, ...): residents is the count
    where any indicator shows it, missing where every indicator withholds it.
    """
    parts = []
    for definition in catalogue:
        for ages, column in _counted_ages(definition):
            rows = indicator_table[indicator_table["indicator_id"] == definition.id]
            parts.append(
                pd.DataFrame(
                    {
                        "area_id": rows["area_id"].astype(str).to_numpy(),
                        "period": rows["period"].to_numpy(),
                        "ages": ages,
                        "residents": _shown_count(rows, column),
                    }
                )
            )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TOTALS_COLUMNS})
    counts = pd.concat(parts, ignore_index=True)
    return (
        counts.groupby(["area_id", "period", "ages"], sort=True)["residents"]
        .first()  # the first shown value; missing only where every indicator hides it
        .reset_index()
    )


#: the column name `_counted_ages` gives the complement of an age numerator
COMPLEMENT = "denominator - numerator"


def _shown_count(rows: pd.DataFrame, column: str) -> npt.NDArray[np.float64]:
    def values(name: str) -> npt.NDArray[np.float64]:
        return pd.to_numeric(rows[name], errors="coerce").to_numpy(dtype=np.float64)

    if column == COMPLEMENT:
        return values("denominator") - values("numerator")
    return values(column)


def _counted_ages(definition: Definition) -> list[tuple[str, str]]:
    """(ages label, column) of the residents counts an indicator's row shows.

    Besides the denominator and an age numerator, the complement of the numerator in its
    population: a row showing 137 of 456 residents aged 0-17 shows 319 residents of 18+
    as plainly (the indicator audit counts it as shown, `audit_lp._residents_counts_of_row`).
    """
    if definition.population.of is not Subject.residents:
        return []
    population = pure_ages(definition.population.where)
    if population is None:
        return []
    counted = [(population, "denominator")]
    numerator = definition.numerator
    if numerator.place_events is None and numerator.mean_of is None and numerator.where:
        narrowed = pure_ages([*definition.population.where, *numerator.where])
        if narrowed is not None:
            counted.append((narrowed, "numerator"))
            rest = _complement(population, narrowed)
            if rest is not None:
                counted.append((rest, COMPLEMENT))
    out = []
    for (low, high), column in counted:
        label = _ages_label(low, high)
        if label is not None:
            out.append((label, column))
    return out


def _complement(
    population: tuple[int, int | None], part: tuple[int, int | None]
) -> tuple[int, int | None] | None:
    """The ages of `population` outside `part`, if they are one range (0+ less 0-17: 18+)."""
    (low, high), (part_low, part_high) = population, part
    if part_low == low and part_high is not None and (high is None or part_high < high):
        return part_high + 1, high
    if part_high == high and part_low > low:
        return low, part_low - 1
    return None


def _ages_label(low: int, high: int | None) -> str | None:
    """The label of ages that start and end on band edges (a sum of pyramid cells)."""
    lows = {band_low for _, band_low, _ in AGE_BANDS}
    highs = {band_high for _, _, band_high in AGE_BANDS}
    if low not in lows or high not in highs:
        return None
    return ages_label((low, high))  # "all" (ALL_AGES), "18+", "0-17"
