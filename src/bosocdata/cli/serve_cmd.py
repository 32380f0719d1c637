"""`bosoc serve [--host H] [--port P]`."""

from __future__ import annotations

import typer

from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
    ) -> None:
        """Serve the web application (reads only the published zone)."""
        from bosocdata.web.server import serve_app

        serve_app(Paths.from_env(), host=host, port=port)
