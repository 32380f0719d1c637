"""Evaluation of interventions: did it work, and was it the residents or the move-ins?

The stage after the assessment and before the publication. It reads the stored
indicator table (area-year panels) and the person-level store, and writes the
evaluation table of INTERFACE.md:

- `did`: staggered difference-in-differences (Callaway & Sant'Anna 2021) with a
  two-way fixed effects event study beside it (`did.py`, `twfe.py`);
- `synth`: synthetic control for one treated area (`synth.py`);
- `decompose`: the stayers/movers decomposition of INDICATORS.md, in SQL on the
  person-level store (`decompose.py`), with the flows behind it (`flows.py`).

A partial evaluation replaces only the stored rows it recomputed (`stored.py`).

Methods and references: docs/concepts/evaluation.md.
"""

from __future__ import annotations

from bosocdata.evaluation.table import EVALUATION_COLUMNS, evaluation_frame

__all__ = ["EVALUATION_COLUMNS", "evaluation_frame"]
