"""The pipeline behind `bosoc compute` and `bosoc demo`: the stages strung together.

Each stage lives in its own package; this module only passes data from one to the next:
store -> indicators -> statistics -> (secure results) -> disclosure control -> published zone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from bosocdata import __version__
from bosocdata.logs import get_logger
from bosocdata.progress import step
from bosocdata.publish.columns import ALL_NAME, REST_NAME
from bosocdata.settings import Paths, engine_name, suppression_k

if TYPE_CHECKING:
    from bosocdata.indicators.catalogue import Catalogue
    from bosocdata.indicators.compute import ComputeResult


@dataclass
class ComputeSummary:
    periods: list[int]
    indicators: int
    rows: int
    suppressed: int
    seconds: float
    not_available: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    assessment_warnings: list[str] = field(default_factory=list)

    @property
    def has_warnings(self) -> bool:
        return False


def published_areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The areas table of the published zone, with the two benchmark rows."""
    areas = con.execute(
        "SELECT area_id, name, housing_organisation, district, geometry FROM areas ORDER BY area_id"
    ).df()
    extra = pd.DataFrame(
        {
            "area_id": ["__all__", "__rest__"],
            "name": [ALL_NAME, REST_NAME],
            "housing_organisation": [None, None],
            "district": [None, None],
            "geometry": [None, None],
        }
    )
    return pd.concat([extra, areas], ignore_index=True)


def compute_all(
    paths: Paths,
    years: tuple[int, int] | None = None,
    *,
    quarterly: bool = False,
    engine: str | None = None,
) -> ComputeSummary:
    """Compute every indicator with its statistics and publish them disclosure-controlled.

    `quarterly` computes quarters instead of years: period codes YYYYQ (20241 is the
    first quarter of 2024, reference date 1 January, window January-March). The official
    criteria and the population table are yearly by nature and are left out then.
    `engine` (duckdb or spark; default BOSOC_ENGINE) runs the indicators; everything
    after them is the same code, so the published zone is the same.
    """
    from bosocdata.assessment.config import default_config
    from bosocdata.assessment.published_assessment import assess_published
    from bosocdata.auditlog import current_actor, record
    from bosocdata.disclosure.catalogue import (
        age_structure,
        denominator_groups,
        with_numerator_kind,
    )
    from bosocdata.disclosure.control import apply_disclosure_control
    from bosocdata.disclosure.population import (
        protect_population,
        published_residents_counts,
    )
    from bosocdata.indicators import load_catalogue
    from bosocdata.indicators.population import population_table
    from bosocdata.publish.metadata import indicator_metadata
    from bosocdata.publish.zone import write_published_zone
    from bosocdata.statistics import add_statistics
    from bosocdata.store import open_store

    started = time.perf_counter()
    log = get_logger(paths)
    k = suppression_k()
    engine_used = engine_name(engine)
    catalogue = load_catalogue()  # the built-in catalogue plus BOSOC_INDICATORS_DIR
    year_list = list(range(years[0], years[1] + 1)) if years else None
    timings: dict[str, float] = {}

    con = open_store(paths, read_only=False)
    try:
        if years is not None:
            _check_years(con, years)
        groups = _area_groups(con, paths, engine_used, log)
        group_rows = None
        if groups:  # first: the frames the areas' run leaves are read again below
            from bosocdata.indicators.groups import compute_group_rows

            with _timed(timings, "groups of areas"), step("Grupper af områder"):
                period_kind = "quarter" if quarterly else "year"
                group_rows = compute_group_rows(con, catalogue, groups, year_list, period_kind)
        with step("Beregner indikatorer"):
            result = _indicators(con, paths, engine_used, catalogue, year_list, quarterly)
        timings.update(result.timings)
        rows = result.table
        if group_rows is not None:
            rows = pd.concat([rows, group_rows], ignore_index=True)
        with _timed(timings, "statistics"), step("Intervaller, sammenligning og udvikling"):
            table = add_statistics(with_numerator_kind(rows, catalogue))
        with _timed(timings, "disclosure control"), step("Diskretionskontrol"):
            published = apply_disclosure_control(
                table,
                k=k,
                denominator_groups_of=denominator_groups(catalogue),
                ages_of=age_structure(catalogue),
                area_groups={g.group_id: g.areas for g in groups},
            )
        # A group's rows are published beside the indicator table (table `groups`), whose
        # area rows and benchmarks keep the contract's shape.
        is_group = table["area_id"].isin({g.group_id for g in groups}).to_numpy()
        group_published = published[is_group].reset_index(drop=True)
        group_secure = table[is_group].assign(suppressed=group_published["suppressed"].to_numpy())
        table = table[~is_group].reset_index(drop=True)
        published = published[~is_group].reset_index(drop=True)
        with _timed(timings, "store secure results"), step("Gemmer i den sikre zone"):
            # every number, and whether the publication withholds it
            secure = table.assign(suppressed=published["suppressed"].to_numpy())
            con.register("results_frame", secure)
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE OR REPLACE TABLE indicator_results AS SELECT * FROM results_frame")
            con.register("group_frame", group_secure)
            con.execute("CREATE OR REPLACE TABLE group_results AS SELECT * FROM group_frame")
            con.execute("COMMIT")
            con.unregister("results_frame")
            con.unregister("group_frame")
        extra: dict[str, pd.DataFrame] = {}
        if groups:
            from bosocdata.indicators.groups import membership

            extra["groups"] = group_published
            extra["area_groups"] = membership(groups)
        if not quarterly:
            with _timed(timings, "population table"), step("Befolkning efter alder og køn"):
                extra["population"] = protect_population(
                    population_table(con, result.periods),
                    k=k,
                    published_totals=published_residents_counts(published, catalogue),
                )
        areas = published_areas(con)
    finally:
        con.close()

    with _timed(timings, "assessment"), step("Vurdering af områderne"):
        themes = {d.id: d.theme.value for d in catalogue}
        assessment = assess_published(
            published,
            themes,
            secure=table,
            published_categories=_published_categories(paths),
            targets=_targets(paths, published, catalogue, groups),
            group_rows=group_published,
            official_criteria=not quarterly,
        )
    periods = sorted(int(p) for p in published["period"].unique())
    meta = {
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "first_period": str(periods[0]) if periods else "",
        "last_period": str(periods[-1]) if periods else "",
        "suppression_k": str(k),
        # the assessment's minimum size, stated on the priorities page with its reason
        "min_residents": str(default_config().min_residents),
        "period_kind": "quarter" if quarterly else "year",
        "version": __version__,
    }
    with _timed(timings, "write published zone"), step("Publicerer"):
        write_published_zone(
            paths.published,
            indicator_table=published,
            areas=areas,
            indicators=indicator_metadata(catalogue),
            meta=meta,
            extra={**assessment.tables, **extra},
        )

    summary = ComputeSummary(
        periods=periods,
        indicators=int(published["indicator_id"].nunique()),
        rows=len(published),
        suppressed=int(published["suppressed"].sum()),
        seconds=time.perf_counter() - started,
        not_available=dict(result.not_available),
        timings=timings,
        assessment_warnings=assessment.warnings,
    )
    for warning in assessment.warnings:
        log.info("assessment: %s", warning)
    log.info(
        "compute: %d indicators, %d rows, %d suppressed",
        summary.indicators,
        summary.rows,
        summary.suppressed,
    )
    record(
        paths,
        "compute",
        actor=current_actor(),
        details={
            "periods": f"{meta['first_period']}-{meta['last_period']}",
            "rows": summary.rows,
            "engine": engine_used,
        },
    )
    return summary


