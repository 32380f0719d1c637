"""Pseudonymisation: HMAC-SHA-256 under the secret key, in Python and in SQL."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import duckdb
import pytest

from bosocdata.errors import BosocError
from bosocdata.pseudonym.chain import (
    KEY_FILE_HEADER,
    KeyChain,
    hmac_pads,
    load_or_create_chain,
    pseudonym,
    sql_pseudonym,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))


def test_same_key_gives_the_same_pseudonym_and_another_key_another() -> None:
    assert pseudonym("0101801234", KEY_A) == pseudonym("0101801234", KEY_A)
    assert pseudonym("0101801234", KEY_A) != pseudonym("0101801234", KEY_B)
    assert pseudonym("0101801234", KEY_A) != pseudonym("0101801235", KEY_A)


def test_the_pseudonym_is_the_hex_hmac_of_the_number() -> None:
    expected = hmac.new(KEY_A, b"0101801234", "sha256").hexdigest()
    assert pseudonym("0101801234", KEY_A) == expected
    assert len(expected) == 64


@pytest.mark.parametrize("key", [KEY_A, KEY_B, b"k" * 64, b"a much longer key " * 6])
def test_sql_hmac_equals_python_hmac(key: bytes) -> None:
    numbers = ["0101801234", "3112999999", "2902044567", "0000000000"]
    inner, outer = hmac_pads(key)
    con = duckdb.connect()
    con.execute("CREATE TABLE k AS SELECT ?::BLOB AS ipad, ?::BLOB AS opad", [inner, outer])
    con.execute("CREATE TABLE t (cpr VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[n] for n in numbers])
    rows = con.execute(
        f"SELECT t.cpr, {sql_pseudonym('t.cpr', 'k.ipad', 'k.opad')} FROM t CROSS JOIN k"
    ).fetchall()
    assert {n: hmac.new(key, n.encode(), hashlib.sha256).hexdigest() for n in numbers} == dict(rows)


def test_key_file_is_created_with_mode_0600_and_one_key_of_32_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "home" / "pseudonym.key"
    chain = load_or_create_chain(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(chain.keys) == 1 and len(chain.keys[0]) == 32
    lines = path.read_text(encoding="ascii").splitlines()
    assert lines[0] == KEY_FILE_HEADER and lines[-1] == chain.keys[0].hex()
    assert load_or_create_chain(path) == chain  # read back, not created again
    assert chain.keys[0].hex() not in repr(chain)  # a chain never prints its keys


def test_key_file_is_created_0600_even_under_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        load_or_create_chain(tmp_path / "pseudonym.key")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "pseudonym.key").stat().st_mode) == 0o600


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602])
def test_key_file_readable_or_writable_by_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_bytes(KEY_A)
    path.chmod(mode)
    with pytest.raises(BosocError, match="readable or writable by other users") as error:
        load_or_create_chain(path)
    assert "chmod 600" in str(error.value)


def test_a_too_short_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_bytes(b"short")
    path.chmod(0o600)
    with pytest.raises(BosocError, match="only 5 bytes"):
        load_or_create_chain(path)


def test_a_key_file_of_raw_bytes_from_before_key_chains_is_one_key(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_bytes(KEY_A)
    path.chmod(0o600)
    assert load_or_create_chain(path) == KeyChain((KEY_A,))
    assert path.read_bytes() == KEY_A  # read, never rewritten
