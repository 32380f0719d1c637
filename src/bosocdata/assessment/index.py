"""The composite vulnerability index and its Monte-Carlo robustness.

Built the way the composite-indicator literature builds one (OECD/JRC Handbook 2008;
the JRC's COINr): select indicators, turn them so that higher = more vulnerable,
normalise, weight (themes equal, indicators equal within their theme), aggregate by the
weighted arithmetic mean, theme by theme, re-weighting over the indicators an area has.
A Monte-Carlo over theme weights and normalisations gives each area's median rank and
rank interval. Everything runs on (period x area x indicator) numpy arrays.
See docs/concepts/assessment.md.

Why one module of over 400 lines: the index is one computation over one array layout
(selection, normalisation, aggregation, Monte-Carlo ranks, the published tables), and
the Monte-Carlo re-runs normalisation and aggregation; split, the steps would import
each other in a circle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.assessment.config import (
    AssessmentConfig,
    IndexConfig,
    MonteCarlo,
    Normalisation,
    default_config,
)
from bosocdata.errors import BosocError

ALL: Final = "__all__"
REST: Final = "__rest__"
NOT_AREAS: Final = (ALL, REST)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

REQUIRED_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "direction",
    "numerator",
    "denominator",
    "value",
    "benchmark",
)


# ---------------------------------------------------------------------------- input


def check_table(table: pd.DataFrame) -> None:
    """Refuse a table without the columns the assessment reads, or with a cell twice."""
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise BosocError(
            f"the indicator table has no column(s) {missing}",
            hint="pass the table after bosocdata.statistics.add_statistics",
        )
    keys = ["area_id", "period", "indicator_id"]
    twice = table.duplicated(keys, keep=False)
    if twice.any():
        row = table.loc[twice, keys].iloc[0]
        raise BosocError(
            f"the indicator table has area {row['area_id']}, period {row['period']}, "
            f"indicator {row['indicator_id']} more than once",
            hint="one row per area x period x indicator",
        )
    bad = ~table["direction"].isin(["up_is_worse", "down_is_worse"])
    if bad.any():
        row = table.loc[bad].iloc[0]
        raise BosocError(
            f"indicator {row['indicator_id']}: unknown direction {row['direction']!r}",
            hint="up_is_worse or down_is_worse",
        )


def direction_sign(direction: pd.Series) -> pd.Series:
    """+1 for up_is_worse, -1 for down_is_worse: sign x value is higher when worse."""
    return pd.Series(
        np.where(direction.to_numpy() == "down_is_worse", -1.0, 1.0), index=direction.index
    )


def area_frame(table: pd.DataFrame, config: AssessmentConfig) -> pd.DataFrame:
    """One row per area x period: area_name, is_area, residents, eligible.

    Residents are the denominator of `config.population_indicator`. An area is
    *eligible* (normalisation reference, ranks, status, categories) when it is a real
    area (not `__all__`/`__rest__`) with at least `min_residents` residents.
    """
    areas = (
        table[["area_id", "period", "area_name"]]
        .drop_duplicates(["area_id", "period"])
        .sort_values(["period", "area_id"], kind="stable")
        .reset_index(drop=True)
    )
    population = table.loc[
        table["indicator_id"] == config.population_indicator, ["area_id", "period", "denominator"]
    ].rename(columns={"denominator": "residents"})
    areas = areas.merge(population, on=["area_id", "period"], how="left")
    areas["residents"] = areas["residents"].astype("float64")
    areas["is_area"] = ~areas["area_id"].isin(NOT_AREAS)
    big_enough = areas["residents"] >= config.min_residents
    if config.min_residents == 0:
        big_enough = pd.Series(True, index=areas.index)
    areas["eligible"] = areas["is_area"] & big_enough
    return areas


# ---------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Weights:
    """The index's indicators, their themes and nominal weights (summing to 1)."""

    indicators: list[str]
    themes: list[str]  # distinct themes, in order
    theme_of: list[str]  # theme of each indicator
    relative: FloatArray  # within-theme relative weight of each indicator
    theme_weight: FloatArray  # each theme's share, summing to 1

    @property
    def membership(self) -> FloatArray:
        """(indicator x theme) 0/1 matrix."""
        return np.array(
            [[1.0 if t == theme else 0.0 for theme in self.themes] for t in self.theme_of]
        ).reshape(len(self.indicators), len(self.themes))

    @property
    def nominal(self) -> FloatArray:
        """Each indicator's share of the index when every indicator is available."""
        member = self.membership
        theme_totals = self.relative @ member
        share = self.relative / (member @ theme_totals)
        return np.asarray(share * (member @ self.theme_weight), dtype=np.float64)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "indicator_id": self.indicators,
                "theme": self.theme_of,
                "weight": self.nominal,
            }
        )


