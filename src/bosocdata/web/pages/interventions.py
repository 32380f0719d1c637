"""The evaluation of the interventions: `/indsatser` (the list) and
`/indsats/{intervention_id}` (event study, synthetic control and the decomposition
"Hvorfor ændrede tallet sig?" per indicator), from the scoped views of the published zone.

A user who may not see every area of an intervention gets 404: the pooled estimates
would tell of the areas they may not see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bosocdata.presentation import evaluation_view as ev
from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import area_name
from bosocdata.web.page_cache import cached
from bosocdata.web.rendering import PageError, render, translator_for, zone_of

router = APIRouter()


@router.get("/indsatser", response_class=HTMLResponse)
@cached
def interventions_list(request: Request) -> HTMLResponse:
    t = translator_for(request)
    with zone_of(request).cursor() as cur:
        found = ev.interventions(cur)
        areas = q.areas(cur)
        meta = q.meta(cur)
    rows = [
        (
            f"/indsats/{i.intervention_id}",
            i.name,
            i.first_year,
            ", ".join(area_name(a, areas, t) for a in i.areas),
        )
        for i in sorted(found.values(), key=lambda i: (i.first_year, i.name))
    ]
    return render(request, "interventions.html", meta=meta, rows=rows)


@router.get("/indsats/{intervention_id}", response_class=HTMLResponse)
@cached
def intervention(request: Request, intervention_id: str) -> HTMLResponse:
    t = translator_for(request)
    with zone_of(request).cursor() as cur:
        info = ev.interventions(cur).get(intervention_id)
        if info is None:
            raise PageError(404, "not_found_title", "eval_not_found")
        sections = ev.indicator_sections(cur, info, t)
        areas = q.areas(cur)
        meta = q.meta(cur)
    links = [(f"/omraade/{a}", area_name(a, areas, t)) for a in info.areas]
    return render(
        request,
        "intervention.html",
        meta=meta,
        info=info,
        sections=sections,
        area_links=links,
        any_suppressed=any(s.suppressed for s in sections),
    )
