"""The evaluation's estimate column holds numbers of two kinds: a group's size in the
decomposition (`n_stayers`, `n_in_movers`, ...) is a count of persons, every other
estimate (an effect, a weight, a p-value) a fine number. People's CSV and Excel show each
as such: 1000 persons, not "1000,000"."""

from __future__ import annotations

from bosocdata.presentation.people import csv_text, people_table
from bosocdata.presentation.vocabulary import Vocabulary


def _estimate_cells(rows: list[dict[str, object]]) -> list[tuple[object, str | None]]:
    table = people_table("evaluation", rows, Vocabulary("da"), str, lambda a, n: a)
    column = table.headers.index("Estimat")
    return [row[column] for row in table.rows]


def test_a_group_size_is_a_count_and_an_effect_keeps_its_decimals() -> None:
    rows = [
        {"estimand": "n_stayers", "method": "decompose", "estimate": 1000.0},
        {"estimand": "att_simple", "method": "did", "estimate": 1.5},
    ]
    (size, size_format), (effect, effect_format) = _estimate_cells(rows)
    assert csv_text(size, size_format, ",") == "1000"
    assert size_format == "#,##0"
    assert csv_text(effect, effect_format, ",") == "1,500"
    assert effect_format == "#,##0.000"
