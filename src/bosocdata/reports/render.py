"""HTML from the templates, then PDF with WeasyPrint.

WeasyPrint is given a URL fetcher that refuses everything: the report's CSS is inlined,
its charts are inline SVG and its font (DejaVu Sans, Debian's fonts-dejavu-core) comes
from the system, so nothing is ever fetched from the network or from another file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bosocdata.errors import BosocError
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
    """Write `html` as a PDF to `out_pdf` (its folder is made when missing)."""
    import weasyprint  # slow to import: only when a report is written

    out_pdf = Path(out_pdf)
    try:
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
        document.write_pdf(out_pdf)
    except OSError as error:
        raise BosocError(
            f"cannot write the report {out_pdf}: {error.strerror or error}",
            hint="choose a folder you can write to",
        ) from None
