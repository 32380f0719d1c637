"""`ingest_delivery`: read, validate, pseudonymise, link and load one delivery.

Raw data (with CPR numbers) lives only in an in-memory DuckDB database whose spill
folder is a private 0700 folder inside the secure zone, removed afterwards (or, after a
crash, by the next ingest). Only pseudonymised tables are written to disk, into a new
store file renamed into place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from bosocdata.formulas import neutralise_sql
from bosocdata.ingest.audit import record_ingest, record_refusal
from bosocdata.ingest.files import DeliveryFiles, delivery_id, find_delivery_files
from bosocdata.ingest.guards import (
    check_not_empty,
    check_rejection_share,
    rejects_keep,
    snapshots_keep,
)
from bosocdata.ingest.interrupted import (
    guarded_run,
    private_files,
    remove_spill_folder,
    staging_spill_folder,
)
from bosocdata.ingest.link import ADDRESS_AREA, AREA_GEOMETRY, link_areas
from bosocdata.ingest.read import RawTable, read_register
from bosocdata.ingest.report import IngestReport
from bosocdata.ingest.validate import (
    REJECTS,
    base_registers_first,
    check_after_birth,
    check_cells,
    check_intervals,
    check_key,
    check_references,
    count_overlapping_residences,
    create_rejects_table,
    ok_table,
    rejected_rows,
)
from bosocdata.logs import get_logger
from bosocdata.progress import progress
from bosocdata.pseudonym.chain import KeyChain, create_pads_table, sql_chain_pseudonym
from bosocdata.pseudonym.cpr import scrub_text
from bosocdata.pseudonym.keystate import key_chain_for_store, store_lock
from bosocdata.registers import Kind, Register, register
from bosocdata.settings import Paths, duckdb_memory_limit
from bosocdata.store.connection import latest_delivery_id
from bosocdata.store.snapshot import DeliveryRecord, attached_store, write_snapshot
from bosocdata.store.sql import count_rows, ident, literal, table_columns

PERSON_PID = "person_pid"
KNOWN_KEYS = "known_keys"


def ingest_delivery(delivery_dir: Path, paths: Paths) -> IngestReport:
    """Load the delivery in `delivery_dir` into the secure store as a complete snapshot.

    Raises `DeliveryRefused` (nothing stored changes) when the delivery cannot be used,
    and `BosocError` when the key file and the store do not belong together. Every run,
    loaded, already loaded, refused or failed, is recorded in the audit log.
    """
    try:
        with private_files():
            report = _ingest(delivery_dir, paths)
    except Exception as error:
        record_refusal(paths, delivery_dir, error)
        raise
    record_ingest(paths, report)
    return report


def _ingest(delivery_dir: Path, paths: Paths) -> IngestReport:
    logger = get_logger(paths)
    files = find_delivery_files(delivery_dir.expanduser().resolve())
    with progress() as bar:
        task = bar.add_task("Fingerprinting the delivery", total=1)
        fingerprint = delivery_id(files)
        bar.advance(task)
    report = IngestReport(fingerprint, files.directory)
    with store_lock(paths), guarded_run(paths, files.directory):
        chain = key_chain_for_store(paths)
        if latest_delivery_id(paths) == fingerprint:
            report.already_loaded = True
            logger.info("ingest %s: already loaded, nothing changed", fingerprint[:12])
            return report
        report.warnings.extend(
            f"{p.name} names no register of the contract and was ignored" for p in files.unknown
        )
        with _staging_connection(paths) as con:
            try:
                _load(con, files, paths, chain, report)
            except duckdb.Error as error:
                # A bug, not bad input; DuckDB's message may quote a cell, so mask it.
                raise RuntimeError(
                    f"ingest failed inside DuckDB: {scrub_text(str(error))}"
                ) from None
    logger.info(
        "ingest %s: %d rows loaded, %d rows rejected, %d registers, %d warnings",
        fingerprint[:12],
        report.total_loaded,
        report.total_rejected,
        len(report.rows_loaded),
        len(report.warnings),
    )
    return report


def _load(
    con: duckdb.DuckDBPyConnection,
    files: DeliveryFiles,
    paths: Paths,
    chain: KeyChain,
    report: IngestReport,
) -> None:
    create_rejects_table(con)
    with progress() as bar:
        reading = bar.add_task("Reading and checking cells", total=len(files.registers))
        raws: list[RawTable] = []
        for name, path in files.registers.items():
            raw = read_register(con, register(name), path)
            check_not_empty(raw)
            report.rows_read[name] = raw.rows
            if raw.extra_columns:
                extra = scrub_text(", ".join(raw.extra_columns))
                report.warnings.append(
                    f"{path.name}: column(s) {extra} are not part of {name} and were ignored"
                )
            check_cells(con, raw)
            raws.append(raw)
            bar.advance(reading)
        ordered = base_registers_first(raws)
        checking = bar.add_task("Checking intervals, keys, references", total=len(ordered))
        for raw in ordered:
            check_intervals(con, raw)
            check_key(con, raw)
        for raw in ordered:
            check_references(con, raw)
            check_after_birth(con, raw)
            bar.advance(checking)
        report.overlapping_residences = count_overlapping_residences(con)
        linking = bar.add_task("Linking addresses to areas", total=1)
        list_path = files.registers.get("area_addresses")
        linked = link_areas(
            con,
            has_list=list_path is not None,
            list_file=list_path.name if list_path else "area_addresses",
            geojson=files.geojson,
        )
        report.linked_addresses = linked.linked_addresses
        report.warnings.extend(linked.warnings)
        bar.advance(linking)
        writing = bar.add_task("Pseudonymising and writing the store", total=1)
        _pseudonymise(con, chain, paths.store)
        for raw in ordered:
            report.rows_loaded[raw.register.name] = count_rows(con, ok_table(raw.register))
        report.rows_rejected = rejected_rows(con)
        if report.total_rejected:
            report.rejects_file = _write_rejects(con, paths, report.delivery_id)
        check_rejection_share(
            files.registers, report.rows_read, report.rows_loaded, report.rejects_file
        )
        report.warnings.extend(shrunk_registers(paths.store, report.rows_loaded))
        report.warnings.extend(replaced_coverage(con, paths.store))
        record = DeliveryRecord(
            delivery_id=report.delivery_id,
            loaded_at=datetime.now(),
            source_dir=str(files.directory),
            registers=tuple(sorted(report.rows_loaded)),
            rows_loaded=report.total_loaded,
            rows_rejected=report.total_rejected,
        )
        tables = {raw.register.name: store_select(raw.register) for raw in ordered}
        write_snapshot(con, paths.store, tables, record, key_chain=chain, keep=snapshots_keep())
        bar.advance(writing)


def shrunk_registers(store: Path, loaded: dict[str, int]) -> list[str]:
    """A warning for each register that now holds less than half the rows the store held.

    Each delivery replaces what was stored, and an empty optional register is a possible
    truth (no evictions this year), so it is loaded; but a register that loses half its
    rows from one delivery to the next is far more often a failed or partial export,
    which the person loading it should look at before the numbers are computed."""
    if not store.is_file():
        return []
    con = duckdb.connect(str(store), read_only=True)
    try:
        present = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        before = {
            name: int(con.execute(f"SELECT count(*) FROM {ident(name)}").fetchone()[0])  # type: ignore[index]
            for name in loaded
            if name in present
        }
    finally:
        con.close()
    return [
        f"{name}: {loaded[name]:,} rows, where the store held {before[name]:,}: "
        "is the export complete? (the new rows replace the old; `bosoc snapshots restore` "
        "goes back)"
        for name in sorted(before)
        if before[name] > 0 and loaded[name] * 2 < before[name]
    ]


def replaced_coverage(con: duckdb.DuckDBPyConnection, store: Path) -> list[str]:
    """Warnings when the delivery reaches fewer years, or holds other areas, than the
    store it replaces: an older delivery loaded after a newer one, or another
    municipality's, would otherwise take the latest years off the web, or leave users
    restricted to areas that are gone, with nothing said.

    `con` holds the delivery's checked rows (`ok_*`); the store still holds the old."""
    if not store.is_file():
        return []
    new_last, new_areas = _coverage(con, "ok_residences", '"end"', "start", "ok_areas")
    con.execute(f"ATTACH {literal(str(store))} AS before_delivery (READ_ONLY)")
    try:
        old_last, old_areas = _coverage(
            con, "before_delivery.residences", "end_date", "start_date", "before_delivery.areas"
        )
    finally:
        con.execute("DETACH before_delivery")
    warnings = []
    if new_last is not None and old_last is not None and new_last < old_last:
        warnings.append(
            f"residences: the delivery reaches {new_last}, where the store reached {old_last}: "
            "an older delivery? Its years replace the stored ones, and `bosoc compute` would "
            "publish no year after it (`bosoc snapshots restore` goes back)"
        )
    gone = sorted(old_areas - new_areas)
    if old_areas and len(gone) * 2 > len(old_areas):
        shown = ", ".join(gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
        warnings.append(
            f"areas: {len(gone)} of the {len(old_areas)} stored areas are not in this delivery "
            f"({shown}): another municipality's delivery, or renamed areas? Users restricted "
            "to them will see no area (`bosoc snapshots restore` goes back)"
        )
    return warnings


def _coverage(
    con: duckdb.DuckDBPyConnection, residences: str, end: str, start: str, areas: str
) -> tuple[int | None, set[str]]:
    """The last year a residences table speaks of, and the area ids of an areas table."""
    row = con.execute(
        f"SELECT year(MAX(GREATEST({start}, COALESCE({end} - 1, {start})))) FROM {residences}"
    ).fetchone()
    ids = {str(r[0]) for r in con.execute(f"SELECT area_id FROM {areas}").fetchall()}
    return (int(row[0]) if row and row[0] is not None else None), ids


def _pseudonymise(con: duckdb.DuckDBPyConnection, chain: KeyChain, store: Path) -> None:
    """`person_pid(cpr, pseudonym, pid)`: the chain pseudonym of every valid person and
    the integer key (`pid`) the store's tables join on.

    A 64-character pseudonym in every row and join of every table costs memory and time
    at national scale, so the pseudonym is kept once, in `persons`, and every table
    holds the person's BIGINT key. A person already in the store keeps the key they
    have; a new person gets the next free one, in the order of their pseudonyms (random
    to anyone without the key), never in the order of CPR numbers, which would put the
    keys in order of birth date.
    """
    pads = create_pads_table(con, "hmac_key", chain)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE person_pseudonym AS "
        f"SELECT p.cpr, {sql_chain_pseudonym('p.cpr', pads)} AS pseudonym "
        "FROM ok_persons p CROSS JOIN hmac_key"
    )
    con.execute("DROP TABLE hmac_key")
    _keep_known_keys(con, store)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {PERSON_PID} AS "
        "WITH named AS (SELECT n.cpr, n.pseudonym, k.pid AS known FROM person_pseudonym n "
        f"LEFT JOIN {KNOWN_KEYS} k ON k.pseudonym = n.pseudonym), "
        f"taken AS (SELECT COALESCE(MAX(pid), 0) AS top FROM {KNOWN_KEYS}) "
        "SELECT cpr, pseudonym, CAST(COALESCE(known, top + row_number() OVER "
        "(PARTITION BY known IS NULL ORDER BY pseudonym)) AS BIGINT) AS pid "
        "FROM named CROSS JOIN taken"
    )
    con.execute("DROP TABLE person_pseudonym")
    con.execute(f"DROP TABLE {KNOWN_KEYS}")


