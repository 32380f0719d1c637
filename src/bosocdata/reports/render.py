"""HTML from the templates, then PDF with WeasyPrint.

WeasyPrint is given a URL fetcher that refuses everything: the report's CSS is inlined,
its charts are inline SVG and its font (DejaVu Sans, Debian's fonts-dejavu-core) comes
from the system, so nothing is ever fetched from the network or from another file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bosocdata.outfiles import writing
from bosocdata.presentation.vocabulary import Vocabulary


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bosocdata.reports", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_html(template: str, labels: Vocabulary, **context: Any) -> str:
    return environment().get_template(template).render(labels=labels, **context)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"reports fetch nothing, not even {url}")


def write_pdf(html: str, out_pdf: Path) -> None:
    """Write `html` as a PDF to `out_pdf` (its folder is made when missing; a path that
    cannot be written is refused as a `BosocError`, bosocdata.outfiles)."""
    import weasyprint  # slow to import: only when a report is written

    with writing(Path(out_pdf), "the report") as out:
        document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
        document.write_pdf(out)
