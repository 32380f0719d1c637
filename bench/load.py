"""Load benchmark of the web application: concurrent logged-in clients on a real server.

    python bench/load.py                         # build a scale-0.25 home, then 50 clients, 120 s
    python bench/load.py --home /tmp/h           # an existing, computed $BOSOC_HOME
    python bench/load.py --clients 20 --pdf-clients 4 --seconds 60

`bosoc serve` runs on 127.0.0.1 (a free port) as a separate process. Each client logs in
as an analyst of its own, then for `--seconds` asks for pages and exports with a short
pause between requests; `--pdf-clients` of them ask for area and yearly PDFs instead
(the background job: the route, the progress page every 2 s, the file). Meanwhile
`/healthz` is asked once a second and the memory of the server and its worker processes
is sampled. Printed: requests and errors per family, p50/p95/p99 in ms, PDFs finished and
their time to file, `/healthz` at worst, peak memory. Targets: no errors, pages p95 under
1 s, `/healthz` under 100 ms throughout, memory under 2 GB.

A benchmark, not a test: bounded in clients and time, it prints and never fails. On a
shared machine run it niced (`make bench-load` does) and say so with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

PASSWORD = "blå hest springer over 7 grøfter"
WARM = 15.0  # seconds: the cache fills while the first pages are asked for
PAGES = ("/", "/kort", "/indikatorer", "/prioritering", "/advarsler", "/sammenlign")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(home: Path, scale: float) -> None:
    from bosocdata.ingest import ingest_delivery
    from bosocdata.pipeline import compute_all
    from bosocdata.settings import Paths
    from bosocdata.synth import generate

    delivery = home.parent / "delivery"
    generate(delivery, scale=scale, seed=11)
    ingest_delivery(delivery, Paths(home))
    compute_all(Paths(home))


def add_users(home: Path, count: int) -> list[str]:
    from bosocdata.access import UserStore
    from bosocdata.settings import Paths

    users = UserStore(Paths(home))
    names = [f"last{i:02d}" for i in range(count)]
    existing = {u.username for u in users.list()}
    for name in names:
        if name not in existing:
            users.add(name, "analyst", PASSWORD)
    return names


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of `pid` and every process below it, from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        todo.extend(children.get(current, []))
    return total


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

        self.started = time.monotonic()
        self.late: dict[str, list[float]] = defaultdict(list)  # after the first WARM s

    def add(self, family: str, seconds: float, ok: bool, what: str = "") -> None:
        self.times[family].append(seconds)
        if time.monotonic() - self.started > WARM:
            self.late[family].append(seconds)
        if not ok:
            self.errors[family].append(what)


async def timed(
    client: httpx.AsyncClient, stats: Stats, family: str, url: str
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.get(url)
    except httpx.HTTPError as error:
        stats.add(family, time.perf_counter() - started, False, f"{url}: {error!r}")
        return None
    ok = response.status_code == 200
    stats.add(family, time.perf_counter() - started, ok, f"{url}: {response.status_code}")
    return response


async def log_in(client: httpx.AsyncClient, name: str) -> None:
    token = _CSRF.search((await client.get("/login")).text)
    assert token, "no login form"
    answer = await client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token[1]}
    )
    assert answer.status_code == 200 and name in answer.text, f"login of {name} failed"


async def page_client(
    client: httpx.AsyncClient,
    stats: Stats,
    areas: list[str],
    indicators: list[str],
    until: float,
    rng: random.Random,
) -> None:
    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.45:
            await timed(client, stats, "pages", rng.choice(PAGES))
        elif roll < 0.70:
            await timed(client, stats, "area pages", f"/omraade/{rng.choice(areas)}")
        elif roll < 0.85:
            await timed(client, stats, "indicator pages", f"/indikator/{rng.choice(indicators)}")
        else:
            kind = rng.choice(["csv", "xlsx"])
            await timed(client, stats, "exports", f"/eksport/indicator_table?format={kind}")
        await asyncio.sleep(rng.uniform(0.5, 1.5))


async def pdf_client(
    client: httpx.AsyncClient, stats: Stats, areas: list[str], until: float, rng: random.Random
) -> None:
    while time.monotonic() < until:
        url = rng.choice([f"/eksport/pdf/omraade/{rng.choice(areas)}", "/eksport/pdf/aarsrapport"])
        started = time.perf_counter()
        try:
            first = await client.get(url, follow_redirects=False)
        except httpx.HTTPError as error:
            stats.add("pdf route", time.perf_counter() - started, False, f"{url}: {error!r}")
            await asyncio.sleep(2)
            continue
        stats.add(
            "pdf route",
            time.perf_counter() - started,
            first.status_code == 303,
            f"{url}: {first.status_code}",
        )
        if first.status_code != 303:
            await asyncio.sleep(2)
            continue
        page = first.headers["location"]
        while time.monotonic() < until:
            await asyncio.sleep(2)
            answer = await timed(client, stats, "job pages", page)
            if answer is not None and "job-download" in answer.text:
                pdf = await timed(client, stats, "pdf file", page + "/fil")
                ok = pdf is not None and pdf.content.startswith(b"%PDF")
                stats.add("pdf to file", time.perf_counter() - started, ok, url)
                break


async def health(base: str, stats: Stats, until: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while time.monotonic() < until:
            await timed(client, stats, "healthz", "/healthz")
            await asyncio.sleep(1)


async def memory(pid: int, peak: list[int], until: float) -> None:
    while time.monotonic() < until:
        peak[0] = max(peak[0], tree_rss(pid))
        await asyncio.sleep(0.5)


async def run(
    base: str,
    names: list[str],
    pdf_clients: int,
    seconds: float,
    server: int,
    areas: list[str],
    indicators: list[str],
) -> tuple[Stats, int]:
    stats, peak = Stats(), [0]
    clients = [httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=True) for _ in names]
    try:
        await asyncio.gather(*(log_in(c, n) for c, n in zip(clients, names, strict=True)))
        until = time.monotonic() + seconds
        stats.started = time.monotonic()
        rng = random.Random(7)
        work = [
            pdf_client(c, stats, areas, until, random.Random(rng.random()))
            if i < pdf_clients
            else page_client(c, stats, areas, indicators, until, random.Random(rng.random()))
            for i, c in enumerate(clients)
        ]
        await asyncio.gather(*work, health(base, stats, until), memory(server, peak, until))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return stats, peak[0]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(stats: Stats, peak: int, seconds: float, clients: int, pdf_clients: int) -> None:
    print(
        f"\n{clients} clients ({pdf_clients} asking for PDFs), {seconds:.0f} s, "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{'family':<16}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}"
    )
    for family, times in sorted(stats.times.items()):
        ms = [t * 1000 for t in times]
        print(
            f"{family:<16}{len(ms):>9}{len(stats.errors[family]):>7}"
            f"{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}"
            f"{percentile(ms, 99):>9.0f}{max(ms):>9.0f}"
        )
    late = [t * 1000 for t in stats.late.get("healthz", [])]
    if late:
        print(f"healthz after the first {WARM:.0f} s: max {max(late):.0f} ms")
    page_late = [
        t * 1000 for f in ("pages", "area pages", "indicator pages") for t in stats.late.get(f, [])
    ]
    if page_late:
        print(
            f"pages after the first {WARM:.0f} s: p95 {percentile(page_late, 95):.0f} ms, "
            f"p99 {percentile(page_late, 99):.0f} ms"
        )
    total = sum(len(t) for t in stats.times.values())
    errors = sum(len(e) for e in stats.errors.values())
    print(
        f"requests {total}, errors {errors}, peak memory {peak / 2**20:,.0f} MiB "
        "(server and its workers)"
    )
    for family, errs in stats.errors.items():
        for what in errs[:3]:
            print(f"  error ({family}): {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="an existing, computed $BOSOC_HOME")
    parser.add_argument("--scale", type=float, default=0.25)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--pdf-clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120)
    options = parser.parse_args()
    clients = max(1, min(options.clients, 200))  # bounded
    seconds = max(5.0, min(options.seconds, 600.0))
    home = options.home
    if home is None:
        home = Path(tempfile.mkdtemp(prefix="bosoc-load-")) / "home"
        print(f"building a scale-{options.scale} home in {home} ...", flush=True)
        build(home, options.scale)
    names = add_users(home, clients)

    import duckdb

    con = duckdb.connect(str(home / "published" / "published.duckdb"), read_only=True)
    areas = [r[0] for r in con.execute("SELECT DISTINCT area_id FROM indicator_table").fetchall()]
    indicators = [
        r[0] for r in con.execute("SELECT DISTINCT indicator_id FROM indicator_table").fetchall()
    ]
    con.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BOSOC_HOME": str(home), "BOSOC_WEB_SECOND_FACTOR_ROLES": "none"}
    server = subprocess.Popen(
        [sys.executable, "-m", "bosocdata", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.5)
        stats, peak = asyncio.run(
            run(base, names, options.pdf_clients, seconds, server.pid, areas, indicators)
        )
        report(stats, peak, seconds, clients, options.pdf_clients)
    finally:
        stopping = time.monotonic()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
            print(f"server stopped {time.monotonic() - stopping:.1f} s after SIGTERM")
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            print("server did not stop within 30 s of SIGTERM: killed")


if __name__ == "__main__":
    main()
