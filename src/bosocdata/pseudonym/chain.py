"""Pseudonymisation: the pseudonym of a CPR number is HMAC-SHA-256 under a chain of keys.

The key file (`$BOSOC_KEY_FILE`, default in the per-user configuration folder, mode 0600) holds a
chain of secret keys [k1, ..., kn], oldest first. The pseudonym of a normalised
10-digit CPR number c is

    h1 = hex(HMAC-SHA-256(k1, c))
    hi = hex(HMAC-SHA-256(ki, h(i-1)))      for i = 2..n, the message being the 64
                                            lower-case hex characters of h(i-1) in ASCII
    pseudonym = hn

so a one-key chain gives the plain HMAC of the CPR number, and `bosoc rekey` adds a key
kn+1 by replacing every stored pseudonym p by hex(HMAC(kn+1, p)) - the raw CPR number is never
stored, so a new key can only be applied on top of the old pseudonym.

`chain_pseudonym` computes it in Python for one value; `sql_chain_pseudonym` inside DuckDB
for a whole column at once, each step as sha256(opad || unhex(sha256(ipad || msg)))
(RFC 2104). See docs/concepts/pseudonymisation.md for the file format.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from bosocdata.errors import BosocError

KEY_BYTES = 32
MIN_KEY_BYTES = 16
KEY_FILE_HEADER = "bosoc-key v2"
"""First line of the versioned key file; a file without it is a legacy single raw key."""
_VERSIONED_PREFIX = b"bosoc-key v"
_BLOCK_SIZE = 64  # SHA-256 block size in bytes
_HEX_KEY = re.compile(r"(?:[0-9a-f]{2})+")
KEY_CHECK_MESSAGE = "bosoc key check"
"""The message whose chain pseudonym identifies a key chain (never a CPR number: not digits)."""
KEY_CHECK_CHARS = 16


@dataclass(frozen=True)
class KeyChain:
    """The keys of the pseudonymisation, oldest first. Never printed: `repr` hides them."""

    keys: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("a key chain holds at least one key")

    def __repr__(self) -> str:
        return f"KeyChain(<{len(self.keys)} key(s)>)"

    def __len__(self) -> int:
        return len(self.keys)

    def extended(self, key: bytes) -> KeyChain:
        """This chain with `key` appended as the newest key."""
        return KeyChain((*self.keys, key))

    @property
    def check_value(self) -> str:
        """A short, non-secret fingerprint of the chain, stored in the store to detect a
        store and a key file that do not belong together (a key check value: the chain
        pseudonym of a fixed non-CPR message, which reveals nothing about the keys)."""
        return chain_pseudonym(KEY_CHECK_MESSAGE, self)[:KEY_CHECK_CHARS]


# --- Python reference -------------------------------------------------------------------


def pseudonym(message: str, key: bytes) -> str:
    """One step: the lower-case hex HMAC-SHA-256 of `message` (ASCII) under `key`."""
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()


def chain_pseudonym(cpr_digits: str, chain: KeyChain | Sequence[bytes]) -> str:
    """The pseudonym of one normalised (10-digit) CPR number under a key chain."""
    keys = chain.keys if isinstance(chain, KeyChain) else tuple(chain)
    value = cpr_digits
    for key in keys:
        value = pseudonym(value, key)
    return value


# --- SQL ----------------------------------------------------------------------------------


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """(inner, outer) padded keys of HMAC-SHA-256, to be passed to SQL as BLOBs."""
    if len(key) > _BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    block = key.ljust(_BLOCK_SIZE, b"\0")
    inner = bytes(b ^ 0x36 for b in block)
    outer = bytes(b ^ 0x5C for b in block)
    return inner, outer


def sql_pseudonym(message: str, inner: str, outer: str) -> str:
    """SQL: the HMAC-SHA-256 hex of the VARCHAR expression `message`.

    `inner` and `outer` are SQL expressions of the padded keys (BLOB), e.g. columns of a
    one-row table built from `hmac_pads`, or query parameters.
    """
    return f"sha256({outer} || unhex(sha256({inner} || encode({message}))))"


def sql_chain_pseudonym(cpr_digits: str, pads: Sequence[tuple[str, str]]) -> str:
    """SQL: the chain pseudonym of `cpr_digits`; `pads` = (inner, outer) expressions of
    each key, oldest first (nested `sql_pseudonym`, innermost = oldest key)."""
    if not pads:
        raise ValueError("a key chain holds at least one key")
    expression = cpr_digits
    for inner, outer in pads:
        expression = sql_pseudonym(expression, inner, outer)
    return expression


def create_pads_table(
    con: duckdb.DuckDBPyConnection, table: str, chain: KeyChain
) -> list[tuple[str, str]]:
    """A one-row TEMP table `table` of the padded keys (`ipad_1`, `opad_1`, ...); returns
    the column pairs for `sql_chain_pseudonym`. Drop it when done."""
    columns: list[str] = []
    values: list[bytes] = []
    pads: list[tuple[str, str]] = []
    for number, key in enumerate(chain.keys, start=1):
        inner, outer = hmac_pads(key)
        columns += [f"?::BLOB AS ipad_{number}", f"?::BLOB AS opad_{number}"]
        values += [inner, outer]
        pads.append((f"{table}.ipad_{number}", f"{table}.opad_{number}"))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(columns)}", values)
    return pads


# --- the key file -------------------------------------------------------------------------


def load_or_create_chain(path: Path) -> KeyChain:
    """The key chain at `path`; a new one-key chain (32 random bytes) when absent."""
    if not path.exists():
        write_key_chain(path, KeyChain((secrets.token_bytes(KEY_BYTES),)))
    return read_key_chain(path)


def read_key_chain(path: Path) -> KeyChain:
    """The key chain in the file at `path`, in either format (see `parse_key_chain`).

    Refused when the file is readable or writable by group or others, or malformed.
    """
    if not path.is_file():
        raise BosocError(
            f"the pseudonymisation key {path} does not exist",
            hint="restore it from its backup, or set BOSOC_KEY_FILE to where it is",
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o066:
        raise BosocError(
            f"the pseudonymisation key {path} is readable or writable by other users "
            f"(mode {mode:04o})",
            hint=f"restrict it with `chmod 600 {path}`, and ask whether it has leaked",
        )
    return parse_key_chain(path.read_bytes(), path)


def parse_key_chain(data: bytes, path: Path) -> KeyChain:
    """Either a versioned file (`bosoc-key v2`, then one hex key a line, oldest first;
    blank lines and lines starting with `#` ignored) or, for files written before key
    chains, the raw bytes of one key."""
    if not data.startswith(_VERSIONED_PREFIX):
        return KeyChain((_checked_key(data, path, None),))
    lines = data.decode("ascii", errors="replace").splitlines()
    if lines[0].strip() != KEY_FILE_HEADER:
        raise BosocError(
            f"the pseudonymisation key {path} has the format {lines[0].strip()!r}, which "
            "this version of BoSocData does not know",
            hint="it was written by a newer BoSocData: upgrade, and do not edit the file",
        )
    keys = []
    for number, line in enumerate(lines[1:], start=2):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not _HEX_KEY.fullmatch(text):
            raise BosocError(
                f"{path}, line {number}: not a key (lower-case hexadecimal digits)",
                hint="restore the key file from its backup; do not edit it by hand",
            )
        keys.append(_checked_key(bytes.fromhex(text), path, number))
    if not keys:
        raise BosocError(
            f"the pseudonymisation key {path} holds no key",
            hint="restore the key file from its backup",
        )
    return KeyChain(tuple(keys))


def _checked_key(key: bytes, path: Path, line: int | None) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        where = f"{path}, line {line}: the key" if line else f"the pseudonymisation key {path}"
        raise BosocError(
            f"{where} is only {len(key)} bytes long",
            hint=f"it must hold at least {MIN_KEY_BYTES} random bytes; restore it from its backup",
        )
    return key


def format_key_chain(chain: KeyChain, *, now: datetime | None = None) -> bytes:
    """The versioned file text of `chain`, with a comment naming when it was written."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        KEY_FILE_HEADER,
        f"# BoSocData pseudonymisation keys, oldest first; {len(chain)} key(s); written {stamp}.",
        "# Secret. Never edit, never shorten: every key is needed. Back up after every change.",
        *(key.hex() for key in chain.keys),
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def write_key_chain(path: Path, chain: KeyChain) -> None:
    """Create `path` (which must not exist) holding `chain`: mode 0600 from the start,
    flushed to disk together with its folder entry."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # e.g. ~/.config/bosocdata
    # O_EXCL + mode 0600 at creation: the secret is never briefly readable by others.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, format_key_chain(chain))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a new or renamed file) to disk."""
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
