"""The key chain: its pseudonym (Python and SQL), its file format, its check value."""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path

import duckdb
import pytest

from bosocdata.errors import BosocError
from bosocdata.pseudonym.chain import (
    KeyChain,
    chain_pseudonym,
    create_pads_table,
    parse_key_chain,
    read_key_chain,
    sql_chain_pseudonym,
    write_key_chain,
)

K1 = bytes(range(32))
K2 = bytes(range(100, 132))
K3 = b"a key longer than one SHA-256 block, " * 3  # hashed first, as RFC 2104 says
NUMBERS = ["0101801234", "3112999999", "2902044567", "1506951235"]


def by_hand(cpr: str, keys: list[bytes]) -> str:
    """The documented definition: h1 = hex HMAC(k1, cpr), hi = hex HMAC(ki, h(i-1))."""
    value = cpr
    for key in keys:
        value = hmac.new(key, value.encode("ascii"), hashlib.sha256).hexdigest()
    return value


def test_a_one_key_chain_gives_the_plain_hmac_of_the_number() -> None:
    expected = hmac.new(K1, b"0101801234", hashlib.sha256).hexdigest()
    assert chain_pseudonym("0101801234", KeyChain((K1,))) == expected


def test_each_further_key_is_applied_to_the_hex_of_the_step_before() -> None:
    step1 = hmac.new(K1, b"0101801234", hashlib.sha256).hexdigest()
    step2 = hmac.new(K2, step1.encode("ascii"), hashlib.sha256).hexdigest()
    assert chain_pseudonym("0101801234", KeyChain((K1, K2))) == step2
    assert len(step2) == 64 and step2 == step2.lower()


@pytest.mark.parametrize("keys", [[K1], [K1, K2], [K1, K2, K3], [K3, K1]], ids=repr)
def test_sql_chain_pseudonym_equals_the_python_reference(keys: list[bytes]) -> None:
    chain = KeyChain(tuple(keys))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (cpr VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[n] for n in NUMBERS])
    pads = create_pads_table(con, "pads", chain)
    rows = con.execute(
        f"SELECT t.cpr, {sql_chain_pseudonym('t.cpr', pads)} FROM t CROSS JOIN pads"
    ).fetchall()
    assert dict(rows) == {n: by_hand(n, keys) for n in NUMBERS}
    assert dict(rows) == {n: chain_pseudonym(n, chain) for n in NUMBERS}


def test_the_key_file_holds_a_header_and_one_hex_key_a_line_oldest_first(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    write_key_chain(path, KeyChain((K1, K2)))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys = [line for line in path.read_text("ascii").splitlines() if not line.startswith("#")]
    assert keys == ["bosoc-key v2", K1.hex(), K2.hex()]
    assert read_key_chain(path) == KeyChain((K1, K2))


def test_an_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    write_key_chain(path, KeyChain((K1,)))
    with pytest.raises(FileExistsError):
        write_key_chain(path, KeyChain((K2,)))
    assert read_key_chain(path) == KeyChain((K1,))


def test_comments_and_blank_lines_are_ignored(tmp_path: Path) -> None:
    text = f"bosoc-key v2\n# first key\n{K1.hex()}\n\n# second\n{K2.hex()}\n"
    assert parse_key_chain(text.encode(), tmp_path / "k") == KeyChain((K1, K2))


def test_a_file_without_the_header_is_one_raw_key_from_before_key_chains(tmp_path: Path) -> None:
    assert parse_key_chain(K2, tmp_path / "k") == KeyChain((K2,))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bosoc-key v3\n" + K1.hex() + "\n", "the format 'bosoc-key v3'"),
        ("bosoc-key v2\n", "holds no key"),
        ("bosoc-key v2\n" + K1.hex() + "\nnot-hex\n", "line 3: not a key"),
        ("bosoc-key v2\n" + K1.hex().upper() + "\n", "line 2: not a key"),
        ("bosoc-key v2\n" + "ab" * 16 + "\n" + "ab" * 7 + "\n", "line 3: the key is only 7"),
    ],
)
def test_a_damaged_key_file_is_refused_without_showing_a_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(BosocError) as error:
        parse_key_chain(text.encode(), tmp_path / "pseudonym.key")
    assert problem in str(error.value)
    assert K1.hex() not in str(error.value) and K1.hex().upper() not in str(error.value)


def test_the_check_value_tells_chains_apart_and_reveals_no_key() -> None:
    one, two = KeyChain((K1,)), KeyChain((K1, K2))
    assert one.check_value == KeyChain((K1,)).check_value
    assert len({one.check_value, two.check_value, KeyChain((K2,)).check_value}) == 3
    assert len(one.check_value) == 16
    assert one.check_value not in K1.hex() + K2.hex()
    assert one.check_value == by_hand("bosoc key check", [K1])[:16]
