"""A tiny hand-made secure store (DuckDB, in memory) for the indicator tests.

`make_store({"persons": [...], ...})` creates the tables of the store layout
(docs/concepts/architecture.md) from plain dicts; the four required registers always
exist (maybe empty), an optional register exists only when given. Fictitious data only.
A person is named in the rows by a short text ("p1"), kept as their `pseudonym`; the
tables get the integer key (`pid`) the store joins on, as ingest gives them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from bosocdata.indicators.schema import REGISTER_COLUMNS, REQUIRED_REGISTERS


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def make_store(tables: dict[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    tables = _with_person_keys(tables)
    for register in sorted(REQUIRED_REGISTERS | set(tables)):
        columns = REGISTER_COLUMNS[register]
        con.execute(
            f"CREATE TABLE {register} (" + ", ".join(f"{c} {t}" for c, t in columns.items()) + ")"
        )
        rows = tables.get(register, [])
        for row in rows:
            unknown = set(row) - set(columns)
            assert not unknown, f"{register}: unknown columns {unknown}"
        if rows:
            names = list(columns)
            con.executemany(
                f"INSERT INTO {register} VALUES ({', '.join('?' for _ in names)})",
                [[_value(row.get(n)) for n in names] for row in rows],
            )
    return con


def _with_person_keys(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows with each person's name replaced by an integer key (1, 2, ... in name
    order); `persons` keeps the name as the pseudonym."""
    names = sorted({row["pid"] for rows in tables.values() for row in rows if "pid" in row})
    key = {name: i for i, name in enumerate(names, start=1)}

    def keyed(register: str, row: dict[str, Any]) -> dict[str, Any]:
        if "pid" not in row:
            return row
        out = {**row, "pid": key[row["pid"]]}
        if register == "persons":
            out.setdefault("pseudonym", row["pid"])
        return out

    return {reg: [keyed(reg, row) for row in rows] for reg, rows in tables.items()}


def _value(v: Any) -> Any:
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return d(v)
        except ValueError:
            return v
    return v


def person(
    pid: str,
    birth: str,
    sex: str = "F",
    origin: int = 1,
    country: str | None = "DK",
    death: str | None = None,
) -> dict[str, Any]:
    return {
        "pid": pid,
        "birth_date": birth,
        "sex": sex,
        "origin": origin,
        "origin_country": country,
        "death_date": death,
    }


def ev(pid: str, column: str, date: str, **extra: object) -> dict[str, object]:
    """An event row of a register: the person, the date in its column, other columns."""
    return {"pid": pid, column: date, **extra}


def lives(pid: str, address: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"pid": pid, "address_id": address, "start_date": start, "end_date": end}


def address(address_id: str, area: str | None) -> dict[str, Any]:
    return {
        "address_id": address_id,
        "street": "Testvej",
        "house_number": address_id,
        "postcode": "8000",
        "area_id": area,
    }


def areas(*ids: str) -> list[dict[str, Any]]:
    return [{"area_id": a, "name": f"Område {a}"} for a in ids]


def row(result: Any, indicator: str, area: str, period: int) -> dict[str, Any]:
    """The one row of the indicator table for indicator, area and period."""
    t = result.table
    hit = t[(t.indicator_id == indicator) & (t.area_id == area) & (t.period == period)]
    assert len(hit) == 1, f"{indicator}/{area}/{period}: {len(hit)} rows"
    return hit.iloc[0].to_dict()


def compute_one(
    tables: dict[str, list[dict[str, Any]]], ids: list[str], years: list[int], period: str = "year"
) -> Any:
    """Compute only the indicators `ids` on a store made from `tables`."""
    from bosocdata.indicators import compute_indicators, load_catalogue
    from bosocdata.indicators.catalogue import Catalogue

    full = load_catalogue()
    catalogue = Catalogue({i: full.get(i) for i in ids})
    return compute_indicators(make_store(tables), catalogue, years=years, period=period)


def in_area(
    people: list[tuple[str, str]], address_id: str = "A1", area: str = "A", **extra: Any
) -> dict[str, list[dict[str, Any]]]:
    """A store where every (pid, birth_date) lives at one address of area A since 2015."""
    return {
        "persons": [person(p, b) for p, b in people],
        "residences": [lives(p, address_id, "2015-01-01") for p, _ in people],
        "addresses": [address(address_id, area)],
        "areas": areas(area),
        **extra,
    }


def counts(result: Any, indicator: str, area: str = "A", period: int = 2023) -> tuple[float, float]:
    r = row(result, indicator, area, period)
    return (r["numerator"], r["denominator"])
