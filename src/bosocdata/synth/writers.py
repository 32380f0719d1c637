"""Writing registers the way real deliveries come: mixed delimiters, decimal marks, date
formats, CPR styles, a BOM here and there, Parquet for the big ones and an Excel file.

Every writer is deterministic: the same table gives the same bytes (no timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from bosocdata.registers import REGISTERS, Kind
from bosocdata.synth.dates import NO_DATE

# Every column the registers declare as a date (bosocdata.registers), by its file name.
DATE_COLUMNS = frozenset(
    column.name for reg in REGISTERS for column in reg.columns if column.kind is Kind.DATE
)
_DATE_FORMATS = {"iso": "%Y-%m-%d", "dmy_dash": "%d-%m-%Y", "dmy_dot": "%d.%m.%Y"}
_BOM = b"\xef\xbb\xbf"
_FIXED_TIME = dt.datetime(2000, 1, 1)


@dataclass(frozen=True)
class FileFormat:
    kind: str = "csv"  # csv, parquet or xlsx
    delimiter: str = ","
    decimal_comma: bool = False
    bom: bool = False
    date_style: str = "iso"  # iso (YYYY-MM-DD), dmy_dash (DD-MM-YYYY), dmy_dot (DD.MM.YYYY)
    cpr_dash: bool = True  # DDMMYY-SSSS, else DDMMYYSSSS
    headers: dict[str, str] = field(default_factory=dict)  # column name as written

    @property
    def suffix(self) -> str:
        return "." + self.kind

    def describe(self) -> str:
        if self.kind != "csv":
            return self.kind
        parts = [f"CSV `{self.delimiter}`"]
        if self.decimal_comma:
            parts.append("decimal comma")
        if self.bom:
            parts.append("UTF-8 BOM")
        parts.append(
            {"iso": "YYYY-MM-DD", "dmy_dash": "DD-MM-YYYY", "dmy_dot": "DD.MM.YYYY"}[
                self.date_style
            ]
        )
        if self.headers:
            parts.append("mixed-case header")
        return ", ".join(parts)


def to_table(
    columns: dict[str, npt.NDArray],
    fmt: FileFormat,
    cpr_numbers: pa.Array | None,
) -> pa.Table:
    """A table in the file's own conventions, rows sorted by key and date."""
    columns = _sorted_rows(columns)
    arrays: dict[str, pa.Array] = {}
    for name, values in columns.items():
        if name == "cpr":
            assert cpr_numbers is not None
            array = pc.take(cpr_numbers, pa.array(values))
        elif name in DATE_COLUMNS:
            array = _dates(values, fmt)
        elif values.dtype.kind == "f" and fmt.kind == "csv" and fmt.decimal_comma:
            array = pc.replace_substring(pc.cast(pa.array(values), pa.string()), ".", ",")
        elif values.dtype.kind == "U":
            array = pa.array(values, mask=values == "")
        else:
            array = pa.array(values)
        arrays[fmt.headers.get(name, name)] = array
    return pa.table(arrays)


def _sorted_rows(columns: dict[str, npt.NDArray]) -> dict[str, npt.NDArray]:
    keys = [k for k in ("cpr", "address_id") if k in columns]
    dates = [k for k in columns if k in DATE_COLUMNS or k in ("year", "school_year")]
    sort_by = [columns[k] for k in reversed(keys + dates[:1])]
    if not sort_by:
        return columns
    order = np.lexsort(sort_by)
    return {k: v[order] for k, v in columns.items()}


def _dates(values: npt.NDArray[np.int64], fmt: FileFormat) -> pa.Array:
    missing = values == NO_DATE
    days = pa.array(np.where(missing, 0, values).astype(np.int32), mask=missing).cast(pa.date32())
    if fmt.kind == "csv" and fmt.date_style != "iso":
        return pc.strftime(days, format=_DATE_FORMATS[fmt.date_style])
    return days


def write_table(table: pa.Table, path: Path, fmt: FileFormat) -> None:
    if fmt.kind == "parquet":
        pq.write_table(table, path, compression="zstd")
    elif fmt.kind == "xlsx":
        _write_xlsx(table, path)
    else:
        _write_csv(table, path, fmt)


class TableFiles:
    """The delivery's files, written part by part: each part's rows are appended.

    A national-scale delivery is generated in parts of persons (`generate`); each part
    is appended as it is ready, so no more than one part is ever held in memory. A CSV
    gets its header with the first part; a Parquet file is one row group per part (in
    the first part's schema); an xlsx file takes one part only.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.rows: dict[str, int] = {}
        self._parquet: dict[str, tuple[pq.ParquetWriter, pa.Schema]] = {}

    def append(self, name: str, table: pa.Table, fmt: FileFormat) -> None:
        path = self.out_dir / f"{name}{fmt.suffix}"
        first = name not in self.rows
        self.rows[name] = self.rows.get(name, 0) + table.num_rows
        if fmt.kind == "parquet":
            if first:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
                self._parquet[name] = (writer, table.schema)
            writer, schema = self._parquet[name]
            writer.write_table(table.cast(schema))
        elif fmt.kind == "xlsx":
            if not first:
                raise ValueError(f"{name}: an Excel file is written in one part")
            _write_xlsx(table, path)
        else:
            _write_csv(table, path, fmt, append=not first)

    def close(self) -> None:
        for writer, _ in self._parquet.values():
            writer.close()
        self._parquet.clear()


def _write_csv(table: pa.Table, path: Path, fmt: FileFormat, *, append: bool = False) -> None:
    buffer = io.BytesIO()
    try:  # unquoted, like most exports, unless a value needs quotes
        options = pacsv.WriteOptions(
            delimiter=fmt.delimiter, quoting_style="none", include_header=False
        )
        pacsv.write_csv(table, buffer, options)
    except pa.ArrowInvalid:
        buffer = io.BytesIO()
        options = pacsv.WriteOptions(
            delimiter=fmt.delimiter, quoting_style="needed", include_header=False
        )
        pacsv.write_csv(table, buffer, options)
    with path.open("ab" if append else "wb") as out:
        if not append:
            if fmt.bom:
                out.write(_BOM)
            out.write((fmt.delimiter.join(table.column_names) + "\n").encode("utf-8"))
        out.write(buffer.getvalue())


def _write_xlsx(table: pa.Table, path: Path) -> None:
    """A one-sheet workbook; small tables only (a row loop over a few dozen rows)."""
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    workbook.properties.creator = "bosoc synth"
    sheet = workbook.create_sheet(path.stem)
    sheet.append(table.column_names)
    for row in table.to_pylist():
        sheet.append(list(row.values()))
    raw = io.BytesIO()
    workbook.save(raw)
    path.write_bytes(_normalised_zip(raw.getvalue()))


def _normalised_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times and document dates, for identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fixed_core_dates(content)
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def _fixed_core_dates(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(
        r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
        r"\g<1>2000-01-01T00:00:00Z\g<2>",
        text,
    )
    return text.encode("utf-8")


def write_geojson(path: Path, features: list[dict[str, object]]) -> None:
    """A FeatureCollection in EPSG:25832 with the (old-style) `crs` member naming it."""
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    text = (
        '{"type": "FeatureCollection",\n"crs": '
        + json.dumps(crs)
        + ',\n"features": [\n'
        + lines
        + "\n]}\n"
    )
    path.write_text(text, encoding="utf-8")
