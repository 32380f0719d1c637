"""`bosoc ingest`: read, validate, pseudonymise, link and load a delivery.

The work is in the submodules, in pipeline order: `files` (find and fingerprint),
`read` (stage as text), `validate` (SQL checks, rejects), `link` (addresses to areas)
and `delivery` (the whole run). The registers are declared as data in
`bosocdata.registers`; the CPR rules, the HMAC key chain and the key state live in
`bosocdata.pseudonym`, the store's files in `bosocdata.store`.
"""

from __future__ import annotations

from bosocdata.ingest.delivery import ingest_delivery

__all__ = ["ingest_delivery"]
