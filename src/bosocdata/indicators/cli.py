"""`bosoc indicators list | show ID | explain ID | validate`."""

from __future__ import annotations

from pathlib import Path

import typer

from bosocdata.indicators.catalogue import collect_problems, load_catalogue
from bosocdata.indicators.compiler import compile_indicator, to_dialect
from bosocdata.indicators.sentence import sentence_da

indicators_app = typer.Typer(
    help="Indikatorkataloget: vis, forklar og kontroller definitionerne (the indicator catalogue).",
    no_args_is_help=True,
)

_DIR = typer.Option(
    None, "--dir", help="An extra folder of definitions (default: BOSOC_INDICATORS_DIR)."
)


@indicators_app.command("list")
def list_(extra_dir: Path | None = _DIR) -> None:
    """List every indicator: id, unit, theme and Danish name."""
    for d in load_catalogue(extra_dir):
        typer.echo(f"{d.id:<34} {d.unit.value:<9} {d.theme.value:<18} {d.name_da}")


@indicators_app.command()
def show(indicator_id: str, extra_dir: Path | None = _DIR) -> None:
    """Print the definition as a plain-language Danish sentence."""
    d = load_catalogue(extra_dir).get(indicator_id)
    typer.echo(f"{d.name_da} ({d.id})")
    typer.echo(sentence_da(d))
    typer.echo(f"Enhed: {d.unit.value}; retning: {d.direction.value}; tema: {d.theme.value}")
    typer.echo(f"Registre: {', '.join(d.registers) or '(kun CPR)'}")
    typer.echo(f"Kilde: {d.source}")
    if d.path is not None:
        typer.echo(f"Fil: {d.path}")


@indicators_app.command()
def explain(
    indicator_id: str,
    extra_dir: Path | None = _DIR,
    dialect: str = typer.Option("duckdb", help="SQL dialect, e.g. duckdb or spark (sqlglot)."),
) -> None:
    """Print the compiled SQL, with comments naming the building block of each part."""
    sql = compile_indicator(load_catalogue(extra_dir).get(indicator_id))
    typer.echo(sql if dialect == "duckdb" else to_dialect(sql, dialect))


@indicators_app.command()
def validate(extra_dir: Path | None = _DIR) -> None:
    """Check every definition file; print every problem as file:line: message."""
    problems = collect_problems(extra_dir)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(2)
    typer.echo(f"{len(load_catalogue(extra_dir))} definitions, no problems")
