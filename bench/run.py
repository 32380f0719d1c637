"""`make bench`: time and peak memory of synth, ingest and compute, at each given scale.

Each stage runs in a fresh Python process so that its peak resident memory is its own.
Prints, with the machine's core count: a table of the stages per scale, the growth of
each stage from the smallest to the largest scale next to the growth in person-years,
the slowest building blocks of the compute, and how often the 95 % intervals cover the
generator's true rates. Writes the same as JSON to bench/out/bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import duckdb
import pandas as pd

STAGE = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from bosocdata.settings import Paths
    stage, home, delivery = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    scale = float(sys.argv[4])
    paths = Paths(home)
    started = time.perf_counter()
    extra = {}
    if stage == "synth":
        from bosocdata.synth import generate
        generate(delivery, scale=scale, seed=1, years=(2010, 2025))
    elif stage == "ingest":
        from bosocdata.ingest import ingest_delivery
        report = ingest_delivery(delivery, paths)
    elif stage == "compute":
        from bosocdata.pipeline import compute_all
        summary = compute_all(paths)
        extra = {"rows": summary.rows, "indicators": summary.indicators,
                 "suppressed": summary.suppressed, "timings": summary.timings}
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": seconds, "peak_mib": peak_mib, **extra}))
    """
)
STAGES = ("synth", "ingest", "compute")


def run_stage(stage: str, home: Path, delivery: Path, scale: float) -> dict[str, object]:
    env = dict(os.environ, BOSOC_HOME=str(home))
    env.pop("BOSOC_KEY_FILE", None)
    done = subprocess.run(
        [sys.executable, "-c", STAGE, stage, str(home), str(delivery), str(scale)],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def person_years(store: Path) -> int:
    """Residents at every reference date, summed: the size the compute grows with."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = con.execute(
            "SELECT sum(denominator) FROM indicator_results "
            "WHERE indicator_id = 'boern_unge_under_18' AND area_id = '__all__'"
        ).fetchone()
    finally:
        con.close()
    return int(row[0]) if row and row[0] is not None else 0


def coverage(store: Path, delivery: Path) -> float:
    """Share of area-years whose 95 % interval holds the generator's true rate."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        computed = con.execute(
            "SELECT area_id, period, indicator_id, ci_low, ci_high FROM indicator_results "
            "WHERE denominator > 0"
        ).df()
    finally:
        con.close()
    truth = pd.read_csv(delivery / "ground_truth" / "rates.csv").rename(columns={"year": "period"})
    cells = computed.merge(truth, on=["area_id", "period", "indicator_id"])
    inside = (cells["ci_low"] <= cells["true_value"]) & (cells["true_value"] <= cells["ci_high"])
    return float(inside.mean())


def bench_scale(scale: float, *, web: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bosoc-bench-") as tmp:
        home, delivery = Path(tmp) / "home", Path(tmp) / "delivery"
        stages = [run_stage(s, home, delivery, scale) for s in STAGES]
        store = home / "secure" / "store.duckdb"
        if web:
            # server time of every page on this published zone (bench/web.py)
            subprocess.run(
                [sys.executable, str(Path(__file__).parent / "web.py"), "--home", str(home)],
                check=True,
            )
        return {
            "scale": scale,
            "person_years": person_years(store),
            "coverage95": coverage(store, delivery),
            "stages": stages,
        }


def report(results: list[dict[str, object]]) -> None:
    print(f"\nBoSocData benchmark on {os.cpu_count()} cores")
    print(f"{'scale':>6} {'person-years':>13} {'stage':<8}{'seconds':>9}{'peak MiB':>10}")
    for r in results:
        for s in r["stages"]:  # type: ignore[attr-defined]
            print(
                f"{r['scale']:>6} {r['person_years']:>13,} {s['stage']:<8}"
                f"{s['seconds']:>9.1f}{s['peak_mib']:>10.0f}"
            )
    if len(results) > 1:
        small, large = results[0], results[-1]
        size = large["person_years"] / max(small["person_years"], 1)  # type: ignore[operator]
        print(f"\ngrowth from scale {small['scale']} to {large['scale']}: person-years x{size:.1f}")
        for a, b in zip(small["stages"], large["stages"], strict=True):  # type: ignore[call-overload]
            print(f"  {a['stage']:<8} time x{b['seconds'] / a['seconds']:.1f}")
    largest = results[-1]
    compute = next(s for s in largest["stages"] if s["stage"] == "compute")  # type: ignore[attr-defined]
    print(f"\ncompute at scale {largest['scale']}, slowest parts:")
    for name, seconds in sorted(compute["timings"].items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {name:<45}{seconds:>8.2f} s")
    for r in results:
        print(f"95 % intervals covering the true rate at scale {r['scale']}: {r['coverage95']:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.25, 1.0])
    args = parser.parse_args()
    scales = sorted(args.scales)
    results = [bench_scale(scale, web=scale == scales[-1]) for scale in scales]
    report(results)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(
        json.dumps({"cores": os.cpu_count(), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
