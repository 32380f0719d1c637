"""Dates as whole days since 1970-01-01 (int32 numpy arrays), the generator's one date type."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

Days = npt.NDArray[np.int32]

NO_DATE = np.int32(np.iinfo(np.int32).max)  # "never": no death, never moved out
_EPOCH = dt.date(1970, 1, 1)


def day(year: int, month: int = 1, dom: int = 1) -> int:
    """Days since 1970-01-01 of one calendar date."""
    return (dt.date(year, month, dom) - _EPOCH).days


def year_start(year: int) -> int:
    """The reference date R of a period: 1 January."""
    return day(year, 1, 1)


def split(days: npt.NDArray[np.integer]) -> tuple[npt.NDArray[np.int64], ...]:
    """(year, month, day of month) of each date."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (d - months).astype(np.int64) + 1
    return year, month, dom


def age_at(birth: npt.NDArray[np.integer], ref_year: int) -> npt.NDArray[np.int64]:
    """Age in completed years on 1 January of `ref_year`."""
    year, month, dom = split(birth)
    born_on_new_year = (month == 1) & (dom == 1)
    return ref_year - year - np.where(born_on_new_year, 0, 1)


def uniform_between(
    rng: np.random.Generator, low: npt.ArrayLike, high: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """A random day in [low, high) for each pair (high > low)."""
    lo = np.asarray(low, dtype=np.int64)
    hi = np.asarray(high, dtype=np.int64)
    width = np.maximum(hi - lo, 1)
    return lo + np.floor(rng.random(np.broadcast(lo, hi).shape) * width).astype(np.int64)
