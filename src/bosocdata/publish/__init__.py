"""Publish: disclosure control and the published zone, the only data the web reads."""
