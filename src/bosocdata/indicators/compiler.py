"""Compile a definition to one SQL query (DuckDB dialect, portable through sqlglot).

The query reads the frames of `frames.py` and the register tables, and returns one row
per area key and period: area_id, period, numerator, denominator, sum_sq. The `__all__`
row comes from the same aggregation (GROUPING SETS), so `__all__` always equals the
areas plus `__rest__`. Each part carries a comment naming the block that produced it.
"""

from __future__ import annotations

import textwrap

import sqlglot

from bosocdata.indicators.blocks import Block, SqlContext
from bosocdata.indicators.blocks.base import in_window
from bosocdata.indicators.frames import ALL
from bosocdata.indicators.model import Definition, Subject


def _conditions(blocks: list[Block], ctx: SqlContext, indent: str) -> str:
    if not blocks:
        return f"{indent}TRUE"
    parts = [f"{indent}-- block: {b.name}\n{indent}{b.sql(ctx)}" for b in blocks]
    return f"\n{indent}AND\n".join(parts)


TOP1 = "MAX(value)"


def _second_largest(top: str) -> str:
    """The second largest value of a group whose largest is `top`: `top` again when two
    rows share it, else the largest below it (0 for a group of one row)."""
    return (
        f"COALESCE(CASE WHEN SUM(CASE WHEN value = {top} THEN 1 ELSE 0 END) >= 2"
        f" THEN MAX({top}) END, MAX(CASE WHEN value < {top} THEN value END), 0)"
    )


TOP2 = (
    f"CASE WHEN GROUPING(area_key) = 1 THEN MAX(top_all) + {_second_largest('top_all')}"
    f" ELSE MAX(top_area) + {_second_largest('top_area')} END"
)
"""The largest contribution and the sum of the two largest, per area and for `__all__`
(the dominance rule of disclosure control; secure zone only, never published)."""


def _grouped(
    source: str,
    numerator: str,
    denominator: str,
    sum_sq: str,
    top1: str = "NULL",
    top2: str = "NULL",
) -> str:
    return _per_area(
        source,
        {
            "numerator": numerator,
            "denominator": denominator,
            "sum_sq": sum_sq,
            "top1": top1,
            "top2": top2,
        },
    )


def _per_area(source: str, measures: dict[str, str]) -> str:
    """`measures` (name -> expression, as DOUBLE) per area key and period, and for `__all__`."""
    columns = ",\n".join(f"  CAST({expr} AS DOUBLE) AS {name}" for name, expr in measures.items())
    return (
        f"SELECT CASE WHEN GROUPING(area_key) = 1 THEN '{ALL}' ELSE area_key END AS area_id,\n"
        f"  period,\n"
        f"{columns}\n"
        f"FROM {source}\n"
        f"-- each area and __rest__, and __all__ (every address) from the same rows\n"
        f"GROUP BY GROUPING SETS ((area_key, period), (period))"
    )


def _with(ctes: dict[str, str]) -> str:
    body = ",\n".join(f"{name} AS (\n{textwrap.indent(sql, '  ')}\n)" for name, sql in ctes.items())
    return f"WITH {body}\n"


def compile_indicator(definition: Definition) -> str:
    """The SQL of one indicator (DuckDB dialect)."""
    ctx = SqlContext()
    population = _conditions(definition.population.where, ctx, "  ")
    numerator_where = _conditions(definition.numerator.where, ctx, "    ")
    tail: dict[str, str] = {}
    num = definition.numerator
    if num.place_events is not None:
        events = num.place_events
        d = f"e.{events.date_column()}"
        filters = events.filter_sql("e")
        tail["events"] = (
            f"-- block: place_events ({events.source_register} at the addresses, in W)\n"
            f"SELECT COALESCE(a.area_key, '__rest__') AS area_key, p.period, COUNT(*) AS n\n"
            f"FROM {events.source_register} AS e\n"
            f"JOIN bosoc_periods AS p ON {in_window(d)}\n"
            f"LEFT JOIN bosoc_address_area AS a ON a.address_id = e.address_id\n"
            + (f"WHERE {' AND '.join(filters)}\n" if filters else "")
            + "GROUP BY COALESCE(a.area_key, '__rest__'), p.period"
        )
        tail["population_counts"] = (
            f"-- block: {definition.population.of.value} at R (the denominator)\n"
            f"SELECT area_key, period, COUNT(*) AS n FROM subject GROUP BY area_key, period"
        )
        tail["scored"] = (
            "SELECT COALESCE(d.area_key, e.area_key) AS area_key,\n"
            "  COALESCE(d.period, e.period) AS period,\n"
            "  COALESCE(e.n, 0) AS events, COALESCE(d.n, 0) AS population\n"
            "FROM population_counts AS d\n"
            "FULL OUTER JOIN events AS e ON e.area_key = d.area_key AND e.period = d.period"
        )
        final = _grouped("scored", "SUM(events)", "SUM(population)", "NULL")
    elif num.mean_of is not None:
        block = num.mean_of
        filters = block.filter_sql("s")
        tail["yearly_values"] = (
            f"-- block: mean_of ({block.source_register}.{block.column}, summed per person"
            " and year)\n"
            f"SELECT s.pid, p.period, SUM(s.{block.column}) AS v\n"
            f"FROM {block.source_register} AS s\n"
            f"JOIN bosoc_periods AS p ON s.{block.year_column} = p.year + ({block.year_offset})\n"
            + (f"WHERE {' AND '.join(filters)}\n" if filters else "")
            + "GROUP BY s.pid, p.period"
        )
        tail["valued"] = (
            "-- only persons with a value for the year count in the population\n"
            "SELECT r.area_key, r.period, v.v AS value\n"
            "FROM subject AS r\n"
            "JOIN yearly_values AS v ON v.pid = r.pid AND v.period = r.period"
        )
        tail["area_tops"] = (
            "-- the largest value of each area and of the municipality (dominance rule)\n"
            "SELECT area_key, period, MAX(value) AS top FROM valued GROUP BY area_key, period"
        )
        tail["all_tops"] = "SELECT period, MAX(top) AS top FROM area_tops GROUP BY period"
        tail["scored"] = (
            "SELECT s.area_key, s.period, s.value, a.top AS top_area, m.top AS top_all\n"
            "FROM valued AS s\n"
            "JOIN area_tops AS a ON a.area_key = s.area_key AND a.period = s.period\n"
            "JOIN all_tops AS m ON m.period = s.period"
        )
        final = _grouped("scored", "SUM(value)", "COUNT(*)", "SUM(value * value)", TOP1, TOP2)
    else:
        tail["scored"] = (
            "SELECT r.area_key, r.period,\n"
            f"  CASE WHEN (\n{numerator_where}\n  ) THEN 1 ELSE 0 END AS hit\n"
            "FROM subject AS r"
        )
        final = _grouped("scored", "SUM(hit)", "COUNT(*)", "NULL")
    ctes = _base_and_subject(definition, ctx, population)
    ctes.update(tail)
    header = f"-- indicator: {definition.id} ({definition.unit.value})\n"
    return header + _with(ctes) + final


