"""Writing small, hand-made, fictitious deliveries for tests.

`minimal_delivery()` returns the registers of a tiny valid delivery as Python dicts;
change them as a test needs and write them with `write_delivery`. Every CPR number here
is fictitious.

    registers = minimal_delivery()
    registers["persons"].append({"cpr": "020304-4321", "origin": "2"})
    write_delivery(tmp_path / "delivery", registers)
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

Rows = list[dict[str, Any]]

# Fictitious CPR numbers (no modulus-11 check is made, so these need not pass one).
CPR_ANNA = "0101801234"  # born 1 Jan 1980, even last digit: female
CPR_BO = "150695-1235"  # born 15 Jun 1995, odd: male
CPR_CARL = "2902044567"  # born 29 Feb 2004 (7th digit 4, year 04 -> 2000s), odd: male
CPR_DORTE = "311299-0002"  # born 31 Dec 1999, even: female


def minimal_delivery() -> dict[str, Rows]:
    """Four persons in three dwellings; two areas given by list (ADR1 in A1, ADR3 in A2)."""
    return {
        "persons": [
            {"cpr": CPR_ANNA, "origin": "1"},
            {"cpr": CPR_BO, "origin": "2", "origin_country": "TR"},
            {"cpr": CPR_CARL, "origin": "3", "origin_country": "so"},
            {"cpr": CPR_DORTE, "origin": "1", "death_date": "2020-05-01"},
        ],
        "addresses": [
            {
                "address_id": "ADR1",
                "street": "Testvej",
                "house_number": "1",
                "floor": "st",
                "door": "tv",
                "postcode": "8000",
                "x": "575000",
                "y": "6225000",
            },
            {
                "address_id": "ADR2",
                "street": "Testvej",
                "house_number": "2",
                "postcode": "8000",
                "x": "575500",
                "y": "6225500",
            },
            {
                "address_id": "ADR3",
                "street": "Prøvegade",
                "house_number": "10B",
                "postcode": "8210",
                "x": "580000",
                "y": "6230000",
            },
        ],
        "residences": [
            {"cpr": CPR_ANNA, "address_id": "ADR1", "start": "2010-01-01", "end": ""},
            {"cpr": CPR_BO, "address_id": "ADR2", "start": "2015-03-01", "end": "2019-01-01"},
            {"cpr": CPR_BO, "address_id": "ADR3", "start": "2019-01-01", "end": ""},
            {"cpr": CPR_CARL, "address_id": "ADR1", "start": "2004-02-29", "end": ""},
            {"cpr": CPR_DORTE, "address_id": "ADR2", "start": "2000-01-01", "end": "2020-05-01"},
        ],
        "areas": [
            {"area_id": "A1", "name": "Område Et", "housing_organisation": "Boligselskab"},
            {"area_id": "A2", "name": "Område To", "district": "Vest"},
        ],
        "area_addresses": [
            {"area_id": "A1", "address_id": "ADR1"},
            {"area_id": "A2", "address_id": "ADR3"},
        ],
    }


def all_cprs(registers: Mapping[str, Sequence[Mapping[str, Any]]]) -> set[str]:
    """Every CPR number in the delivery, normalised to 10 digits."""
    found = set()
    for rows in registers.values():
        for row in rows:
            value = row.get("cpr")
            if value:
                found.add(str(value).replace("-", ""))
    return found


def write_delivery(
    directory: Path,
    registers: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    *,
    fmt: str = "csv",
    delimiter: str = ",",
    bom: bool = False,
    geojson: Mapping[str, Any] | None = None,
) -> Path:
    """Write `registers` (default: `minimal_delivery()`) as one file per register.

    fmt: "csv", "parquet" or "xlsx" (all as text columns). Columns are the union of the
    rows' keys, in first-seen order.
    """
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in (registers if registers is not None else minimal_delivery()).items():
        write_register(directory, name, rows, fmt=fmt, delimiter=delimiter, bom=bom)
    if geojson is not None:
        (directory / "areas.geojson").write_text(json.dumps(geojson), encoding="utf-8")
    return directory


def write_register(
    directory: Path,
    name: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    fmt: str = "csv",
    delimiter: str = ",",
    bom: bool = False,
    columns: Sequence[str] | None = None,
) -> Path:
    """Write one register file and return its path."""
    header = list(columns) if columns is not None else _columns(rows)
    path = directory / f"{name}.{fmt}"
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, quotechar='"', lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in header])
        return path
    import pandas as pd

    frame = pd.DataFrame(
        {
            c: [None if row.get(c) in (None, "") else str(row.get(c)) for row in rows]
            for c in header
        },
        dtype=object,
    )
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
    elif fmt == "xlsx":
        frame.to_excel(path, index=False)
    else:
        raise ValueError(fmt)
    return path


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def stored_fingerprint(home: Path) -> dict[str, str]:
    """Name -> SHA-256 of every file under `home` but the operational log and the audit
    log (a refused ingest is recorded there, by design): what a refused delivery leaves
    unchanged."""
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name != "bosoc.log" and p.parent.name != "audit"
    }


def square(x: float, y: float, size: float) -> list[list[list[float]]]:
    """Polygon coordinates of a square with lower-left corner (x, y)."""
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def feature_collection(
    polygons: Mapping[str, list[list[list[float]]]], crs: str | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one Polygon feature per area id."""
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"area_id": area_id},
                "geometry": {"type": "Polygon", "coordinates": coords},
            }
            for area_id, coords in polygons.items()
        ],
    }
    if crs is not None:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return collection


