"""`bosoc snapshots list` and `bosoc snapshots restore ID`."""

from __future__ import annotations

import typer

from bosocdata.settings import Paths

snapshots_app = typer.Typer(
    help="Tidligere lagre (earlier stores kept by ingest): list them, restore one.",
    no_args_is_help=True,
)


@snapshots_app.command("list")
def list_command() -> None:
    """List the kept earlier stores, newest first."""
    from bosocdata.ingest.snapshots import list_snapshots

    paths = Paths.from_env()
    kept = list_snapshots(paths)
    if not kept:
        typer.echo(f"No earlier stores are kept in {paths.store.parent / 'snapshots'}.")
        return
    typer.echo("id | replaced (UTC) | delivery | loaded | rows")
    for s in kept:
        loaded = s.loaded_at.strftime("%Y-%m-%d %H:%M") if s.loaded_at else "?"
        rows = f"{s.rows_loaded:,}" if s.rows_loaded is not None else "?"
        typer.echo(
            f"{s.id} | {s.replaced_at:%Y-%m-%d %H:%M:%S} | {(s.delivery_id or '?')[:12]} "
            f"| {loaded} | {rows}"
        )


@snapshots_app.command("restore")
def restore_command(
    snapshot_id: str = typer.Argument(..., help="The id shown by `bosoc snapshots list`."),
) -> None:
    """Make a kept store the current one again (the current one is kept in its turn)."""
    from bosocdata.ingest.snapshots import restore_snapshot

    paths = Paths.from_env()
    chosen = restore_snapshot(paths, snapshot_id)
    typer.echo(
        f"Restored {chosen.id} (delivery {(chosen.delivery_id or '?')[:12]}) as the store "
        f"{paths.store}. Run `bosoc compute` to publish from it again."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(snapshots_app, name="snapshots")
