"""From a synthetic delivery to an exported table and a web page, as a new user runs it.

These run the real command line in a subprocess (`python -m bosocdata`), with its own
`$BOSOC_HOME`, exactly as the README tells a user to.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from cli_run import bosoc_process as bosoc
from cli_run import computed_home
from contract import indicator_table_columns

pytestmark = pytest.mark.slow

CONTRACT_COLUMNS = indicator_table_columns()  # read from INTERFACE.md
FOUNDATION = {"boern_unge_under_18", "voksne_uden_for_arbejdsmarkedet", "underretninger_boern_unge"}


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("e2e")
    home = computed_home(base, scale="0.02")
    delivery = base / "delivery"
    return home, delivery


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_export_csv_has_exactly_the_contract_columns(computed: tuple[Path, Path]) -> None:
    home, _ = computed
    out = home.parent / "t.csv"
    done = bosoc(home, "export", str(out))
    assert done.returncode == 0, done.stderr
    header, rows = read_csv(out)
    assert header == CONTRACT_COLUMNS
    assert {r["indicator_id"] for r in rows} >= FOUNDATION


def test_every_area_and_both_benchmark_rows_in_every_period(computed: tuple[Path, Path]) -> None:
    home, _ = computed
    out = home.parent / "all.csv"
    assert bosoc(home, "export", str(out), "--zone", "secure").returncode == 0
    _, rows = read_csv(out)
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        cells[(r["indicator_id"], r["period"])].add(r["area_id"])
    area_sets = {frozenset(v) for v in cells.values()}
    assert len(area_sets) == 1, "every indicator and period has the same rows"
    (areas,) = area_sets
    assert {"__all__", "__rest__"} <= areas and len(areas) >= 20


def test_residents_of_areas_and_rest_add_up_to_the_municipality(
    computed: tuple[Path, Path],
) -> None:
    home, _ = computed
    out = home.parent / "secure.csv"
    assert bosoc(home, "export", str(out), "--zone", "secure").returncode == 0
    _, rows = read_csv(out)
    by_period: dict[str, dict[str, float]] = defaultdict(dict)
    for r in rows:
        if r["indicator_id"] == "boern_unge_under_18":
            by_period[r["period"]][r["area_id"]] = float(r["denominator"])
    for period, residents in by_period.items():
        total = residents.pop("__all__")
        assert sum(residents.values()) == total, period
        assert total > 45_000, "scale 0.02: the 25 areas (43,600) and 6,300 others"


def test_published_cells_below_five_are_suppressed(computed: tuple[Path, Path]) -> None:
    home, _ = computed
    out = home.parent / "pub.csv"
    assert bosoc(home, "export", str(out), "--full").returncode == 0
    _, rows = read_csv(out)
    shown = [r for r in rows if r["suppressed"] == "false"]
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert hidden, "a small municipality has small cells"
    for r in shown:
        n, d = float(r["numerator"]), float(r["denominator"])
        assert d >= 5, r
        if r["numerator_kind"] == "persons":  # persons with and without the trait
            assert n >= 5 and d - n >= 5, r
        elif r["numerator_kind"] == "events":
            assert n >= 5, r
    assert all(r["value"] == "" and r["numerator"] == "" for r in hidden)


def test_xlsx_export(computed: tuple[Path, Path]) -> None:
    import openpyxl

    home, _ = computed
    out = home.parent / "t.xlsx"
    assert bosoc(home, "export", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out, read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert list(header) == CONTRACT_COLUMNS


def test_the_same_delivery_twice_is_stored_once(computed: tuple[Path, Path]) -> None:
    home, delivery = computed
    store = home / "secure" / "store.duckdb"
    before = store.stat().st_mtime_ns
    done = bosoc(home, "ingest", str(delivery))
    assert done.returncode == 0, done.stderr
    assert store.stat().st_mtime_ns == before


def test_years_outside_the_delivery_are_refused_and_publish_nothing(
    computed: tuple[Path, Path],
) -> None:
    """A typo in --years (2030 for 2020) must not replace the published zone with empty
    years: the delivery covers 2010-2025 (synth's default)."""
    home, _ = computed
    published = sorted(home.joinpath("published").rglob("*"))
    before = {p: p.stat().st_mtime_ns for p in published}
    for years in ("2030-2031", "2005-2012"):
        done = bosoc(home, "compute", "--years", years)
        assert done.returncode == 2, done.stderr
        assert "2010-2025" in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert {p: p.stat().st_mtime_ns for p in published} == before


def test_a_secure_export_only_its_owner_may_read(computed: tuple[Path, Path]) -> None:
    """The secure table holds the numbers of hidden cells: like every file of the secure
    zone it is 0600, wherever it is written and whatever stood there before."""
    home, _ = computed
    out = home.parent / "secure.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    assert bosoc(home, "export", str(out), "--zone", "secure").returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600
    published = home.parent / "published.csv"
    assert bosoc(home, "export", str(published)).returncode == 0
    assert published.stat().st_mode & 0o044  # what the web shows may be shared


def test_alerts_of_a_year_not_published_are_refused_not_reported_as_none(
    computed: tuple[Path, Path],
) -> None:
    """ "Ingen advarsler for 1999" reads as good news about a year that has no numbers."""
    home, _ = computed
    done = bosoc(home, "alerts", "--year", "1999")
    assert done.returncode == 2 and "2010-2025" in done.stderr, done.stderr
    assert bosoc(home, "alerts", "--year", "2024").returncode == 0


def test_no_cpr_number_anywhere_under_home(computed: tuple[Path, Path]) -> None:
    home, delivery = computed
    with (delivery / "persons.csv").open(encoding="utf-8-sig") as handle:
        sample = [row["cpr"] for _, row in zip(range(300), csv.DictReader(handle), strict=False)]
    needles = set()
    for cpr in sample:
        digits = cpr.replace("-", "")
        needles |= {digits.encode(), f"{digits[:6]}-{digits[6:]}".encode()}
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found = [n for n in needles if n in data]
            assert not found, f"{path} holds a CPR number"


def test_web_page_shows_real_numbers(computed: tuple[Path, Path]) -> None:
    from fastapi.testclient import TestClient

    from bosocdata.web.app import create_app

    home, _ = computed
    out = home.parent / "web.csv"
    assert bosoc(home, "export", str(out)).returncode == 0
    _, rows = read_csv(out)
    latest = max(int(r["period"]) for r in rows)
    municipality = next(
        r
        for r in rows
        if r["area_id"] == "__all__"
        and r["indicator_id"] == "boern_unge_under_18"
        and int(r["period"]) == latest
    )
    residents = int(float(municipality["denominator"]))  # e.g. 7288 -> "7.288" in Danish
    share = f"{float(municipality['value']):.1f}".replace(".", ",")

    app = create_app(home / "published" / "published.duckdb", auth="off")
    with TestClient(app) as client:
        page = client.get("/")
    assert page.status_code == 200
    assert "Hele kommunen" in page.text
    assert f"{residents:,}".replace(",", ".") in page.text
    assert share in page.text
    assert "http://" not in page.text.replace("http://127.0.0.1", "")


def test_quarterly_compute_publishes_quarters_with_trends_across_the_new_year(
    computed: tuple[Path, Path], tmp_path: Path
) -> None:
    import shutil

    import duckdb

    home, _ = computed
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    done = bosoc(copy, "compute", "--quarterly", "--years", "2023-2024")
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(copy / "published" / "published.duckdb"), read_only=True)
    periods = [
        row[0] for row in con.execute("SELECT DISTINCT period FROM indicator_table").fetchall()
    ]
    trend = con.execute(
        "SELECT trend FROM indicator_table WHERE period = 20241 AND area_id = '__all__' "
        "AND indicator_id = 'boern_unge_under_18'"
    ).fetchone()
    con.close()
    assert sorted(periods) == [20231, 20232, 20233, 20234, 20241, 20242, 20243, 20244]
    # the five quarters 20233 .. 20241 make the window of the first quarter of 2024
    assert trend is not None and trend[0] is not None


def test_demo_creates_an_admin_and_prints_the_password_once(tmp_path: Path) -> None:
    import re

    from bosocdata.access import UserStore
    from bosocdata.settings import Paths

    home = tmp_path / "home"
    first = bosoc(home, "demo", "--no-serve", "--scale", "0.01")
    assert first.returncode == 0, first.stderr
    said = re.search(r"Log ind som admin med adgangskoden (\S+) ", first.stdout + first.stderr)
    assert said, first.stdout + first.stderr
    user = UserStore(Paths(home)).authenticate("admin", said.group(1))
    assert user is not None and user.role.value == "admin"

    again = bosoc(home, "demo", "--no-serve", "--scale", "0.01")
    assert again.returncode == 0, again.stderr
    assert said.group(1) not in again.stdout + again.stderr
    assert "eksisterende bruger" in again.stdout + again.stderr
