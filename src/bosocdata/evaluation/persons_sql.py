"""One row per person of an indicator's population: the person-level view of a definition.

`compile_indicator` (indicators/compiler.py) aggregates a person indicator to areas;
the decomposition needs the persons before that step: who is in the population at R
(pid, area, period) and whether they count in the numerator (`hit`, 0/1; for a mean,
the person's value). The population and numerator conditions are the definition's own
blocks, compiled exactly as the indicator compiles them, so the decomposition's groups
add up to the indicator's numerator and denominator.
"""

from __future__ import annotations

from bosocdata.indicators.blocks import SqlContext
from bosocdata.indicators.compiler import _conditions, _with
from bosocdata.indicators.model import Definition, Subject


def is_person_indicator(definition: Definition) -> bool:
    """A rate or mean over residents (not households, not place events, not a criterion
    whose value is a two-year mean or a multiple of an outside reference)."""
    rule = definition.value
    plain_value = rule is None or (
        not rule.two_year_mean and rule.reference is None and rule.multiply_by == 1.0
    )
    return (
        definition.population.of is Subject.residents
        and definition.numerator.place_events is None
        and plain_value
    )


def compile_person_rows(definition: Definition) -> str:
    """SQL (DuckDB) of the population's persons: pid, area_key, period, hit."""
    if not is_person_indicator(definition):
        raise ValueError(f"{definition.id} is not a person indicator")
    ctx = SqlContext()
    population = _conditions(definition.population.where, ctx, "  ")
    numerator_where = _conditions(definition.numerator.where, ctx, "    ")
    tail: dict[str, str] = {}
    block = definition.numerator.mean_of
    if block is not None:
        filters = block.filter_sql("s")
        tail["yearly_values"] = (
            f"SELECT s.pid, p.period, SUM(s.{block.column}) AS v\n"
            f"FROM {block.source_register} AS s\n"
            f"JOIN bosoc_periods AS p ON s.{block.year_column} = p.year + ({block.year_offset})\n"
            + (f"WHERE {' AND '.join(filters)}\n" if filters else "")
            + "GROUP BY s.pid, p.period"
        )
        final = (
            "-- only persons with a value for the year count in the population\n"
            "SELECT r.pid, r.area_key, r.period, CAST(v.v AS DOUBLE) AS hit\n"
            "FROM subject AS r\n"
            "JOIN yearly_values AS v ON v.pid = r.pid AND v.period = r.period"
        )
    else:
        final = (
            "SELECT r.pid, r.area_key, r.period,\n"
            f"  CAST(CASE WHEN (\n{numerator_where}\n  ) THEN 1 ELSE 0 END AS DOUBLE) AS hit\n"
            "FROM subject AS r"
        )
    columns = "".join(f", {expr} AS {name}" for name, expr in ctx.columns.items())
    joins = "".join(f"\n{join}" for join in ctx.joins.values())
    ctes = dict(ctx.ctes)
    ctes["base"] = f"SELECT r.*{columns}\nFROM bosoc_residents AS r{joins}"
    ctes["subject"] = f"SELECT * FROM base AS r\nWHERE\n{population}"
    ctes.update(tail)
    return f"-- persons of {definition.id}\n" + _with(ctes) + final