def shared_population(definition: Definition) -> str | None:
    """What the indicator counts among: indicators with the same text count among the same
    residents (or households) and can share one query (`compile_shared`); None for a mean
    or a count of place events, which run alone."""
    num = definition.numerator
    if num.place_events is not None or num.mean_of is not None:
        return None
    ctx = SqlContext()
    population = _conditions(definition.population.where, ctx, "  ")
    return repr((_frame(definition), population, ctx.ctes, ctx.joins, ctx.columns))


def shared_columns(index: int) -> str:
    """The numerator column of the `index`-th indicator of a shared query."""
    return f"numerator_{index}"


def compile_shared(definitions: list[Definition]) -> str | None:
    """One query counting several indicators of one population (`shared_population`), the
    way MetricFlow merges the metrics of one grain: the population is read, filtered and
    grouped once, and each indicator's numerator is one more column of the same rows.

    Per area key and period it returns `numerator_i` of the i-th definition
    (`shared_columns`) and their common `denominator`. None when two of the definitions
    would give one helper table (CTE) two different bodies; they then run one by one.
    """
    ctx = SqlContext()
    population = _conditions(definitions[0].population.where, ctx, "  ")
    hits = []
    for i, definition in enumerate(definitions):
        before = (dict(ctx.ctes), dict(ctx.joins), dict(ctx.columns))
        numerator = _conditions(definition.numerator.where, ctx, "    ")
        after = (ctx.ctes, ctx.joins, ctx.columns)
        if any(
            new.get(k, v) != v
            for old, new in zip(before, after, strict=True)
            for k, v in old.items()
        ):
            return None
        hits.append(f"  CASE WHEN (\n{numerator}\n  ) THEN 1 ELSE 0 END AS hit_{i}")
    ctes = _base_and_subject(definitions[0], ctx, population)
    ctes["scored"] = "SELECT r.area_key, r.period,\n" + ",\n".join(hits) + "\nFROM subject AS r"
    measures = {shared_columns(i): f"SUM(hit_{i})" for i in range(len(definitions))}
    ids = ", ".join(d.id for d in definitions)
    return (
        f"-- indicators of one population, in one pass: {ids}\n"
        + _with(ctes)
        + _per_area("scored", {**measures, "denominator": "COUNT(*)"})
    )


def _frame(definition: Definition) -> str:
    return (
        "bosoc_households" if definition.population.of is Subject.households else "bosoc_residents"
    )


def _base_and_subject(definition: Definition, ctx: SqlContext, population: str) -> dict[str, str]:
    """The blocks' helper tables, then `base` (the frame with the blocks' columns) and
    `subject` (its rows in the population)."""
    columns = "".join(f", {expr} AS {name}" for name, expr in ctx.columns.items())
    joins = "".join(f"\n{join}" for join in ctx.joins.values())
    ctes = dict(ctx.ctes)
    ctes["base"] = f"SELECT r.*{columns}\nFROM {_frame(definition)} AS r{joins}"
    ctes["subject"] = (
        f"-- population: {definition.population.of.value} at R meeting every condition\n"
        f"SELECT * FROM base AS r\nWHERE\n{population}"
    )
    return ctes


def to_dialect(sql: str, dialect: str) -> str:
    """The query in another SQL dialect (e.g. `spark`), through sqlglot."""
    return ";\n".join(sqlglot.transpile(sql, read="duckdb", write=dialect, pretty=True))
