"""Indicators: declarative definitions (one YAML file each) compiled to SQL.

Public API used by the pipeline: `load_catalogue`, `compute_indicators`,
`ComputeResult`, `Catalogue`, `Definition`.
"""

from bosocdata.indicators.catalogue import Catalogue, load_catalogue
from bosocdata.indicators.compute import ComputeResult, compute_indicators
from bosocdata.indicators.model import Definition

__all__ = ["Catalogue", "ComputeResult", "Definition", "compute_indicators", "load_catalogue"]
