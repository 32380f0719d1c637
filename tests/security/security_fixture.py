"""Shared by the security tests: the accounts, the areas a partner may not see, a client.

The home holds the hand-written published zone of tests/web and one account per role.

Areas of the fixture: `aeblehaven` (Boligforeningen Frugt), `bakken` (Bakke Bolig),
`oester` (Øst Bo), plus `__all__` and `__rest__`. The partner `frugt` belongs to
Boligforeningen Frugt: it may see `aeblehaven` and `__all__`, nothing else.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from web_login import CHEAP_HASHER

from bosocdata.web.app import create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PARTNER_ORGANISATION = "Boligforeningen Frugt"
OWN_AREA = "aeblehaven"
FOREIGN_AREAS = ("bakken", "oester", "__rest__")
FOREIGN_WORDS = (
    # names, organisations and districts of the areas the partner may not see
    "Bakkegården",
    "Østerparken",
    "Bakke Bolig",
    "Øst Bo",
    "Uden for boligområderne",
    "Outside the housing areas",
    "bakken",
    "oester",
    "__rest__",
)
USERS = {
    "admin": {"role": "admin"},
    "analytiker": {"role": "analyst"},
    "frugt": {"role": "partner", "housing_organisation": PARTNER_ORGANISATION},
    "laeser": {"role": "viewer"},
}


def new_client(published: Path, **options: object) -> TestClient:
    return TestClient(create_app(published, auth="login", hasher=CHEAP_HASHER, **options))
