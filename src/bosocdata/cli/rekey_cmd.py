"""`bosoc rekey [--resume]`."""

from __future__ import annotations

import typer

from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def rekey(
        resume: bool = typer.Option(
            False, "--resume", help="Finish a rekey that was interrupted (crash, power cut)."
        ),
    ) -> None:
        """Put every pseudonym in the store under a new, additional key (key rotation)."""
        from bosocdata.pseudonym.rekey import rekey_store, resume_rekey

        paths = Paths.from_env()
        result = resume_rekey(paths) if resume else rekey_store(paths)
        if result is None:
            typer.echo(
                "Nothing to resume: no rekey was interrupted, and the store and the key file "
                "belong together."
            )
            return
        if result.resumed:
            typer.echo(f"Resumed the interrupted rekey: {result.resumed}.")
        if result.pids:
            tables = len(result.pids)
            typer.echo(
                f"Re-pseudonymised {result.total_rows:,} rows in {tables} "
                f"{'table' if tables == 1 else 'tables'} ({', '.join(sorted(result.pids))})."
            )
        typer.echo(
            f"The key chain in {paths.key_file} now holds {result.keys} keys. Back it up now, "
            "replacing the old backup: the old one no longer gives the store's pseudonyms."
        )
