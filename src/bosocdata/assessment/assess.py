"""`assess`: every assessment of every area, from the indicator table after statistics.

The pipeline calls this one function; it returns six named tables, each with area_id
and period, ready for the publish step. Columns, methods and references:
docs/concepts/assessment.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import duckdb
import pandas as pd

from bosocdata.assessment.alerts import build_alerts
from bosocdata.assessment.categorisation import categorise
from bosocdata.assessment.config import AssessmentConfig, default_config
from bosocdata.assessment.dynamics import status_and_dynamics
from bosocdata.assessment.index import check_table, compute_index
from bosocdata.assessment.priorities import need_indicators, prioritise
from bosocdata.errors import NotComputed

TABLES: Final = ("index", "categorisation", "dynamics", "alerts", "priorities", "contributions")

CONTRIBUTION_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "theme",
    "unit",
    "direction",
    "value",
    "benchmark",
    "in_index",
    "normalised",
    "weight",
    "effective_weight",
    "contribution",
    "theme_score",
    "in_categorisation",
    "ratio",
    "points",
    "in_need",
    "observed",
    "expected",
    "excess",
    "excess_low",
    "excess_high",
)

# Columns that are counts of persons (or events), or derived from one cell's count so
# closely that the count can be read back. The publish step applies disclosure control
# to them (and blanks the cell-derived ones where the indicator cell is suppressed).
COUNT_COLUMNS: Final = {
    "index": ("residents",),
    "categorisation": ("residents",),
    "dynamics": ("residents",),
    "priorities": ("residents", "need", "need_low", "need_high"),
    "contributions": ("observed", "expected", "excess", "excess_low", "excess_high"),
    "alerts": (),
}
CELL_DERIVED_COLUMNS: Final = {
    "contributions": (
        "value",
        "normalised",
        "contribution",
        "ratio",
        "points",
        "observed",
        "expected",
        "excess",
        "excess_low",
        "excess_high",
    ),
    "alerts": ("value", "benchmark", "change"),
}


def assess(
    table: pd.DataFrame,
    themes: dict[str, str],
    *,
    config: AssessmentConfig | None = None,
    criteria: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """The six assessment tables (TABLES) from the indicator table after statistics.

    `themes` maps indicator_id to its catalogue theme; `criteria` is the official
    criteria's classification (`crit_*`/`dist_*` columns), used for early warning, as
    is `targets` (the status against target, `targets.target_status`).
    """
    config = config or default_config()
    check_table(table)
    index = compute_index(table, themes, config)
    categorisation, points = categorise(table, config)
    dynamics = status_and_dynamics(
        index.index, config, dynamics_index=_dynamics_index(table, themes, config)
    )
    priorities, excess = prioritise(table, index.index, themes, config)
    alerts = build_alerts(table, dynamics, criteria, config, targets)
    contributions = _contributions(
        table,
        index.contributions,
        points,
        excess,
        index_ids=list(index.weights["indicator_id"]),
        categorisation_ids=list(config.categorisation.indicators),
        need_ids=need_indicators(table, themes, config),
        themes=themes,
    )
    return {
        "index": index.index,
        "categorisation": categorisation,
        "dynamics": dynamics,
        "alerts": alerts,
        "priorities": priorities,
        "contributions": contributions,
    }


def _dynamics_index(
    table: pd.DataFrame, themes: Mapping[str, str], config: AssessmentConfig
) -> pd.DataFrame | None:
    """The index whose change is the dynamics, when it is normalised differently."""
    wanted = config.dynamics.normalisation
    if wanted is None or wanted == config.index.normalisation:
        return None
    other = config.model_copy(
        update={"index": config.index.model_copy(update={"normalisation": wanted})}
    )
    return compute_index(table, themes, other, monte_carlo=False).index


def _contributions(
    table: pd.DataFrame,
    index_part: pd.DataFrame,
    points: pd.DataFrame,
    excess: pd.DataFrame,
    *,
    index_ids: list[str],
    categorisation_ids: list[str],
    need_ids: list[str],
    themes: Mapping[str, str],
) -> pd.DataFrame:
    """One row per area x period x indicator that entered any of the three methods."""
    keys = ["area_id", "period", "indicator_id"]
    merged = index_part.drop(columns=["theme"]).merge(points, on=keys, how="outer")
    merged = merged.merge(excess, on=keys, how="outer")
    cells = table[[*keys, "area_name", "unit", "direction", "value", "benchmark"]]
    merged = merged.merge(cells, on=keys, how="left")
    merged["theme"] = merged["indicator_id"].map(dict(themes))
    merged["in_index"] = merged["indicator_id"].isin(index_ids)
    merged["in_categorisation"] = merged["indicator_id"].isin(categorisation_ids)
    merged["in_need"] = merged["indicator_id"].isin(need_ids)
    return merged[list(CONTRIBUTION_COLUMNS)].sort_values(
        ["period", "area_id", "indicator_id"], ignore_index=True
    )


def read_published(path: Path, names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Assessment tables read back from the published zone (read-only), for the CLI.

    Raises `NotComputed` when the zone or one of the tables does not exist yet.
    """
    if not path.is_file():
        raise NotComputed(f"the published zone ({path})")
    con = duckdb.connect(str(path), read_only=True)
    try:
        present = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        frames = {}
        for name in names:
            if name not in present:
                raise NotComputed(f"the published table `{name}`")
            frames[name] = con.execute(f'SELECT * FROM "{name}"').df()
        return frames
    finally:
        con.close()
