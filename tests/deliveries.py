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
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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


# A CPR number as it could sit in a file's bytes: ten digits, with or without the dash.
_CPR_BYTES = re.compile(rb"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])")
# A pseudonym: 64 hex digits. About one in ten holds a run of exactly ten decimal digits,
# which at scale 0.002 (54,000 persons) matches a real CPR number in about one store in
# 300; such runs are digits of a pseudonym, not a CPR number, so they are blanked first.
_PSEUDONYM_BYTES = re.compile(rb"[0-9a-f]{64}")


def cpr_numbers_in_bytes(data: bytes) -> set[str]:
    """Every CPR-shaped number in `data` (ten digits), outside the pseudonyms."""
    text = _PSEUDONYM_BYTES.sub(lambda m: b"x" * len(m[0]), data)
    return {m.replace(b"-", b"").decode() for m in _CPR_BYTES.findall(text)}
