"""The `bosoc` command line: one small module per command, registered in `main`."""
