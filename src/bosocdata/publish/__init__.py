"""The published zone's contract: its tables and columns, `__all__`/`__rest__`, the
writer and the indicator metadata. The only data the web and the reports read."""