def select_indicators(
    present: Sequence[str], themes: Mapping[str, str], config: IndexConfig
) -> list[str]:
    """The index's indicators among `present`: themes not excluded, then the explicit lists."""
    unknown = sorted(
        i
        for i in present
        if i not in themes and i not in config.exclude_indicators and i in config.include_indicators
    )
    if unknown:
        raise BosocError(
            f"indicator(s) {unknown} are in the index but have no theme",
            hint="pass a theme for every indicator (the catalogue's `theme`)",
        )
    chosen = [
        i
        for i in present
        if (i in themes and themes[i] not in config.exclude_themes)
        or i in config.include_indicators
    ]
    return sorted(i for i in chosen if i not in config.exclude_indicators)


def index_weights(
    indicators: Sequence[str], themes: Mapping[str, str], config: IndexConfig
) -> Weights:
    """Nominal weights: theme weights (default 1 each) rescaled to sum to 1, and
    indicator weights (default 1) relative within their theme."""
    theme_of = [themes.get(i, "other") for i in indicators]
    distinct = sorted(set(theme_of))
    for name, known, kind in (
        (config.theme_weights, distinct, "theme"),
        (config.indicator_weights, list(indicators), "indicator"),
    ):
        stray = sorted(set(name) - set(known))
        if stray:
            raise BosocError(
                f"the index configuration weighs {kind}(s) {stray} that are not in the index",
                hint=f"the index has the {kind}s {known}",
            )
    relative = np.array([config.indicator_weights.get(i, 1.0) for i in indicators], dtype=float)
    theme_weight = np.array([config.theme_weights.get(t, 1.0) for t in distinct], dtype=float)
    if config.theme_weighting == "indicators":
        # a theme weighs the sum of its indicators' weights: each indicator counts the same
        size = {
            t: sum(r for r, o in zip(relative, theme_of, strict=True) if o == t) for t in distinct
        }
        theme_weight = theme_weight * np.array([size[t] for t in distinct], dtype=float)
    weights = Weights(list(indicators), distinct, theme_of, relative, theme_weight)
    member = weights.membership if indicators else np.zeros((0, len(distinct)))
    zero_theme = [t for t, total in zip(distinct, relative @ member, strict=True) if total <= 0]
    if zero_theme or (len(distinct) and theme_weight.sum() <= 0):
        raise BosocError(
            f"the index weights are zero for {zero_theme or 'every theme'}",
            hint="give at least one indicator of each theme, and one theme, a positive weight",
        )
    if len(distinct):
        weights = Weights(
            list(indicators), distinct, theme_of, relative, theme_weight / theme_weight.sum()
        )
    return weights


# ---------------------------------------------------------------------------- arrays


@dataclass(frozen=True)
class Cube:
    """Values on a (period x area-row x indicator) grid; rows follow `areas`."""

    periods: list[int]
    area_ids: list[str]
    indicators: list[str]
    value: FloatArray  # (P, A, I)
    benchmark: FloatArray  # (P, I), broadcast over areas
    sign: FloatArray  # (I,)
    eligible: BoolArray  # (P, A)


def build_cube(table: pd.DataFrame, areas: pd.DataFrame, indicators: Sequence[str]) -> Cube:
    periods = sorted(int(p) for p in areas["period"].unique())
    area_ids = sorted(areas["area_id"].unique())
    rows = table[table["indicator_id"].isin(indicators)]
    p_idx = pd.Index(periods)
    a_idx = pd.Index(area_ids)
    i_idx = pd.Index(list(indicators))
    value = np.full((len(periods), len(area_ids), len(indicators)), np.nan)
    pi = p_idx.get_indexer(pd.Index(rows["period"].astype(int)))
    ai = a_idx.get_indexer(pd.Index(rows["area_id"]))
    ii = i_idx.get_indexer(pd.Index(rows["indicator_id"]))
    value[pi, ai, ii] = rows["value"].astype(float).to_numpy()
    benchmark = np.full((len(periods), len(indicators)), np.nan)
    benchmark[pi, ii] = rows["benchmark"].astype(float).to_numpy()
    signs = rows.drop_duplicates("indicator_id").set_index("indicator_id")["direction"]
    sign = direction_sign(signs.reindex(list(indicators)).fillna("up_is_worse")).to_numpy()
    eligible = np.zeros((len(periods), len(area_ids)), dtype=bool)
    eligible[
        p_idx.get_indexer(pd.Index(areas["period"].astype(int))),
        a_idx.get_indexer(pd.Index(areas["area_id"])),
    ] = areas["eligible"].to_numpy(dtype=bool)
    return Cube(periods, area_ids, list(indicators), value, benchmark, sign, eligible)


