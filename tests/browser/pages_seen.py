"""Every HTML page a person sees, and how each is looked at: at 1366 and 1920 px, nothing
wider than the window, no raw id in the visible text, axe clean, photographed.

`signed_in_pages` lists the pages of a signed-in analyst; test_every_route.py adds the
pages seen before logging in, the error pages, and the second factor's pages
(test_second_factor_browser.py). `LEFT_OUT` names every route of the application that is
not looked at as a page, with the reason; test_every_route.py fails on a route that is
in neither, so a new page cannot slip past these checks.
"""

from __future__ import annotations

from typing import Any

from browser_support import SCREENSHOTS, axe_violations, describe
from raw_ids import RawIds

WIDTHS = (1366, 1920)
LANGS = ("da", "en")
PDF_SECONDS = 240

# Route (method, path) -> why it is not looked at as a page of its own.
FILE = "a file or data for a program, not a page (tests/web checks its content)"
LEFT_OUT: dict[tuple[str, str], str] = {
    ("GET", "/static"): "the application's own style sheet, script and fonts",
    ("GET", "/healthz"): "the health check, JSON for the operator's monitoring",
    ("GET", "/api/areas"): FILE,
    ("GET", "/api/indicator_table"): FILE,
    ("GET", "/eksport"): FILE,
    ("GET", "/eksport/kort.geojson"): FILE,
    ("GET", "/rapporter/{job_id}/fil"): "the PDF file itself (test_browser.py opens one)",
    ("GET", "/eksport/pdf/aarsrapport"): "starts a job and redirects to /rapporter/{job_id}",
    ("GET", "/eksport/pdf/omraade/{area_id}"): "starts a job and redirects to /rapporter/{job_id}",
    ("POST", "/rapporter/{job_id}/annuller"): "redirects to /rapporter/{job_id}",
    ("POST", "/logout"): "redirects to /login",
    ("GET", "/login/sso"): "redirects to the identity provider (single sign-on is not set "
    "up in the browser tests; its failures render the error page looked at here)",
    ("GET", "/login/sso/callback"): "redirects, or renders the error page looked at here",
    ("POST", "/sessioner"): "renders /sessioner again with a notice line",
    ("POST", "/tofaktor"): "renders the second factor's page, looked at in "
    "test_second_factor_browser.py (the enrolment and the recovery codes)",
    ("POST", "/login/totp"): "renders the page of GET /login/totp or the recovery codes, "
    "looked at in test_second_factor_browser.py",
}
EXPORT_TABLE = "/eksport/"  # /eksport/<table>: one download per published table, FILE

# The routes whose pages are looked at: by signed_in_pages, test_every_route.py and
# test_second_factor_browser.py.
COVERED: set[tuple[str, str]] = {
    ("GET", p)
    for p in (
        "/",
        "/kort",
        "/indikatorer",
        "/indikator/{indicator_id}",
        "/sammenlign",
        "/prioritering",
        "/advarsler",
        "/omraade/{area_id}",
        "/omraade/{area_id}/beregning",
        "/indsatser",
        "/indsats/{intervention_id}",
        "/sessioner",
        "/tofaktor",
        "/rapporter/{job_id}",
        "/login",
        "/login/totp",
    )
} | {("POST", "/login")}


def with_lang(address: str, lang: str) -> str:
    return f"{address}{'&' if '?' in address else '?'}lang={lang}"


def report_job(page: Any, base_url: str, area: str) -> str:
    """The address of a finished PDF job of the area's profile (made once; asking again
    finds the same job)."""
    page.goto(f"{base_url}/eksport/pdf/omraade/{area}?lang=da")
    page.wait_for_selector("#job-download", timeout=PDF_SECONDS * 1000)
    return "/" + page.url.split("/", 3)[3].split("?")[0]


def signed_in_pages(page: Any, base_url: str) -> list[tuple[str, str]]:
    """(name, address) of every page an analyst sees, with real ids filled in."""
    page.goto(f"{base_url}/kort")
    areas = [str(a.get_attribute("data-area")) for a in page.locator("svg.map a.map-area").all()]
    page.goto(f"{base_url}/indikatorer")
    href = page.locator("table a[href^='/indikator/']").first.get_attribute("href")
    page.goto(f"{base_url}/indsatser")
    interventions = [
        str(a.get_attribute("href")) for a in page.locator("main a[href^='/indsats/']").all()
    ]
    assert interventions, "the browser zone has no evaluated intervention"
    pages = [
        ("oversigt", "/"),
        ("kort", "/kort"),
        ("kort-indeks", "/kort?indicator=index"),
        ("kort-kategori", "/kort?indicator=category"),
        ("indikatorer", "/indikatorer"),
        ("indikator", str(href).split("?")[0]),
        ("sammenlign", "/sammenlign"),
        ("sammenlign-to", f"/sammenlign?area_id={areas[0]}&area_id={areas[1]}"),
        ("prioritering", "/prioritering"),
        ("prioritering-behov", "/prioritering?by=need"),
        ("advarsler", "/advarsler"),
        ("omraade", f"/omraade/{areas[0]}"),
        ("beregning", f"/omraade/{areas[0]}/beregning"),
        ("omraade-kommunen", "/omraade/__all__"),
        ("indsatser", "/indsatser"),
        *((f"indsats-{n}", h.split("?")[0]) for n, h in enumerate(interventions, 1)),
        ("sessioner", "/sessioner"),
        ("tofaktor", "/tofaktor"),
        ("rapport", report_job(page, base_url, areas[0])),
        ("ikke-fundet", "/omraade/findes-ikke"),
    ]
    return pages


def look_at(page: Any, name: str, lang: str, raw: RawIds) -> list[str]:
    """The page as it is now, at each of WIDTHS: its problems (too wide, raw ids shown,
    axe violations); a screenshot screenshots/<name>-<lang>-<width>.png of each."""
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = []
    shown = raw.shown(page.evaluate("() => document.body.innerText"), lang)
    if shown:
        problems.append(f"{name} ({lang}, {page.url}) shows ids {shown[:10]}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{name} ({lang}, {page.url}) is {scroll} px wide at {width} px")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
        violations = axe_violations(page)
        if violations:
            problems.append(f"axe on {name} ({lang}, {width} px):\n" + describe(violations))
    return problems


def app_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route of the application, into included routers."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if hasattr(route, "original_router"):  # FastAPI's wrapper of include_router
                walk(route.original_router.routes)
            elif getattr(route, "methods", None):
                found.update((m, route.path) for m in route.methods if m != "HEAD")
            elif hasattr(route, "routes") and not hasattr(route, "path"):
                walk(route.routes)
            else:
                found.add(("GET", route.path))  # a mount

    walk(list(app.routes))
    return found
