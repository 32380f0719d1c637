"""Properties of the population table's disclosure control on random small tables.

Fictitious tables: one to three areas and `__rest__`, `__all__` as their sum, small
counts (so much is under k), and residents counts of the indicator table (all, 0-17,
18-64) each shown or withheld at random. Whatever they hold, after
`protect_population`:

- every count from 1 to k-1 is suppressed;
- no column hides exactly one cell while `__all__` is shown (subtraction);
- the linear-programming audit passes: no hidden count, and no residents count the
  indicator table withholds, can be narrowed below k.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bosocdata.disclosure.population import protect_population
from bosocdata.disclosure.population_audit import audit_population
from bosocdata.indicators.population import AGE_BAND_LABELS, SEXES

ALL, REST = "__all__", "__rest__"
CELLS = [(band, sex) for band in AGE_BAND_LABELS for sex in SEXES]
BANDS_OF = {
    "all": AGE_BAND_LABELS,
    "0-17": ("0-5", "6-17"),
    "18-64": ("18-29", "30-49", "50-64"),
}
K = 5


@st.composite
def cases(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    areas = [f"A{i}" for i in range(draw(st.integers(1, 3)))] + [REST]
    counts = {
        area: draw(st.lists(st.integers(0, 14), min_size=len(CELLS), max_size=len(CELLS)))
        for area in areas
    }
    counts[ALL] = np.sum(list(counts.values()), axis=0).tolist()
    table = pd.DataFrame(
        [
            {"area_id": area, "period": 2024, "age_band": b, "sex": s, "residents": int(n)}
            for area, values in counts.items()
            for (b, s), n in zip(CELLS, values, strict=True)
        ]
    )
    margins = []
    for ages in draw(st.sampled_from([[], ["all"], ["all", "0-17"], ["all", "0-17", "18-64"]])):
        for area in counts:
            value = table[(table.area_id == area) & table.age_band.isin(BANDS_OF[ages])][
                "residents"
            ].sum()
            shown = draw(st.booleans()) or area == ALL
            margins.append(
                {
                    "area_id": area,
                    "period": 2024,
                    "ages": ages,
                    "residents": float(value) if shown else np.nan,
                }
            )
    totals = pd.DataFrame(margins, columns=["area_id", "period", "ages", "residents"])
    return table, totals


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("BOSOC_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    derandomize=os.environ.get("BOSOC_HYPOTHESIS_RANDOM") is None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(cases())
def test_protected_tables_pass_the_audit(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    table, totals = case
    published = protect_population(table, k=K, published_totals=totals)

    small = (table.residents > 0) & (table.residents < K)
    assert published.loc[small.to_numpy(), "suppressed"].all()

    hidden = published.assign(hidden=published.suppressed.astype(int))
    in_areas = hidden[hidden.area_id != ALL].groupby(["age_band", "sex"])["hidden"].sum()
    total_hidden = hidden[hidden.area_id == ALL].set_index(["age_band", "sex"])["hidden"]
    single = (in_areas == 1) & (total_hidden.reindex(in_areas.index) == 0)
    assert not single.any(), "a column hides exactly one cell"

    report = audit_population(published, totals, k=K)
    assert report.passed, report.text()
