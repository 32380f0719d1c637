"""A small reader of the served HTML: the text of each table row, by `data-area`."""

from __future__ import annotations

from html.parser import HTMLParser


class RowReader(HTMLParser):
    """Collects the text of every th/td cell of each <tr data-area=...> or data-indicator."""

    def __init__(self, key: str = "data-area") -> None:
        super().__init__()
        self.key = key
        self.rows: dict[str, list[str]] = {}
        self.order: list[str] = []
        self._row: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get(self.key):
            self._row = found[self.key]
            self.rows[self._row] = []
            self.order.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "title" and self._cell is not None:
            self._cell.append("\0")  # SVG tooltips are not cell text

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            text = "".join(self._cell)
            text = text.split("\0")[0] if "\0" in text else text
            self.rows[self._row].append(" ".join(text.split()))
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str, key: str = "data-area") -> RowReader:
    reader = RowReader(key)
    reader.feed(html)
    return reader
