"""Run a third-party estimator without its printing and its library warnings.

csdid prints its summaries; pyfixest and csdid raise deprecation warnings of pandas.
What the user needs to know is said by our own warnings (Danish), not theirs.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    with (
        contextlib.redirect_stdout(io.StringIO()),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        yield