# A CPR number as it could sit in a file's bytes: ten digits, with or without the dash
# (or the space people type in free text).
_CPR_BYTES = re.compile(rb"(?<![0-9])[0-9]{6}[- ]?[0-9]{4}(?![0-9])")
# A pseudonym: 64 hex digits. About one in ten holds a run of exactly ten decimal digits,
# which at scale 0.002 (54,000 persons) matches a real CPR number in about one store in
# 300; such runs are digits of a pseudonym, not a CPR number, so they are blanked first.
_PSEUDONYM_BYTES = re.compile(rb"[0-9a-f]{64}")


def cpr_numbers_in_bytes(data: bytes) -> set[str]:
    """Every CPR-shaped number in `data` (ten digits), outside the pseudonyms."""
    text = _PSEUDONYM_BYTES.sub(lambda m: b"x" * len(m[0]), data)
    return {m.replace(b"-", b"").replace(b" ", b"").decode() for m in _CPR_BYTES.findall(text)}


# Parts of a zip (an .xlsx) larger than this are not unpacked by the scan: the test of the
# decompression cap pads a workbook with 400 MB of zeros.
_ZIP_PART_MAX = 20_000_000


def cpr_numbers_in_file(path: Path) -> set[str]:
    """Every CPR-shaped number in a file: in its bytes and, since a compressed file need not
    show its text as bytes, in the text of a DuckDB database (every cell of every table),
    a Parquet file, a zip (an .xlsx) or a gzip file. A file that cannot be opened as what
    its name says (a damaged or temporary one) is scanned as bytes only."""
    data = path.read_bytes()
    found = cpr_numbers_in_bytes(data)
    try:
        if data.startswith(b"PK"):
            with zipfile.ZipFile(path) as archive:
                for part in archive.infolist():
                    if part.file_size <= _ZIP_PART_MAX:
                        found |= cpr_numbers_in_bytes(archive.read(part))
        elif data.startswith(b"\x1f\x8b"):
            found |= cpr_numbers_in_bytes(gzip.decompress(data))
        elif path.suffix in (".duckdb", ".parquet") or data[8:12] == b"DUCK":
            found |= cpr_numbers_in_bytes(_cells_as_text(path).encode())
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError, OSError, duckdb.Error):
        pass  # not readable as what it says it is: its bytes were scanned
    return found


def _cells_as_text(path: Path) -> str:
    if path.suffix == ".parquet":
        con = duckdb.connect()
        try:
            rows = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        finally:
            con.close()
        return "\n".join("\t".join(map(str, row)) for row in rows)
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
        ).fetchall()
        return "\n".join(
            "\t".join(map(str, row))
            for schema, table in tables
            for row in con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
        )
    finally:
        con.close()


def cpr_numbers_under(folders: Iterable[Path], *, skip: Iterable[Path] = ()) -> dict[str, set[str]]:
    """File -> the CPR-shaped numbers in it, for every file under `folders` (symbolic links
    are not followed; files under `skip` are left out)."""
    skipped = [s.resolve() for s in skip]
    found: dict[str, set[str]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            if any(path.resolve().is_relative_to(s) for s in skipped):
                continue
            numbers = cpr_numbers_in_file(path)
            if numbers:
                found[str(path)] = numbers
    return found


def plausible_cpr_numbers(numbers: Iterable[str]) -> set[str]:
    """The numbers whose first four digits are a day (01-31) and a month (01-12): those a
    delivery means as CPR numbers (`Blok 1234567890` is a block, not a person)."""
    return {n for n in numbers if 1 <= int(n[:2]) <= 31 and 1 <= int(n[2:4]) <= 12}


def assert_no_cpr_left(
    numbers: Iterable[str], folders: Iterable[Path], *, skip: Iterable[Path] = ()
) -> None:
    """Fail unless no file under `folders` holds any of `numbers` (CPR numbers, ten digits),
    as bytes or as text inside it (`cpr_numbers_in_file`). `numbers` must not be empty: a
    scan for nothing finds nothing and proves nothing."""
    wanted = {n.replace("-", "").replace(" ", "") for n in numbers}
    assert wanted, "no CPR number to look for: the scan would prove nothing"
    left = {
        file: found & wanted
        for file, found in cpr_numbers_under(folders, skip=skip).items()
        if found & wanted
    }
    assert not left, f"CPR numbers of the delivery left on disk: {left}"


def assert_no_delivered_cpr_left(
    tmp_path: Path, home: Path, key_file: Path, system_temp: Path
) -> None:
    """Fail if a CPR number of a delivery under `tmp_path` is in a file of `home` (or of
    any other home under `tmp_path`, a folder with a secure zone), of the key's folder or
    of `system_temp`.

    The numbers looked for are read from the deliveries themselves: every file under
    `tmp_path` outside those folders, so they are exactly those the test delivered; only
    plausible ones count (`plausible_cpr_numbers`). No number delivered fails too."""
    homes = {home} | {p.parent for p in tmp_path.glob("*/secure")}
    keys = [key_file, *key_file.parent.glob("*.key")]
    written = [*homes, system_temp]
    if key_file.parent != tmp_path:  # a key put straight into tmp_path has no folder of its own
        written.append(key_file.parent)
    delivered = cpr_numbers_under([tmp_path], skip=[*written, *keys])
    numbers = plausible_cpr_numbers(set().union(*delivered.values()))
    assert_no_cpr_left(numbers, written, skip=keys)
