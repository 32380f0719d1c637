"""The check every route of the application runs before its own code (an app-wide FastAPI
dependency, so a route added later gets it without asking):

- **Area parameters.** A path or query parameter named as in `AREA_PARAMETERS` must name
  an area the user may see; otherwise the answer is the same 404 as for an area that does
  not exist (same status, same words), so a partner cannot learn that another
  organisation's area exists.
- **Exports.** Routes under `EXPORT_PREFIXES` (`/api/`, `/eksport`) and a report job's
  file hand data over for use elsewhere: a viewer gets 403 (also on the report jobs'
  pages), everyone else's call is written to the audit log as `export`, with its format,
  before the data is produced.
- **Area pages.** A page with an area parameter that is not an export is written to the
  audit log as `area_viewed`.

If the audit log cannot be written, the request fails: an action that cannot be audited is
not done. Local mode (`auth=off`) writes no audit entries: there is nobody to name.
"""

from __future__ import annotations

from fastapi import Request

from bosocdata.auditlog import record
from bosocdata.presentation import queries as q
from bosocdata.presentation.zone import EVERY_AREA
from bosocdata.web.auth.context import (
    auth_of,
    export_format,
    is_export,
    needs_export_right,
    web_auth_of,
)
from bosocdata.web.rendering import PageError, zone_of

AREA_PARAMETERS = ("area_id", "area", "omraade")


def _requested_areas(request: Request) -> list[str]:
    areas = [str(request.path_params[p]) for p in AREA_PARAMETERS if p in request.path_params]
    for name in AREA_PARAMETERS:
        # An empty value is a slot left empty in a form (compare's "(intet)"), not an area.
        areas.extend(v for v in request.query_params.getlist(name) if v)
    return areas


def visible_area_ids(request: Request) -> set[str]:
    with zone_of(request).cursor() as cur:
        return set(q.areas(cur))


def guard(request: Request) -> None:
    """Refuse what the user may not see or do; audit what they see and take."""
    context = auth_of(request)
    path = request.url.path
    export = is_export(path)
    if needs_export_right(path) and not context.may_export:
        raise PageError(403, "forbidden_title", "no_export")
    requested = _requested_areas(request)
    if requested:
        visible = visible_area_ids(request)
        for area_id in requested:
            if area_id not in visible:
                raise PageError(404, "not_found_title", "not_found_area", id=area_id)
    if context.local or context.user is None:
        return
    paths = web_auth_of(request).paths
    if export:
        areas: object = sorted(set(requested))
        if not requested:
            unrestricted = context.scope is EVERY_AREA or (
                context.user is not None and not context.user.is_restricted
            )
            areas = "all" if unrestricted else sorted(visible_area_ids(request))
        details: dict[str, object] = {
            "path": path,
            "areas": areas,
            "format": export_format(path, request.query_params.get("format")),
        }
        if "year" in request.query_params:
            details["year"] = request.query_params["year"]
        record(paths, "export", actor=context.actor, details=details)
    else:
        for area_id in dict.fromkeys(requested):
            record(paths, "area_viewed", actor=context.actor, details={"area_id": area_id})
