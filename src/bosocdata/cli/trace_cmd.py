"""`bosoc trace AREA [--year Y] [--english]`: where an area's assessment comes from.

Shows, from the published zone, the area's index with its rank and Monte-Carlo interval,
its status and dynamics, its BoSocData category and its need, then one line per
indicator: value, the municipality's value, normalised value, weight, contribution to
the index, points, and excess persons.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import typer

from bosocdata.errors import BosocError
from bosocdata.settings import Paths

TABLES = ("index", "categorisation", "dynamics", "priorities", "contributions")


def register(app: typer.Typer) -> None:
    @app.command()
    def trace(
        area: str = typer.Argument(..., help="The area's id or name."),
        year: int | None = typer.Option(None, "--year", help="The year. Default: the latest."),
        english: bool = typer.Option(False, "--english", help="Write in English."),
    ) -> None:
        """Trace an area's index, status, category and need, indicator by indicator."""
        from bosocdata.assessment.assess import read_published

        tables = read_published(Paths.from_env().published, TABLES)
        typer.echo(render_explanation(tables, area, year, "en" if english else "da"))


def find_area(index: pd.DataFrame, area: str) -> str:
    """The area_id of `area`, given as id or name (case-insensitive)."""
    names = index[["area_id", "area_name"]].drop_duplicates("area_id")
    wanted = area.strip().casefold()
    hit = names[
        (names["area_id"].str.casefold() == wanted) | (names["area_name"].str.casefold() == wanted)
    ]
    if hit.empty:
        known = ", ".join(sorted(names["area_id"].astype(str)))
        raise BosocError(f"no area {area!r} in the assessment", hint=f"the areas are {known}")
    return str(hit["area_id"].iloc[0])


def _number(language: str) -> Callable[[object, int], str]:
    from bosocdata.presentation.numbers import format_number

    def number(x: object, decimals: int = 2) -> str:
        if x is None or pd.isna(x):  # type: ignore[call-overload]
            return "-"
        return format_number(float(x), decimals, language)  # type: ignore[arg-type]

    return number


_TEXT: dict[str, dict[str, str]] = {
    "da": {
        "index": "Indeks",
        "rank": "nr. {rank} af {n}",
        "mc": "Monte-Carlo: median {m}, {p} %-interval {lo}-{hi}",
        "coverage": "dækning",
        "status": "Status {status}, dynamik {dynamics}",
        "attention": "kræver opmærksomhed",
        "category": "BoSocData-kategori {category}: {points} point af {max}",
        "need": "Behov: {need} personer over kommunens niveau (95 %: {lo}-{hi})",
        "no_year": "{area} har ingen vurdering for {year}",
    },
    "en": {
        "index": "Index",
        "rank": "rank {rank} of {n}",
        "mc": "Monte-Carlo: median {m}, {p} % interval {lo}-{hi}",
        "coverage": "coverage",
        "status": "Status {status}, dynamics {dynamics}",
        "attention": "needs attention",
        "category": "BoSocData category {category}: {points} points of {max}",
        "need": "Need: {need} persons above the municipality's level (95 %: {lo}-{hi})",
        "no_year": "{area} has no assessment for {year}",
    },
}

_HEADER: dict[str, tuple[str, ...]] = {
    "da": ("indikator", "værdi", "kommune", "norm.", "vægt", "bidrag", "point", "merantal"),
    "en": ("indicator", "value", "munic.", "norm.", "weight", "contrib.", "points", "excess"),
}


def _one(frame: pd.DataFrame, area_id: str, year: int) -> pd.Series | None:
    rows = frame[(frame["area_id"] == area_id) & (frame["period"] == year)]
    return None if rows.empty else rows.iloc[0]


def render_explanation(
    tables: Mapping[str, pd.DataFrame], area: str, year: int | None = None, language: str = "da"
) -> str:
    """The explanation of one area and year as plain text (see the module docstring)."""
    text = _TEXT[language]
    num = _number(language)
    index = tables["index"]
    area_id = find_area(index, area)
    year = int(index.loc[index["area_id"] == area_id, "period"].max()) if year is None else year
    row = _one(index, area_id, year)
    if row is None:
        raise BosocError(text["no_year"].format(area=area, year=year), hint="try another --year")
    lines = [f"{row['area_name']} ({area_id}), {year}"]
    head = f"{text['index']} {num(row['index'], 2)} ({row['normalisation']})"
    if pd.notna(row["rank"]):
        head += ", " + text["rank"].format(rank=int(row["rank"]), n=int(row["n_ranked"]))
        head += "; " + text["mc"].format(
            m=num(row["rank_median"], 1),
            p=90,
            lo=num(row["rank_low"], 1),
            hi=num(row["rank_high"], 1),
        )
    head += f"; {text['coverage']} {num(100 * row['coverage'], 0)} %"
    lines.append(head)
    dyn = _one(tables["dynamics"], area_id, year)
    if dyn is not None:
        status = text["status"].format(status=dyn["status"], dynamics=dyn["dynamics"])
        if bool(dyn["attention"]):
            status += f" – {text['attention']}"
        lines.append(status)
    cat = _one(tables["categorisation"], area_id, year)
    if cat is not None:
        lines.append(
            text["category"].format(
                category=cat["category"],
                points=num(cat["points"], 0),
                max=num(cat["max_points"], 0),
            )
        )
    pri = _one(tables["priorities"], area_id, year)
    if pri is not None:
        lines.append(
            text["need"].format(
                need=num(pri["need"], 0), lo=num(pri["need_low"], 0), hi=num(pri["need_high"], 0)
            )
        )
    contributions = tables["contributions"]
    mine = contributions[
        (contributions["area_id"] == area_id) & (contributions["period"] == year)
    ].sort_values(["theme", "indicator_id"])
    header = _HEADER[language]
    cells = [
        (
            str(c["indicator_id"]),
            num(c["value"], 1),
            num(c["benchmark"], 1),
            num(c["normalised"], 2),
            num(c["effective_weight"], 3),
            num(c["contribution"], 3),
            num(c["points"], 0),
            num(c["excess"], 0),
        )
        for _, c in mine.iterrows()
    ]
    widths = [max(len(r[j]) for r in [header, *cells]) for j in range(len(header))]
    lines.append("")
    for r in [header, *cells]:
        lines.append(
            "  ".join(
                v.ljust(w) if j == 0 else v.rjust(w)
                for j, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(lines)
