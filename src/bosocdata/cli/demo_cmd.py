"""`bosoc demo [--no-serve]`: synth + ingest + compute + evaluate, then serve."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from bosocdata.access.demo import DEMO_ADMIN, ensure_demo_admin
from bosocdata.progress import console
from bosocdata.settings import Paths

# About 120,000 residents: the 25 housing areas at their full size, the rest a quarter
# of Aarhus; 22 of the 25 areas are large enough to rank.
DEMO_SCALE = 0.25
DEMO_SEED = 1
DEMO_YEARS = (2010, 2025)


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve when done."),
        scale: float = typer.Option(
            DEMO_SCALE,
            help="Size of the synthetic municipality (1 = Aarhus, 360,000 residents); "
            "the 25 housing areas keep their size, the scale shrinks the rest.",
        ),
        seed: int = typer.Option(DEMO_SEED),
        port: int = typer.Option(8000),
    ) -> None:
        """The one command a newcomer runs: build a fictitious municipality and show it."""
        run_demo(Paths.from_env(), scale=scale, seed=seed, serve=serve, port=port)


def run_demo(paths: Paths, *, scale: float, seed: int, serve: bool, port: int) -> None:
    """synth + ingest + compute, then (optionally) serve.

    The port is taken first: a busy port is refused before minutes of work, not after.
    """
    sock = None
    if serve:
        from bosocdata.web.server import bind_port

        sock = bind_port(
            "127.0.0.1", port, retry="make demo PORT={port} or bosoc demo --port {port}"
        )
    try:
        build_demo(paths, scale=scale, seed=seed)
    except BaseException:
        if sock is not None:
            sock.close()
        raise
    if sock is None:
        console.print("Færdig. Start webapplikationen med: bosoc serve")
        return
    from bosocdata.web.server import serve_app

    console.print(f"Webapplikationen: http://127.0.0.1:{port}")
    serve_app(paths, host="127.0.0.1", port=port, sock=sock)


def build_demo(paths: Paths, *, scale: float, seed: int) -> None:
    """synth + ingest + compute into `paths`, and the demo's admin login."""
    # Imported here: the stages load DuckDB and pandas, which `bosoc --help` need not wait for.
    from bosocdata.cli.compute_cmd import summary_text
    from bosocdata.ingest import ingest_delivery
    from bosocdata.pipeline import compute_all
    from bosocdata.synth import generate

    delivery = paths.home / "demo-delivery"
    console.print(f"[bold]1/3[/] Laver en fiktiv kommune (skala {scale}) i {delivery}")
    generate(delivery, scale=scale, seed=seed, years=DEMO_YEARS)
    install_basemap(delivery, paths)
    console.print("[bold]2/3[/] Indlæser og pseudonymiserer leverancen")
    report = ingest_delivery(delivery, paths)
    console.print(report.summary())
    console.print("[bold]3/3[/] Beregner indikatorer og publicerer")
    summary = compute_all(paths)
    console.print(summary_text(summary))
    evaluate_demo(paths)
    announce_demo_login(paths)


def evaluate_demo(paths: Paths) -> None:
    """`bosoc evaluate` on the demo's planted interventions, so that /indsatser, the
    intervention pages and the profiles' "Hvorfor ændrede tallet sig?" show something.
    Its warnings (few treated areas, pre-trends) belong on the pages, not here."""
    from bosocdata.cli.evaluate_run import run_evaluate

    console.print("Evaluerer indsatserne (bosoc evaluate)")
    warnings = run_evaluate(
        intervention_id=None,
        indicators=[],
        method="all",
        years=None,
        zone="published",
        out=None,
        paths=paths,
    )
    if warnings:
        console.print(f"{len(warnings)} advarsler; se dem med bosoc evaluate.")


def install_basemap(delivery: Path, paths: Paths) -> None:
    """The fictitious municipality's outline and districts where the map looks for them
    ($BOSOC_HOME/kort/kommune.geojson): public boundaries, not register data."""
    from bosocdata.synth.basemap import BASEMAP_DIR, BASEMAP_FILE

    source = delivery / BASEMAP_DIR / BASEMAP_FILE
    if source.is_file():
        target = paths.home / BASEMAP_DIR / BASEMAP_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def announce_demo_login(paths: Paths) -> None:
    """Create the demo's admin when nobody has an account yet, and print the password once."""
    password = ensure_demo_admin(paths)
    if password is None:
        console.print("Log ind med en eksisterende bruger (se bosoc users list).")
        return
    console.print(
        f"Log ind som [bold]{DEMO_ADMIN}[/] med adgangskoden [bold]{password}[/] "
        "(vises kun denne ene gang; skift den med bosoc users reset-password admin).",
        highlight=False,
        soft_wrap=True,
    )
