"""The downloads for people: the Excel workbook (the table, the definitions of its
indicators, "Om tallene") and the CSV for a Danish spreadsheet, both in the reader's
language with names instead of ids and numbers rounded as on screen
(bosocdata.presentation.people). The plain CSV (`/eksport`, `format=csv` without
`decimal=komma`) stays machine-readable: the contract's columns, full precision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from bosocdata.formulas import neutralise_text
from bosocdata.presentation import evaluation_view as ev
from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import area_name
from bosocdata.presentation.excel import write_people_workbook
from bosocdata.presentation.numbers import format_moment
from bosocdata.presentation.people import PeopleTable, csv_text, people_table
from bosocdata.presentation.vocabulary import Vocabulary


def _people(
    cur: Any, table: str, rows: Sequence[Mapping[str, Any]], t: Vocabulary
) -> tuple[PeopleTable, dict[str, q.Indicator]]:
    catalogue = q.indicators(cur)
    areas = q.areas(cur)

    def indicator_name(indicator_id: str) -> str:
        found = catalogue.get(indicator_id)
        return found.name(t.language) if found else t.maybe("crit_" + indicator_id, indicator_id)

    def name_of(area_id: str, published: str | None) -> str:
        if area_id in (q.ALL_ID, q.REST_ID) or area_id in areas:
            return area_name(area_id, areas, t)
        return published or area_id

    if table == "evaluation":
        rows = _evaluation_names(cur, rows, t, areas)
    return people_table(table, rows, t, indicator_name, name_of), catalogue


def _evaluation_names(
    cur: Any, rows: Sequence[Mapping[str, Any]], t: Vocabulary, areas: dict[str, q.Area]
) -> list[dict[str, Any]]:
    """The evaluation's rows with names for people: the intervention's name, "the
    intervention's areas together" for its pooled rows, and a synthetic control's donor
    area by name (`unit`; one the user may not see is "another area", as on its page)."""
    names = {i.intervention_id: i.name for i in ev.interventions(cur).values()}
    out = []
    for row in rows:
        donor = row.get("unit")  # emptied by the scope when the user may not see it
        donor_name = None
        if donor or row.get("estimand") == "weight":
            donor_name = ev.area_or_other(str(donor), areas, t)
        iid = row.get("intervention_id")
        out.append(
            {
                **row,
                "intervention_name": names.get(str(iid)) if iid else None,
                "area_name": None if row.get("area_id") else t("eval_all_areas"),
                "donor_name": donor_name,
            }
        )
    return out


def people_csv(
    cur: Any, table: str, rows: Sequence[Mapping[str, Any]], t: Vocabulary, sep: str, decimal: str
) -> bytes:
    shown, _ = _people(cur, table, rows, t)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow([neutralise_text(h) for h in shown.headers])
    for row in shown.rows:
        writer.writerow(
            [
                csv_text(value, fmt, decimal)
                if fmt
                else neutralise_text("" if value is None else str(value))
                for value, fmt in row
            ]
        )
    text = out.getvalue()
    # A Danish spreadsheet guesses the encoding: the byte-order mark says UTF-8.
    return ("\ufeff" + text).encode("utf-8")


def people_workbook(
    cur: Any,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    t: Vocabulary,
    meta: Mapping[str, str],
) -> bytes:
    """The sheets: the table, "Definitioner" (each indicator in it), "Om tallene"."""
    shown, catalogue = _people(cur, table, rows, t)
    used = sorted(
        {str(r["indicator_id"]) for r in rows if r.get("indicator_id") in catalogue},
        key=lambda i: catalogue[i].name(t.language),
    )
    Cells = list[list[tuple[object, str | None]]]
    definitions: Cells = [
        [
            (catalogue[i].name(t.language), None),
            (t.theme(catalogue[i].theme), None),
            (t.unit(catalogue[i].unit) or "–", None),
            (t.maybe(f"direction_{catalogue[i].direction}", "–"), None),
            (catalogue[i].description(t.language) or "", None),
        ]
        for i in used
    ]
    k = meta.get("suppression_k") or "5"
    about: Cells = [
        [(t("about_source_label"), None), (t("about_source"), None)],
        [(t("about_computed"), None), (_moment(meta.get("computed_at"), t), None)],
        [(t("about_suppression_label"), None), (t("about_suppression", k=k), None)],
        [(t("about_interval_label"), None), (t("about_interval"), None)],
        [(t("about_rounding_label"), None), (t("about_rounding"), None)],
        [(t("sheet_definitions"), None), (t("about_definitions"), None)],
    ]
    sheets = [(t.maybe("sheet_" + table, table), shown.headers, shown.rows)]
    if definitions:
        headers = [t("indicator"), t("theme"), t("unit"), t("direction_label")]
        sheets.append((t("sheet_definitions"), [*headers, t("col_definition")], definitions))
    sheets.append((t("sheet_about"), [t("about_what"), t("about_text")], about))
    out = io.BytesIO()
    write_people_workbook(sheets, out)
    return out.getvalue()


def _moment(text: str | None, t: Vocabulary) -> str:
    """When the figures were computed, as the footer of the pages says it."""
    return format_moment(text, t.language, t("months").split())
