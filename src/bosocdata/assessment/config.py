"""The assessment's configuration: YAML data validated with Pydantic, defaults in the package.

`load_config()` reads the built-in `config/default.yaml`; `load_config(path)` reads a
municipality's file on top of it (keys left out keep their defaults). Problems are
reported all at once as `file:line: key: message`. Every key: docs/concepts/assessment.md.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bosocdata.assessment.rulesets import criteria_indicators
from bosocdata.errors import BosocError
from bosocdata.yamlfile import YamlFile, YamlSyntaxError, loc_text, read_yaml, validation_problems

DEFAULT_FILE = Path(__file__).resolve().parent / "config" / "default.yaml"

Normalisation = Literal["zscore_municipality", "zscore", "ratio", "percentile"]
NORMALISATIONS: tuple[Normalisation, ...] = ("zscore_municipality", "ratio", "percentile")
CATEGORIES = ("saerligt_udsat", "udsat", "risiko")
Positive = Annotated[float, Field(gt=0)]


class ConfigError(BosocError):
    """An assessment configuration that cannot be used; names file, line and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeightPerturbation(_Strict):
    """How the Monte-Carlo draws theme weights around their nominal values."""

    kind: Literal["uniform", "dirichlet"] = "uniform"
    spread: Annotated[float, Field(ge=0, lt=1)] = 0.5
    concentration: Positive = 20.0


class MonteCarlo(_Strict):
    draws: Annotated[int, Field(ge=1, le=100_000)] = 1000
    seed: int = 2013
    weights: WeightPerturbation = WeightPerturbation()
    normalisations: Annotated[list[Normalisation], Field(min_length=1)] = list(NORMALISATIONS)
    interval: Annotated[float, Field(gt=0, lt=1)] = 0.9


class IndexConfig(_Strict):
    exclude_themes: list[str] = Field(default_factory=lambda: ["demography", "official_criteria"])
    include_indicators: list[str] = Field(default_factory=list)
    exclude_indicators: list[str] = Field(default_factory=list)
    normalisation: Normalisation = "zscore_municipality"
    # indicators: a theme weighs as many indicators as it has (each indicator counts the
    # same); equal: every theme the same, however many indicators it has.
    theme_weighting: Literal["indicators", "equal"] = "indicators"
    theme_weights: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    indicator_weights: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    min_coverage: Annotated[float, Field(ge=0, le=1)] = 0.5
    monte_carlo: MonteCarlo = MonteCarlo()


def _increasing(values: list[float], what: str) -> None:
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{what} must increase, got {values}")


class CategorisationConfig(_Strict):
    indicators: Annotated[list[str], Field(min_length=1)]
    thresholds: Annotated[list[Positive], Field(min_length=1)] = [1.25, 1.5, 2.0]
    per_indicator_thresholds: dict[str, Annotated[list[Positive], Field(min_length=1)]] = Field(
        default_factory=dict
    )
    require_significant: bool = False
    missing: Literal["ignore", "rescale"] = "ignore"
    cutoffs: dict[Literal["saerligt_udsat", "udsat", "risiko"], Annotated[float, Field(ge=0)]]

    @model_validator(mode="after")
    def _consistent(self) -> CategorisationConfig:
        _increasing(self.thresholds, "thresholds")
        for indicator, thresholds in self.per_indicator_thresholds.items():
            _increasing(thresholds, f"thresholds of {indicator}")
        missing = sorted(set(CATEGORIES) - set(self.cutoffs))
        if missing:
            raise ValueError(f"cutoffs needs every class {list(CATEGORIES)}; missing {missing}")
        ordered = [self.cutoffs[c] for c in ("risiko", "udsat", "saerligt_udsat")]
        _increasing(ordered, "cutoffs (risiko < udsat < saerligt_udsat)")
        return self

    def thresholds_for(self, indicator_id: str) -> list[float]:
        return self.per_indicator_thresholds.get(indicator_id, self.thresholds)


