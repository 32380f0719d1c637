"""Settings for the whole test run.

The second factor is required for administrators by default (BOSOC_WEB_SECOND_FACTOR_ROLES).
The tests of other things log administrators in with their password alone; the second
factor's own tests (tests/security/test_second_factor.py, the browser tests) ask for it
explicitly.
"""

from __future__ import annotations

import os

os.environ.setdefault("BOSOC_WEB_SECOND_FACTOR_ROLES", "none")