# ---------------------------------------------------------------------------- normalisation


def normalise(cube: Cube, method: Normalisation) -> FloatArray:
    """Normalised values (P, A, I), higher = more vulnerable; NaN where the value is missing.

    - `zscore_municipality` (the default): s (x - municipality) / sd, sd the sample sd
      (ddof 1) over the eligible areas of the period: the distance from the
      municipality's own value in units of the areas' spread, so an area worse than the
      municipality always counts towards vulnerability; 0 where the areas do not vary.
    - `zscore`: (s x - mean) / sd, mean and sd over the eligible areas: the position
      among the eligible areas (an area far worse than the municipality can score below
      0 when the eligible areas are all as bad).
    - `ratio`: s (x / benchmark - 1), the relative difference from the municipality.
    - `percentile`: 100 (below + equal / 2) / n among the eligible areas' s x values.

    s is +1 for up_is_worse and -1 for down_is_worse. Non-eligible rows (`__all__`,
    `__rest__`, small areas) are normalised with the eligible areas' parameters.
    """
    x = cube.value * cube.sign
    ref = np.where(cube.eligible[:, :, None], x, np.nan)
    if method == "ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = cube.value / cube.benchmark[:, None, :] - 1.0
        ratio[~np.isfinite(ratio)] = np.nan
        return np.asarray(ratio * cube.sign, dtype=np.float64)
    count = (~np.isnan(ref)).sum(axis=1, keepdims=True)  # (P, 1, I)
    if method in ("zscore", "zscore_municipality"):
        total = np.nansum(ref, axis=1, keepdims=True)
        mean = np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)
        squares = np.nansum((ref - mean) ** 2, axis=1, keepdims=True)
        var = np.divide(squares, count - 1, out=np.full(total.shape, np.nan), where=count > 1)
        sd = np.sqrt(var)
        varies = sd > 1e-12 * np.maximum(1.0, np.abs(mean))
        centre = mean
        if method == "zscore_municipality":
            centre = (cube.benchmark * cube.sign)[:, None, :]
        z = np.divide(x - centre, sd, out=np.zeros(x.shape), where=np.broadcast_to(varies, x.shape))
        if method == "zscore_municipality":
            z[np.isnan(np.broadcast_to(centre, x.shape))] = np.nan
        z[np.isnan(x) | np.broadcast_to(count == 0, x.shape)] = np.nan
        return z
    # percentile: compare every row with every eligible row of the same period/indicator
    below = np.nansum(np.where(ref[:, None, :, :] < x[:, :, None, :], 1.0, 0.0), axis=2)
    equal = np.nansum(np.where(ref[:, None, :, :] == x[:, :, None, :], 1.0, 0.0), axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100.0 * (below + 0.5 * equal) / count
    pct[np.isnan(x) | np.broadcast_to(count == 0, x.shape)] = np.nan
    return np.asarray(pct, dtype=np.float64)


# ---------------------------------------------------------------------------- aggregation


@dataclass(frozen=True)
class Aggregate:
    theme_score: FloatArray  # (P, A, T)
    theme_available: BoolArray  # (P, A, T)
    index: FloatArray  # (P, A)
    coverage: FloatArray  # (P, A)
    effective_weight: FloatArray  # (P, A, I)


def theme_scores(normalised: FloatArray, weights: Weights) -> tuple[FloatArray, BoolArray]:
    """Weighted mean of each theme's available indicators: (P, A, T) and its availability."""
    available = ~np.isnan(normalised)
    member = weights.membership
    numerator = np.einsum("pai,i,it->pat", np.nan_to_num(normalised), weights.relative, member)
    denominator = np.einsum("pai,i,it->pat", available.astype(float), weights.relative, member)
    has = denominator > 0
    score = np.divide(numerator, denominator, out=np.full(numerator.shape, np.nan), where=has)
    return score, has


def combine_themes(
    score: FloatArray, has: BoolArray, theme_weight: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Index = weighted mean of the available theme scores. `theme_weight` is (T,) or (D, T):
    the result is (P, A) or (D, P, A), with the weight share available (same shape)."""
    w = np.atleast_2d(theme_weight)
    num = np.einsum("dt,pat->dpa", w, np.where(has, score, 0.0))
    den = np.einsum("dt,pat->dpa", w, has.astype(float))
    index = np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0)
    if theme_weight.ndim == 1:
        return index[0], den[0]
    return index, den


def aggregate(normalised: FloatArray, weights: Weights, min_coverage: float) -> Aggregate:
    score, has = theme_scores(normalised, weights)
    index, _ = combine_themes(score, has, weights.theme_weight)
    available = ~np.isnan(normalised)
    coverage = np.einsum("pai,i->pa", available.astype(float), weights.nominal)
    index = np.where(coverage + 1e-12 >= min_coverage, index, np.nan)
    # each indicator's share of this area's index, after re-weighting
    member = weights.membership
    theme_den = np.einsum("pai,i,it->pat", available.astype(float), weights.relative, member)
    theme_share = np.einsum("pat,t->pat", has.astype(float), weights.theme_weight)
    theme_total = theme_share.sum(axis=2, keepdims=True)
    theme_part = np.divide(
        theme_share, theme_total, out=np.zeros(theme_share.shape), where=theme_total > 0
    )
    per_indicator_den = np.einsum("pat,it->pai", theme_den, member)
    within = np.divide(
        np.broadcast_to(weights.relative, normalised.shape),
        per_indicator_den,
        out=np.zeros(normalised.shape),
        where=per_indicator_den > 0,
    )
    effective = np.where(available, within * np.einsum("pat,it->pai", theme_part, member), 0.0)
    effective = np.where(np.isnan(index)[:, :, None], np.nan, effective)
    return Aggregate(score, has, index, coverage, effective)


# ---------------------------------------------------------------------------- ranks


def rank_areas(index: FloatArray, eligible: BoolArray) -> FloatArray:
    """Rank 1 = most vulnerable among eligible areas with an index, along the last axis
    (ties share the lowest rank); NaN for the rest."""
    return min_ranks(-np.where(eligible, index, np.nan))


def min_ranks(values: FloatArray) -> FloatArray:
    """Ranks along the last axis, smallest first, ties sharing the lowest rank, NaN left
    out (NaN) -- as scipy.stats.rankdata(method="min", nan_policy="omit"), without the
    second it takes to import scipy.stats."""
    order = np.argsort(values, axis=-1, kind="stable")  # NaN last
    ordered = np.take_along_axis(values, order, axis=-1)
    positions = np.broadcast_to(np.arange(values.shape[-1]), values.shape)
    starts = np.ones(values.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    first = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
    ranks = np.empty(values.shape, dtype=float)
    np.put_along_axis(ranks, order, first + 1.0, axis=-1)
    return np.where(np.isnan(values), np.nan, ranks)


def draw_theme_weights(nominal: FloatArray, mc: MonteCarlo, rng: np.random.Generator) -> FloatArray:
    """(draws, T) theme weights around `nominal`, each draw summing to 1."""
    t = nominal.size
    if mc.weights.kind == "dirichlet":
        alpha = np.maximum(mc.weights.concentration * nominal * t, 1e-9)
        drawn = rng.dirichlet(alpha, size=mc.draws)
    else:
        spread = mc.weights.spread
        drawn = nominal * rng.uniform(1.0 - spread, 1.0 + spread, size=(mc.draws, t))
    return np.asarray(drawn / drawn.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass(frozen=True)
class RankSummary:
    median: FloatArray  # (P, A)
    low: FloatArray
    high: FloatArray
    draws: int


def monte_carlo_ranks(
    cube: Cube, weights: Weights, ranked: BoolArray, mc: MonteCarlo
) -> RankSummary:
    """Median rank and rank interval over `mc.draws` draws of theme weights and
    normalisation. `ranked` (P, A) is the set of areas ranked in every draw (eligible,
    with enough coverage under the nominal weights)."""
    rng = np.random.default_rng(mc.seed)
    theme_w = draw_theme_weights(weights.theme_weight, mc, rng)
    choice = rng.integers(0, len(mc.normalisations), size=mc.draws)
    ranks = np.full((mc.draws, *ranked.shape), np.nan)
    for k, method in enumerate(mc.normalisations):
        picked = np.flatnonzero(choice == k)
        if picked.size == 0:
            continue
        score, has = theme_scores(normalise(cube, method), weights)
        index, _ = combine_themes(score, has, theme_w[picked])
        ranks[picked] = rank_areas(index, np.broadcast_to(ranked, index.shape))
    alpha = (1.0 - mc.interval) / 2.0
    filled = np.where(np.isnan(ranks), 0.0, ranks)
    median, low, high = np.quantile(filled, [0.5, alpha, 1.0 - alpha], axis=0)
    unranked = np.isnan(ranks).any(axis=0)
    return RankSummary(
        median=np.where(unranked, np.nan, median),
        low=np.where(unranked, np.nan, low),
        high=np.where(unranked, np.nan, high),
        draws=mc.draws,
    )


# ---------------------------------------------------------------------------- the tables


@dataclass(frozen=True)
class IndexResult:
    """`index`: one row per area x period; `contributions`: per area x period x indicator."""

    index: pd.DataFrame
    contributions: pd.DataFrame
    weights: pd.DataFrame


INDEX_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "is_area",
    "residents",
    "eligible",
    "normalisation",
    "index",
    "coverage",
    "n_indicators",
    "n_available",
    "rank",
    "n_ranked",
    "rank_median",
    "rank_low",
    "rank_high",
    "mc_draws",
)


def _grid(cube: Cube) -> pd.DataFrame:
    p, a = np.meshgrid(np.arange(len(cube.periods)), np.arange(len(cube.area_ids)), indexing="ij")
    return pd.DataFrame(
        {
            "area_id": np.asarray(cube.area_ids, dtype=object)[a.ravel()],
            "period": np.asarray(cube.periods)[p.ravel()],
        }
    )


def compute_index(
    table: pd.DataFrame,
    themes: Mapping[str, str],
    config: AssessmentConfig | None = None,
    *,
    monte_carlo: bool = True,
) -> IndexResult:
    """The vulnerability index per area and period, its ranks and contributions.

    `monte_carlo=False` leaves out the robustness draws (rank intervals stay empty), for
    an index needed only for its values.
    """
    config = config or default_config()
    check_table(table)
    areas = area_frame(table, config)
    present = sorted(table["indicator_id"].unique())
    indicators = select_indicators(present, themes, config.index)
    weights = index_weights(indicators, themes, config.index)
    cube = build_cube(table, areas, indicators)
    normalised = normalise(cube, config.index.normalisation)
    agg = aggregate(normalised, weights, config.index.min_coverage)
    ranked = cube.eligible & ~np.isnan(agg.index)
    rank = rank_areas(agg.index, ranked)
    if monte_carlo:
        mc = monte_carlo_ranks(cube, weights, ranked, config.index.monte_carlo)
    else:
        nothing = np.full(ranked.shape, np.nan)
        mc = RankSummary(median=nothing, low=nothing, high=nothing, draws=0)

    grid = _grid(cube)
    grid["index"] = agg.index.ravel()
    grid["coverage"] = agg.coverage.ravel()
    grid["n_available"] = (~np.isnan(normalised)).sum(axis=2).ravel()
    grid["rank"] = rank.ravel()
    grid["n_ranked"] = np.repeat(ranked.sum(axis=1), len(cube.area_ids))
    grid["rank_median"] = mc.median.ravel()
    grid["rank_low"] = mc.low.ravel()
    grid["rank_high"] = mc.high.ravel()
    out = areas.merge(grid, on=["area_id", "period"], how="left")
    out["normalisation"] = config.index.normalisation
    out["n_indicators"] = len(indicators)
    out["mc_draws"] = mc.draws
    out["n_ranked"] = np.where(out["eligible"], out["n_ranked"], np.nan)
    index_table = out[list(INDEX_COLUMNS)].sort_values(["period", "area_id"], ignore_index=True)

    contributions = _contributions(cube, weights, normalised, agg, areas)
    return IndexResult(index_table, contributions, weights.frame())


def _contributions(
    cube: Cube, weights: Weights, normalised: FloatArray, agg: Aggregate, areas: pd.DataFrame
) -> pd.DataFrame:
    p, a, i = np.meshgrid(
        np.arange(len(cube.periods)),
        np.arange(len(cube.area_ids)),
        np.arange(len(cube.indicators)),
        indexing="ij",
    )
    t_of = np.array([weights.themes.index(t) for t in weights.theme_of], dtype=int)
    frame = pd.DataFrame(
        {
            "area_id": np.asarray(cube.area_ids, dtype=object)[a.ravel()],
            "period": np.asarray(cube.periods)[p.ravel()],
            "indicator_id": np.asarray(cube.indicators, dtype=object)[i.ravel()],
            "theme": np.asarray(weights.theme_of, dtype=object)[i.ravel()],
            "normalised": normalised.ravel(),
            "weight": weights.nominal[i.ravel()],
            "effective_weight": agg.effective_weight.ravel(),
            "theme_score": agg.theme_score[p, a, t_of[i]].ravel(),
        }
    )
    frame["contribution"] = frame["effective_weight"] * frame["normalised"]
    frame = frame[frame["normalised"].notna()]
    keep = areas[["area_id", "period"]]
    return frame.merge(keep, on=["area_id", "period"], how="inner").reset_index(drop=True)
