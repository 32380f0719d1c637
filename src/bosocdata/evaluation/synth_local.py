"""The classic synthetic-control optimiser of R's `Synth` (Abadie, Diamond & Hainmueller 2011).

A small own implementation, used where a published result was found by that
optimiser's local search (Abadie & Gardeazabal's Basque Country weights): the global
predictor-weight search of `mlsynth` finds a different, better-fitting optimum there,
which is right but not the published number.

- Predictors are scaled by their standard deviation over all units (as `Synth`).
- Inner problem: for predictor weights V, donor weights W on the simplex minimise
  (X1 - X0 W)' V (X1 - X0 W), solved as non-negative least squares with the
  sum-to-one row weighted heavily (Lawson & Hanson).
- Outer problem: V (non-negative, summing to one) minimises the mean squared pre-period
  outcome gap, by Nelder-Mead started from equal weights, as `Synth` does by default.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize, nnls

Array = npt.NDArray[np.float64]

_SUM_WEIGHT = 1e4  # weight of the sum-to-one row in the inner least squares
#: The outer search stops after this many Nelder-Mead steps, as the Python port
#: of `Synth` (pysyncon) does; the published weights are where that search stops.
MAX_ITER = 1000


def simplex_weights(x1: Array, x0: Array, v: Array) -> Array:
    """W >= 0, sum W = 1 minimising sum_k v_k (x1_k - (x0 W)_k)^2."""
    root = np.sqrt(np.maximum(v, 0.0))
    a = np.vstack([x0 * root[:, None], _SUM_WEIGHT * np.ones((1, x0.shape[1]))])
    b = np.concatenate([x1 * root, [_SUM_WEIGHT]])
    w, _ = nnls(a, b, maxiter=50 * x0.shape[1])
    total = w.sum()
    return w / total if total > 0 else np.full(x0.shape[1], 1.0 / x0.shape[1])


def fit_local(x1: Array, x0: Array, z1: Array, z0: Array) -> tuple[Array, Array]:
    """(W, V) of the classic nested optimisation; X = predictors, Z = pre-period outcomes."""
    both = np.hstack([x1[:, None], x0])
    scale = both.std(axis=1, ddof=1)
    scale[scale == 0] = 1.0
    x1s, x0s = x1 / scale, x0 / scale[:, None]
    k = len(x1)

    def loss(raw: Array) -> float:
        v = np.abs(raw) / max(np.abs(raw).sum(), 1e-12)
        w = simplex_weights(x1s, x0s, v)
        gap = z1 - z0 @ w
        return float(np.mean(gap**2))

    start = np.full(k, 1.0 / k)
    best = minimize(
        loss,
        start,
        method="Nelder-Mead",
        options={"maxiter": MAX_ITER},
    )
    v = np.abs(best.x) / np.abs(best.x).sum()
    return simplex_weights(x1s, x0s, v), v
