"""The CPR rules: century table, real dates, spellings, masking, sex; SQL = Python."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from bosocdata.pseudonym import cpr

# The century table of REGISTERS.md, cell by cell: (7th digit, two-digit year) -> century.
# Years 00, 36 / 37, 57 / 58, 99 are the edges of the three year columns.
CENTURY_TABLE = {
    **{(d, y): 1900 for d in (0, 1, 2, 3) for y in (0, 36, 37, 57, 58, 99)},
    **{(d, y): 2000 for d in (4, 9) for y in (0, 36)},
    **{(d, y): 1900 for d in (4, 9) for y in (37, 57, 58, 99)},
    **{(d, y): 2000 for d in (5, 6, 7, 8) for y in (0, 36, 37, 57)},
    **{(d, y): 1800 for d in (5, 6, 7, 8) for y in (58, 99)},
}


@pytest.mark.parametrize(("seventh", "year"), sorted(CENTURY_TABLE))
def test_every_cell_of_the_century_table_gives_the_birth_year(seventh: int, year: int) -> None:
    number = f"0101{year:02d}{seventh}000"
    expected = date(CENTURY_TABLE[(seventh, year)] + year, 1, 1)
    assert cpr.birth_date_from_cpr(number) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("290200-4000", date(2000, 2, 29)),  # 7th digit 4, year 00 -> 2000: a leap year
        ("290200-5000", date(2000, 2, 29)),  # 7th digit 5, year 00 -> 2000
        ("290296-0000", date(1996, 2, 29)),
        ("290296-6000", date(1896, 2, 29)),  # 1800s: 1896 is a leap year
        ("290204-4000", date(2004, 2, 29)),
        ("311299-3000", date(1999, 12, 31)),
    ],
)
def test_leap_days_are_valid_where_the_century_makes_a_leap_year(
    number: str, expected: date
) -> None:
    assert cpr.birth_date_from_cpr(number) == expected


@pytest.mark.parametrize(
    "number",
    [
        "310299-1234",  # 31 February
        "300299-1234",  # 30 February
        "290200-0000",  # 29 Feb 1900: 7th digit 0 puts year 00 in the 1900s, not a leap year
        "290297-6000",  # 29 Feb 1897
        "290201-4000",  # 29 Feb 2001
        "310490-1234",  # 31 April
        "000190-1234",  # day 0
        "011390-1234",  # month 13
    ],
)
def test_numbers_whose_date_is_not_real_are_invalid(number: str) -> None:
    with pytest.raises(cpr.InvalidCpr) as error:
        cpr.parse_cpr(number)
    assert number.replace("-", "") not in str(error.value)
    assert number not in str(error.value)


@pytest.mark.parametrize(
    "text", ["010180-123", "01018-01234", "010180 1234", "0101801234 5", "abcdefghij", ""]
)
def test_malformed_numbers_are_invalid(text: str) -> None:
    with pytest.raises(cpr.InvalidCpr):
        cpr.parse_cpr(text)


def test_both_spellings_give_the_same_number() -> None:
    assert cpr.parse_cpr("010180-1234") == cpr.parse_cpr("0101801234") == "0101801234"


def test_no_modulus_11_check_is_made() -> None:
    # 0101801234 fails the old modulus-11 check: weights 4327654321 give 78, 78 % 11 = 1
    assert cpr.parse_cpr("0101801234") == "0101801234"


@pytest.mark.parametrize(
    ("number", "sex"),
    [("0101801231", "M"), ("0101801232", "F"), ("010180-1230", "F"), ("0101801239", "M")],
)
def test_sex_follows_the_last_digit(number: str, sex: str) -> None:
    assert cpr.sex_from_cpr(number) == sex


@pytest.mark.parametrize("number", ["0101801234", "010180-1234"])
def test_masking_keeps_only_the_date(number: str) -> None:
    assert cpr.mask_cpr(number) == "010180-xxxx"


def _sql_answers(values: list[str]) -> dict[str, tuple[object, object, object]]:
    """(normalised, birth date, sex) of each value computed by the SQL twins."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    digits = cpr.sql_normalise("v")
    rows = con.execute(
        f"SELECT v, {digits}, {cpr.sql_birth_date(digits)}, "
        f"CASE WHEN {digits} IS NOT NULL THEN {cpr.sql_sex(digits)} END FROM t"
    ).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_sql_rules_agree_with_python_rules() -> None:
    values = [f"0101{y:02d}{d}00{d}" for (d, y) in CENTURY_TABLE] + [
        "290200-4000",
        "290200-0000",
        "290296-6000",
        "290297-6000",
        "310299-1234",
        "011390-1234",
        "010180-123",
        "abcdefghij",
    ]
    answers = _sql_answers(values)
    for value in values:
        try:
            expected = (
                cpr.parse_cpr(value),
                cpr.birth_date_from_cpr(value),
                cpr.sex_from_cpr(value),
            )
        except cpr.InvalidCpr:
            _, birth, _ = answers[value]
            assert birth is None, value
            continue
        assert answers[value] == expected, value


def test_sql_scrub_masks_numbers_typed_into_other_columns() -> None:
    con = duckdb.connect()
    row = con.execute(
        f"SELECT {cpr.sql_scrub('v')} FROM (VALUES ('see 0101801234 and 020290-1234')) t(v)"
    ).fetchone()
    assert row == ("see 010180-xxxx and 020290-xxxx",)
