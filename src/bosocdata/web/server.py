"""Serving the application with uvicorn (`bosoc serve`)."""

from __future__ import annotations

import uvicorn

from bosocdata.settings import Paths
from bosocdata.web.app import create_app


def serve_app(paths: Paths, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the published zone of `paths` on http://host:port until interrupted.

    The application starts even when nothing is published yet: its pages then say so
    (HTTP 503) until `bosoc compute` writes the published zone.
    """
    app = create_app(paths.published)
    print(f"BoSocData: http://{host}:{port}/  (published zone: {paths.published})")
    uvicorn.run(app, host=host, port=port, server_header=False, log_level="info")