class StatusConfig(_Strict):
    scale: Literal["sd", "index"] = "sd"
    centre: Literal["municipality", "areas"] = "municipality"
    cutoffs: Annotated[list[float], Field(min_length=3, max_length=3)] = [-1.0, 1.0, 1.5]

    @model_validator(mode="after")
    def _ordered(self) -> StatusConfig:
        _increasing(self.cutoffs, "cutoffs")
        return self


class DynamicsConfig(_Strict):
    # The index whose change is measured: built with this normalisation (None: the
    # index's own). `ratio` measures every indicator against the municipality in its
    # own period, so its change is a change relative to the municipality on a scale
    # that does not move with the spread of the few eligible areas.
    normalisation: Normalisation | None = "ratio"
    lag: Annotated[int, Field(ge=1)] = 2
    scale: Literal["sd", "index"] = "sd"
    cutoff: Annotated[float, Field(ge=0)] = 1.0


class AlertsConfig(_Strict):
    index_worsening_sd: Annotated[float, Field(ge=0)] = 0.5
    criteria_near_persons: Annotated[int, Field(ge=0)] = 25


class PrioritiesConfig(_Strict):
    units: list[Literal["pct", "per100hh", "per1000"]] = ["pct", "per100hh", "per1000"]
    indicators: list[str] = Field(default_factory=list)


class TwinsConfig(_Strict):
    # The k most similar areas by standardised Euclidean distance on these indicators'
    # values (and the log of the residents when `size`): docs/concepts/assessment.md.
    k: Annotated[int, Field(ge=1)] = 5
    # Default: the official criteria's indicators, as the rule sets name them.
    indicators: Annotated[list[str], Field(min_length=1)] = Field(
        default_factory=lambda: list(criteria_indicators())
    )
    size: bool = True


class FeaturedConfig(_Strict):
    # The indicators a reader sees first (the presentation layer reads them).
    front_page: list[str] = Field(default_factory=list)
    yearly_report: list[str] = Field(default_factory=list)


class AssessmentConfig(_Strict):
    version: Literal[1] = 1
    min_residents: Annotated[float, Field(ge=0)] = 500
    population_indicator: str = "boern_unge_under_18"
    convicted_share_indicator: str = "domme"
    index: IndexConfig = IndexConfig()
    categorisation: CategorisationConfig
    status: StatusConfig = StatusConfig()
    dynamics: DynamicsConfig = DynamicsConfig()
    alerts: AlertsConfig = AlertsConfig()
    priorities: PrioritiesConfig = PrioritiesConfig()
    twins: TwinsConfig = TwinsConfig()
    featured: FeaturedConfig = FeaturedConfig()


# ---------------------------------------------------------------------------- loading


def _read(path: Path) -> YamlFile:
    try:
        return read_yaml(path)
    except OSError as error:
        raise ConfigError(
            f"{path}: cannot read the assessment configuration: {error.strerror}",
            hint="check the path",
        ) from None
    except YamlSyntaxError as error:
        raise ConfigError(str(error), hint="check the indentation and the colons") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`, mapping by mapping (lists and values replace)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: Path | None = None) -> AssessmentConfig:
    """The built-in defaults, with the keys of `path` (a YAML file) on top."""
    document = _read(DEFAULT_FILE)
    data = document.data
    if path is not None:
        document = _read(path)
        override = document.data if document.data is not None else {}
        if not isinstance(override, dict):
            raise ConfigError(
                f"{path.name}:1: the assessment configuration must be a mapping of keys",
                hint="start from src/bosocdata/assessment/config/default.yaml",
            )
        data = _merge(data, override)
    try:
        return AssessmentConfig.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{document.path.name}:{document.line(loc)}: {loc_text(loc)}: {message}"
            for loc, message in validation_problems(error)
        ]
        raise ConfigError(
            "; ".join(problems), hint="see docs/concepts/assessment.md for every key"
        ) from None


def default_config() -> AssessmentConfig:
    return load_config()
