"""The generator's true parameters, written beside the delivery in `ground_truth/`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from bosocdata.synth import catalogue as cat
from bosocdata.synth.geography import Geography
from bosocdata.synth.rates import Rates

README = """\
# Ground truth of the synthetic municipality

Written by `bosoc synth` beside the delivery. These are the true parameters the
registers were drawn from; an analysis of the delivery should recover them within its
stated uncertainty. Nothing here is read by `bosoc ingest`.

## rates.csv

`area_id, year, indicator_id, true_value`: for every area (and `__rest__`, the
ordinary neighbourhoods, addresses in no area), year and probability-driven person
indicator, the probability in percent (0-100) that a member of the indicator's
population (INDICATORS.md: a resident at R = 1 January of the year, by age at R) has
the numerator property. It is exactly the probability the generator used: each member
of the population is an independent draw with it (statuses persist over years through
a latent variable, which does not change any year's probability).

For `oekonomisk_friplads` the population is children 0-13 enrolled in childcare at R;
for `skolefravaer` residents 6-16 with an absence row for school year Y-1; for
`sprogvurdering` residents with an assessment in the year. Those populations are
themselves random, but the probability given membership is `true_value`.

## place_rates.csv

`area_id, year, indicator_id, true_value` for place indicators: the expected number of
events per 100 households (a household = a dwelling with a resident at R) during the
year, in the area's dwellings (`haervaerk_indbrud`: incidents of kind haervaerk,
indbrud or indbrudsforsoeg; `udsaettelser`: evictions). Counts per household are Poisson.

## areas.csv

`area_id, name, profile, trend, target_residents_scale1, target_residents,
dwellings, membership, housing_organisation, district`. `profile` is
`very_vulnerable`, `vulnerable`, `risk` or `ordinary`; `trend` is `improving` (all
rates fall: the log-odds drops by 0.06 a year), `stable` or `deteriorating` (+0.05 a
year); on top comes a small random walk. `target_residents` is the size the area was
built for; areas keep their size at every scale (only the ordinary neighbourhoods
shrink or grow), so it equals `target_residents_scale1`. Actual numbers drift over
the years. `membership` says how the delivery assigns addresses to the area:
`address_list` (area_addresses.csv) or `polygon` (areas.geojson).

## interventions.csv

`area_id, start_year, indicator_id, effect, effect_pp_start_year`: from `start_year`
on, the indicator's log-odds in the area is shifted by `effect` (negative lowers the
rate). `effect_pp_start_year` is the resulting change of the probability in percentage
points in the start year. `rates.csv` already includes the effect.

## composition.csv

`area_id, from_year, indicator_id, shift_in_movers`: a planted composition change. From
`from_year` on, persons who move into the area (who did not live there on 1 January of
`from_year`) have the indicator's log-odds shifted by `shift_in_movers`; the residents
who lived there then keep the area's rate, which `rates.csv` gives (for this area and
indicator after `from_year`, `rates.csv` is the probability of those residents, not of
the newcomers). The area's rate changes because different people move in: a
stayers/movers decomposition should put the change on the in-movers.
"""


def _write(path: Path, columns: dict[str, object]) -> None:
    table = pa.table(columns)
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def write_ground_truth(
    out: Path, rates: Rates, geo: Geography, scale: float, dwellings: np.ndarray
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.md").write_text(README, encoding="utf-8")
    n_areas, n_years = len(rates.area_ids), len(rates.years)
    area_col = np.repeat(np.array(rates.area_ids), n_years)
    year_col = np.tile(np.array(rates.years), n_areas)

    def long(table: dict[str, np.ndarray]) -> dict[str, object]:
        ids = sorted(table)
        return {
            "area_id": np.tile(area_col, len(ids)),
            "year": np.tile(year_col, len(ids)),
            "indicator_id": np.repeat(np.array(ids), n_areas * n_years),
            "true_value": np.concatenate([np.round(table[i].ravel() * 100.0, 4) for i in ids]),
        }

    _write(out / "rates.csv", long(rates.person))
    _write(out / "place_rates.csv", long(rates.place))
    specs = cat.AREAS
    _write(
        out / "areas.csv",
        {
            "area_id": list(rates.area_ids[:-1]),
            "name": [a.name for a in specs],
            "profile": [a.profile for a in specs],
            "trend": [a.trend for a in specs],
            "target_residents_scale1": [a.residents for a in specs],
            "target_residents": [float(a.residents) for a in specs],
            "dwellings": [int(d) for d in dwellings],
            "membership": [a.membership for a in specs],
            "housing_organisation": [a.organisation for a in specs],
            "district": list(geo.area_district),
        },
    )
    changes = [c for c in cat.COMPOSITION_CHANGES if c.from_year in rates.years]
    names = [spec.name for spec in cat.AREAS]
    _write(
        out / "composition.csv",
        {
            "area_id": pa.array(
                [rates.area_ids[names.index(c.area)] for c in changes], pa.string()
            ),
            "from_year": pa.array([c.from_year for c in changes], pa.int64()),
            "indicator_id": pa.array([c.indicator_id for c in changes], pa.string()),
            "shift_in_movers": pa.array([c.shift for c in changes], pa.float64()),
        },
    )
    rows = rates.interventions
    _write(
        out / "interventions.csv",
        {
            "area_id": pa.array([r[0] for r in rows], pa.string()),
            "start_year": pa.array([r[1] for r in rows], pa.int64()),
            "indicator_id": pa.array([r[2] for r in rows], pa.string()),
            "effect": pa.array([r[3] for r in rows], pa.float64()),
            "effect_pp_start_year": pa.array([r[4] for r in rows], pa.float64()),
        },
    )
