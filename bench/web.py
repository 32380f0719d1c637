"""Server time of every page of the web application, in milliseconds.

    python bench/web.py --home /tmp/webhome          # an existing $BOSOC_HOME, computed
    python bench/web.py --scale 1                    # build one first (synth+ingest+compute)

Each page is asked for in-process (FastAPI's TestClient, logged in as an analyst) once to
warm up and then `--repeat` times; the median and the slowest are printed per page. The
target is under 200 ms per page at `--scale 1`. A benchmark, not a test: it prints and
never fails.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from argon2 import PasswordHasher

from bosocdata.access import UserStore
from bosocdata.settings import Paths
from bosocdata.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "blå hest springer over 7 grøfter"
TARGET_MS = 200.0


def build(home: Path, scale: float) -> None:
    from bosocdata.ingest import ingest_delivery
    from bosocdata.pipeline import compute_all
    from bosocdata.synth import generate

    delivery = home.parent / "delivery"
    generate(delivery, scale=scale, seed=1, years=(2010, 2025))
    ingest_delivery(delivery, Paths(home))
    compute_all(Paths(home))


def log_in(client: TestClient, username: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "no login form"
    done = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token[1]},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:200]


def pages(client: TestClient) -> list[str]:
    areas = [a["area_id"] for a in client.get("/api/areas").json()["areas"]]
    housing = [a for a in areas if not a.startswith("__")]
    first = housing[0] if housing else "__all__"
    second = housing[1] if len(housing) > 1 else "__all__"
    return [
        "/",
        "/kort",
        "/kort?indicator=index",
        f"/omraade/{first}",
        "/omraade/__all__",
        f"/omraade/{first}/beregning",
        "/indikator/voksne_uden_for_arbejdsmarkedet",
        "/indikator/voksne_uden_for_arbejdsmarkedet?sort=value&order=desc",
        "/indikatorer",
        f"/sammenlign?area_id={first}&area_id={second}",
        "/prioritering",
        "/prioritering?by=need",
        "/advarsler",
        "/eksport/indicator_table?format=xlsx",
        "/eksport/indicator_table?format=csv&sep=semikolon&decimal=komma",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a computed $BOSOC_HOME")
    parser.add_argument("--scale", type=float, default=1.0, help="build one at this scale")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bosoc-web-bench-") as folder:
        home = args.home or Path(folder) / "home"
        if args.home is None:
            print(f"Building a municipality at scale {args.scale} ...", file=sys.stderr)
            build(home, args.scale)
        cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        users = UserStore(Paths(home), hasher=cheap)
        name = "bench-analyst"
        if users.get(name) is None:
            users.add(name, "analyst", PASSWORD)
        app = create_app(Paths(home).published, auth="login", paths=Paths(home))
        with TestClient(app) as client:
            log_in(client, name)
            print(f"{'page':<70} {'median ms':>10} {'max ms':>8}")
            slow = 0
            for page in pages(client):
                assert client.get(page).status_code == 200, page  # warm up
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    response = client.get(page)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, page
                median = statistics.median(times)
                slow += median > TARGET_MS
                flag = "  > target" if median > TARGET_MS else ""
                print(f"{page:<70} {median:>10.1f} {max(times):>8.1f}{flag}")
            print(f"{slow} page(s) above {TARGET_MS:.0f} ms (median).")


if __name__ == "__main__":
    main()
