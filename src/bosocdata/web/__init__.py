"""The web application: reads only the published zone (see docs/concepts/web.md)."""
