"""Refuse, before anything runs, an indicator an engine cannot run.

Two checks on the compiled SQL (DuckDB dialect), both read from the engine's `Dialect`:
sqlglot must be able to write every construct in the engine's dialect
(`unsupported_level=RAISE`), and, where the engine does not allow it, no subquery may
refer to a column of a query two or more levels out. A problem is reported naming the
indicator and the building block whose SQL has it (each block is checked on its own).
"""

from __future__ import annotations

import sqlglot
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError
from sqlglot.optimizer.scope import traverse_scope

from bosocdata.errors import BosocError
from bosocdata.indicators.blocks import Block, Not, SqlContext
from bosocdata.indicators.compiler import compile_indicator
from bosocdata.indicators.engines.dialects import Dialect
from bosocdata.indicators.model import Definition, Subject

HINT = (
    "the definition stays as it is; the block's SQL (indicators/blocks.py) must be written "
    "so the engine can run it, see docs/how-to/run-on-spark.md, 'What is engine-specific'"
)


class NotPortable(BosocError):
    """An indicator whose SQL the engine cannot run."""


def sql_problems(sql: str, dialect: Dialect) -> list[str]:
    """What keeps the engine of `dialect` from running `sql` (DuckDB dialect); [] if none."""
    if not dialect.transpiled:
        return []
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
        sqlglot.transpile(
            sql, read="duckdb", write=dialect.name, unsupported_level=ErrorLevel.RAISE
        )
    except (ParseError, UnsupportedError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [f"sqlglot cannot write it in the {dialect.name} dialect: {first}"]
    if dialect.nested_correlation:
        return []
    return _nested_references(tree)


def _nested_references(tree: sqlglot.exp.Expr) -> list[str]:
    """Columns a subquery takes from a query further out than the one just around it."""
    problems = []
    for scope in traverse_scope(tree):
        parent = scope.parent
        if parent is None:
            continue
        for column in scope.external_columns:
            table = column.table
            if table and table not in parent.selected_sources and table not in scope.sources:
                problems.append(
                    f"a subquery refers to `{column.sql()}` of a query two or more levels out "
                    "(a nested correlated subquery), which this engine cannot resolve"
                )
    return sorted(set(problems))


def check_portable(definition: Definition, dialect: Dialect) -> str:
    """The compiled SQL of `definition`, or `NotPortable` naming indicator and block."""
    sql = compile_indicator(definition)
    problems = sql_problems(sql, dialect)
    if not problems:
        return sql
    block, problem = _culprit(definition, dialect) or (_query_part(definition), problems[0])
    raise NotPortable(
        f"indicator `{definition.id}`, block `{block}`: cannot run on {dialect.name}: {problem}",
        hint=HINT,
    )


def check_catalogue(definitions: list[Definition], dialect: Dialect) -> dict[str, str]:
    """id -> compiled SQL of every definition; the first one that cannot run raises."""
    return {d.id: check_portable(d, dialect) for d in definitions}


def _query_part(definition: Definition) -> str:
    numerator = definition.numerator
    if numerator.place_events is not None:
        return "place_events"
    if numerator.mean_of is not None:
        return "mean_of"
    return f"{definition.population.of.value} frame"


def _label(block: Block) -> str:
    return f"not: {_label(block.block)}" if isinstance(block, Not) else block.name


def _culprit(definition: Definition, dialect: Dialect) -> tuple[str, str] | None:
    """The first block whose SQL, checked on its own, has a problem."""
    frame = (
        "bosoc_households" if definition.population.of is Subject.households else "bosoc_residents"
    )
    for block in [*definition.population.where, *definition.numerator.where]:
        problems = sql_problems(_block_query(block, frame), dialect)
        if problems:
            return _label(block), problems[0]
    return None


def _block_query(block: Block, frame: str) -> str:
    """A query with one block as its only condition, built as `compile_indicator` does."""
    ctx = SqlContext()
    condition = block.sql(ctx)
    columns = "".join(f", {expr} AS {name}" for name, expr in ctx.columns.items())
    joins = "".join(f" {join}" for join in ctx.joins.values())
    ctes = {**ctx.ctes, "base": f"SELECT r.*{columns} FROM {frame} AS r{joins}"}
    body = ", ".join(f"{name} AS ({sql}\n)" for name, sql in ctes.items())
    return f"WITH {body} SELECT 1 FROM base AS r WHERE {condition}"