def _check_years(con: duckdb.DuckDBPyConnection, years: tuple[int, int]) -> None:
    """Refuse `--years` that reach outside the years the stored delivery covers.

    Such years have no residents, or too few (before the extract begins): computing them
    would replace the published zone with empty or misleading years.
    """
    from bosocdata.errors import BosocError
    from bosocdata.indicators.frames import default_years

    covered = default_years(con)
    if not covered or (covered[0] <= years[0] and years[1] <= covered[-1]):
        return
    span = f"{covered[0]}-{covered[-1]}"
    raise BosocError(
        f"the years {years[0]}-{years[1]} reach outside the years the stored delivery "
        f"covers, {span}; nothing was computed",
        hint=f"choose years within {span}, or leave out --years for all of them",
    )


def _published_categories(paths: Paths) -> pd.DataFrame | None:
    """The ministry's published lists, where the municipality has given them."""
    from bosocdata.assessment.classify import category_ids, default_rule_sets
    from bosocdata.assessment.criteria_csv import read_published_categories

    path = paths.published_categories
    if not path.is_file():
        return None
    return read_published_categories(path, category_ids(default_rule_sets()))


def _indicators(
    con: duckdb.DuckDBPyConnection,
    paths: Paths,
    engine: str,
    catalogue: Catalogue,
    years: list[int] | None,
    quarterly: bool,
) -> ComputeResult:
    from bosocdata.indicators import compute_indicators

    period = "quarter" if quarterly else "year"
    if engine == "spark":
        from bosocdata.indicators.engines.spark_run import compute_store_on_spark

        return compute_store_on_spark(con, paths, catalogue, years, period)
    return compute_indicators(con, catalogue, years, period=period)


def _area_groups(con: duckdb.DuckDBPyConnection, paths: Paths, engine: str, log: Any) -> list[Any]:
    """Groups of areas: the file `BOSOC_AREA_GROUPS` and the helhedsplaner of the store."""
    from bosocdata.indicators.groups import groups_from_interventions, read_area_groups

    areas = [str(r[0]) for r in con.execute("SELECT area_id FROM areas").fetchall()]
    path = paths.area_groups
    found = read_area_groups(path, areas) if path.is_file() else []
    known = {g.group_id for g in found}
    found += [g for g in groups_from_interventions(con) if g.group_id not in known]
    if found and engine != "duckdb":
        log.warning("groups of areas are computed on the duckdb engine only: left out")
        return []
    return found


def _targets(
    paths: Paths, published: pd.DataFrame, catalogue: Any, groups: list[Any]
) -> pd.DataFrame | None:
    """The targets file (`BOSOC_TARGETS`), checked against the areas, groups, indicators."""
    from bosocdata.assessment.targets import read_targets

    path = paths.targets
    if not path.is_file():
        return None
    areas = set(published["area_id"].astype(str)) | {g.group_id for g in groups}
    return read_targets(path, areas=areas, indicators={d.id for d in catalogue})


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - started
