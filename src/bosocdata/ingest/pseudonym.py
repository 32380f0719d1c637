"""Pseudonymisation: the pseudonym of a CPR number is HMAC-SHA-256 under a secret key.

The key is 32 random bytes in `$BOSOC_KEY_FILE` (default `$BOSOC_HOME/pseudonym.key`),
created with mode 0600 on first use. The pseudonym (`pid`) is the lower-case hex HMAC of
the normalised 10-digit CPR number. `pseudonym` computes it in Python for one value;
`sql_pseudonym` computes the same thing inside DuckDB for a whole column at once, as
sha256(opad_key || unhex(sha256(ipad_key || cpr))) (RFC 2104).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from bosocdata.errors import BosocError

KEY_BYTES = 32
MIN_KEY_BYTES = 16
_BLOCK_SIZE = 64  # SHA-256 block size in bytes


def load_or_create_key(path: Path) -> bytes:
    """The secret key at `path`; created (32 random bytes, mode 0600) when absent.

    Refused when the file is readable or writable by group or others, or too short.
    """
    if not path.exists():
        _create_key(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o066:
        raise BosocError(
            f"the pseudonymisation key {path} is readable or writable by other users "
            f"(mode {mode:04o})",
            hint=f"restrict it with `chmod 600 {path}`, and ask whether it has leaked",
        )
    key = path.read_bytes()
    if len(key) < MIN_KEY_BYTES:
        raise BosocError(
            f"the pseudonymisation key {path} is only {len(key)} bytes long",
            hint=f"it must hold at least {MIN_KEY_BYTES} random bytes; restore it from its backup",
        )
    return key


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL + mode 0600 at creation: the secret is never briefly readable by others.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, secrets.token_bytes(KEY_BYTES))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def pseudonym(cpr_digits: str, key: bytes) -> str:
    """The pseudonym of one normalised (10-digit) CPR number."""
    return hmac.new(key, cpr_digits.encode("ascii"), hashlib.sha256).hexdigest()


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """(inner, outer) padded keys of HMAC-SHA-256, to be passed to SQL as BLOBs."""
    if len(key) > _BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    block = key.ljust(_BLOCK_SIZE, b"\0")
    inner = bytes(b ^ 0x36 for b in block)
    outer = bytes(b ^ 0x5C for b in block)
    return inner, outer


def sql_pseudonym(cpr_digits: str, inner: str, outer: str) -> str:
    """SQL: the HMAC-SHA-256 hex of the VARCHAR expression `cpr_digits`.

    `inner` and `outer` are SQL expressions of the padded keys (BLOB), e.g. columns of a
    one-row table built from `hmac_pads`.
    """
    return f"sha256({outer} || unhex(sha256({inner} || encode({cpr_digits}))))"