def _keep_known_keys(con: duckdb.DuckDBPyConnection, store: Path) -> None:
    """`known_keys(pseudonym, pid)`: the keys the current store gave its persons (empty
    for a new store, or one written before the keys were integers)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {KNOWN_KEYS} (pseudonym VARCHAR, pid BIGINT)")
    if store.is_file():
        with attached_store(con, store) as old:
            columns = table_columns(con, "persons", old)
            if columns.get("pseudonym") == "VARCHAR" and columns.get("pid") == "BIGINT":
                con.execute(f"INSERT INTO {KNOWN_KEYS} SELECT pseudonym, pid FROM {old}.persons")


def store_select(reg: Register) -> str:
    """SQL: the store table of `reg` from its validated rows (CPR replaced by the
    person's integer key `pid`; `persons` also holds the pseudonym)."""
    columns = []
    for column in reg.columns:
        if column.kind is Kind.CPR:
            columns.append("p.pid AS pid")
        else:
            columns.append(
                f"CAST(t.{ident(column.name)} AS {column.store_type}) AS {ident(column.store_name)}"
            )
    joins = ""
    if "cpr" in reg.column_names:
        joins += f" JOIN {PERSON_PID} p ON t.cpr = p.cpr"
    if reg.name == "persons":
        columns += ["t.birth_date AS birth_date", "t.sex AS sex", "p.pseudonym AS pseudonym"]
    elif reg.name == "addresses":
        columns.append("l.area_id AS area_id")
        joins += f" LEFT JOIN {ADDRESS_AREA} l ON t.address_id = l.address_id"
    elif reg.name == "areas":
        columns.append("g.geometry AS geometry")
        joins += f" LEFT JOIN {AREA_GEOMETRY} g ON t.area_id = g.area_id"
    return f"SELECT {', '.join(columns)} FROM {ok_table(reg)} t{joins}"


def _write_rejects(con: duckdb.DuckDBPyConnection, paths: Paths, fingerprint: str) -> Path:
    """The rejects report: CSV in the secure zone, CPR masked."""
    paths.rejects_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = paths.rejects_dir / f"{fingerprint[:12]}-rejects.csv"
    partial = target.with_name(target.name + ".part")
    # A rejected cell may be text a spreadsheet would run as a formula (bosocdata.formulas).
    text = [neutralise_sql(ident(c)) + f" AS {ident(c)}" for c in ("file", "column", "value")]
    con.execute(
        f'COPY (SELECT register, {text[0]}, "row", {text[1]}, reason, {text[2]}, cpr_masked '
        f'FROM {REJECTS} ORDER BY register, "row", "column") '
        f"TO {literal(str(partial))} (FORMAT csv, HEADER true)"
    )
    partial.replace(target)
    _prune_rejects(paths, keep=rejects_keep())
    return target


def _prune_rejects(paths: Paths, keep: int) -> None:
    """Delete all but the newest `keep` rejects reports: they hold personal data (masked
    CPR numbers, birth dates, the rejected cells), kept only as long as they serve to
    correct a delivery (storage limitation). The one just written is always kept."""
    reports = sorted(
        paths.rejects_dir.glob("*-rejects.csv"), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    for old in reports[keep:]:
        old.unlink(missing_ok=True)
        get_logger(paths).info("rejects report %s deleted (BOSOC_REJECTS_KEEP)", old.name)


@contextmanager
def _staging_connection(paths: Paths) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB whose spill files (raw data) go to a private 0700 folder in
    the spill folder (the secure zone by default), removed at the end, or after a
    crash by the next ingest (`bosocdata.ingest.interrupted`)."""
    spill = staging_spill_folder(paths)
    try:
        config: dict[str, str | bool | int | float | list[str]] = {
            "temp_directory": str(spill),
            "memory_limit": duckdb_memory_limit(),  # spill, rather than grow with the delivery
        }
        con = duckdb.connect(":memory:", config=config)
        try:
            con.execute("SET enable_progress_bar = false")  # our own bars report progress
            yield con
        finally:
            con.close()
    finally:
        remove_spill_folder(paths, spill)
