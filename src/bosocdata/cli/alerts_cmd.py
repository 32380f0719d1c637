"""`bosoc alerts [--year Y] [--english]`: the early warnings of the published zone."""

from __future__ import annotations

from pathlib import Path

import typer

from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def alerts(
        year: int | None = typer.Option(None, "--year", help="The year. Default: the latest."),
        english: bool = typer.Option(False, "--english", help="Write the alerts in English."),
    ) -> None:
        """Early warning: indicators worse and worsening, a rising index, criteria near."""
        from bosocdata.assessment.assess import read_published
        from bosocdata.presentation.alerts import alerts_text
        from bosocdata.presentation.vocabulary import Vocabulary

        language = "en" if english else "da"
        published = Paths.from_env().published
        tables = read_published(published, ["alerts", "indicators"])
        if year is not None:
            _check_year(_meta(published), year)
        names = _names(tables.get("indicators"), language)
        rows = [{str(k): v for k, v in r.items()} for r in tables["alerts"].to_dict("records")]
        typer.echo(alerts_text(rows, Vocabulary(language), lambda i: names.get(i, i), year))


def _names(indicators: object, language: str) -> dict[str, str]:
    """indicator_id -> its name in `language` (Danish when there is no English one)."""
    import pandas as pd

    if not isinstance(indicators, pd.DataFrame) or "name_da" not in indicators:
        return {}
    column = "name_en" if language == "en" and "name_en" in indicators else "name_da"
    named = indicators[column].fillna(indicators["name_da"]).fillna(indicators["indicator_id"])
    return dict(zip(indicators["indicator_id"], named, strict=True))


def _meta(published: Path) -> object:
    """The publication's `meta` table, None where it has none."""
    from bosocdata.assessment.assess import read_published
    from bosocdata.errors import NotComputed

    try:
        return read_published(published, ["meta"])["meta"]
    except NotComputed:
        return None


def _check_year(meta: object, year: int) -> None:
    """A year outside the publication has no alerts because it has no numbers: say so,
    rather than "no alerts" (which reads as good news)."""
    import pandas as pd

    from bosocdata.errors import BosocError

    if not isinstance(meta, pd.DataFrame) or "key" not in meta:
        return
    values = dict(zip(meta["key"], meta["value"], strict=True))
    first, last = values.get("first_period"), values.get("last_period")
    if not first or not last or values.get("period_kind", "year") != "year":
        return
    if not int(first) <= year <= int(last):
        raise BosocError(
            f"{year} is not published: the publication covers {first}-{last}",
            hint=f"choose a --year within {first}-{last}, or leave it out for the latest",
        )
