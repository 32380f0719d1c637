"""One HiGHS model per programme system, re-solved with a new objective each time.

`scipy.optimize.linprog` sets HiGHS up anew on every call (parsing, option checks, a
sparse copy, presolve): on the audit's small programmes that set-up cost ten times the
solve. Here the constraints are passed once and only the objective changes between
solves, so the simplex starts from the previous optimal basis (a warm start) and
usually needs a handful of iterations.

The binding is the HiGHS that scipy ships (`scipy.optimize._highspy`, pinned with scipy),
which needs no further package and prints no banner; the public `highspy` package has
the same interface and is used if scipy's is ever missing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

try:
    from scipy.optimize._highspy import _core as _highs

    _new_highs: Any = _highs._Highs
except ImportError:  # pragma: no cover - scipy moved it; the public package is the same
    import highspy as _highs

    _new_highs = _highs.Highs

FloatArray = npt.NDArray[np.float64]
INFINITY = float(_highs.kHighsInf)
PRIMAL_SIMPLEX = 4  # HiGHS option simplex_strategy
_OPTIMAL = _highs.HighsModelStatus.kOptimal
_INFEASIBLE = _highs.HighsModelStatus.kInfeasible
_UNBOUNDED = {
    _highs.HighsModelStatus.kUnbounded,
    _highs.HighsModelStatus.kUnboundedOrInfeasible,
}


class Outcome:
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"


class WarmLp:
    """min c @ x subject to a_eq x = b_eq, a_ub x <= b_ub, lower <= x <= upper."""

    def __init__(
        self,
        a_eq: sp.csr_matrix | None,
        b_eq: FloatArray | None,
        a_ub: sp.csr_matrix | None,
        b_ub: FloatArray | None,
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        self.size = len(lower)
        self._upper = np.where(np.isinf(upper), INFINITY, upper).astype(np.float64)
        self._highs = _new_highs()
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("presolve", "off")  # keep the basis between solves
        # After a change of objective the last basis is still feasible: the primal
        # simplex goes on from it, where the dual simplex would have to start over
        # (measured on the demo's table: a third of the time).
        self._highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
        self._highs.addVars(
            self.size,
            np.asarray(lower, dtype=np.float64),
            self._upper,
        )
        blocks = []
        if a_eq is not None and b_eq is not None and a_eq.shape[0]:
            blocks.append((sp.csr_matrix(a_eq), np.asarray(b_eq), np.asarray(b_eq)))
        if a_ub is not None and b_ub is not None and a_ub.shape[0]:
            blocks.append((sp.csr_matrix(a_ub), np.full(a_ub.shape[0], -INFINITY), b_ub))
        for matrix, row_lower, row_upper in blocks:
            matrix.sort_indices()
            self._highs.addRows(
                matrix.shape[0],
                np.asarray(row_lower, dtype=np.float64),
                np.asarray(row_upper, dtype=np.float64),
                matrix.nnz,
                matrix.indptr[:-1].astype(np.int32),
                matrix.indices.astype(np.int32),
                matrix.data.astype(np.float64),
            )
        self._cost_columns = np.zeros(0, dtype=np.int32)
        self.solves = 0

    def set_bounds(self, column: int, lower: float, upper: float | None = None) -> None:
        """Change one variable's bounds (upper None: its own); the basis is kept."""
        top = float(self._upper[column]) if upper is None else float(upper)
        self._highs.changeColBounds(int(column), float(lower), top)

    def set_row(self, row: int, value: float) -> None:
        """Change an equation's right-hand side."""
        self._highs.changeRowBounds(int(row), float(value), float(value))

    def minimise(self, objective: FloatArray) -> tuple[str, float, FloatArray | None]:
        """(outcome, min objective @ x, an optimal x); the value is -inf when unbounded."""
        columns = np.flatnonzero(objective).astype(np.int32)
        stale = self._cost_columns
        if len(stale):
            self._highs.changeColsCost(len(stale), stale, np.zeros(len(stale)))
        if len(columns):
            self._highs.changeColsCost(
                len(columns), columns, np.asarray(objective[columns], dtype=np.float64)
            )
        self._cost_columns = columns
        self._highs.run()
        self.solves += 1
        status = self._highs.getModelStatus()
        if status == _OPTIMAL:
            x = np.asarray(self._highs.getSolution().col_value, dtype=np.float64)
            return Outcome.OPTIMAL, float(objective @ x), x
        if status in _UNBOUNDED:
            self._highs.clearSolver()  # start the next solve afresh, not from a ray
            return Outcome.UNBOUNDED, -np.inf, None
        if status == _INFEASIBLE:
            return Outcome.INFEASIBLE, np.nan, None
        message = self._highs.modelStatusToString(status)
        raise RuntimeError(f"HiGHS did not solve the audit's programme: {message}")
