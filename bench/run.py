"""`make bench`: time and peak memory of synth, ingest and compute, at each given scale.

Each stage runs in a fresh Python process so that its peak resident memory is its own.
Prints, with the machine's core count: a table of the stages per scale, the growth of
each stage from the smallest to the largest scale next to the growth in person-years,
the slowest building blocks of the compute, and how often the 95 % intervals cover the
generator's true rates. Writes the same as JSON to bench/out/bench.json.
"""

from __future__ import annotations

import argparse
import itertools
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

    def computed_store(paths):
        # the computed store, read-only, and its first and last period
        import duckdb
        con = duckdb.connect(str(paths.store), read_only=True)
        # no progress bar: it writes to stdout, where the stage writes its result
        con.execute("SET enable_progress_bar = false")
        first, last = con.execute(
            "SELECT min(period), max(period) FROM indicator_results").fetchone()
        return con, first, last

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
    elif stage in ("compute", "spark"):
        from bosocdata.pipeline import compute_all
        summary = compute_all(paths, engine="spark" if stage == "spark" else "duckdb")
        extra = {"rows": summary.rows, "indicators": summary.indicators,
                 "suppressed": summary.suppressed, "timings": summary.timings}
    elif stage == "ratios":
        # the hand-written six-indicator query against the project's SQL for the same six,
        # alternating, best of two each (the machine may be shared)
        sys.path.insert(0, sys.argv[5])
        from baseline import SIX, check, run
        from bosocdata.indicators import compute_indicators, load_catalogue
        from bosocdata.indicators.catalogue import Catalogue
        full = load_catalogue()
        six = Catalogue({d.id: d for d in full if d.id in SIX})
        con, first, last = computed_store(paths)
        years = list(range(first, last + 1))
        base, ours, whole = [], [], []
        for _ in range(2):
            counts, seconds = run(con, first, last)
            base.append(seconds)
            t = time.perf_counter(); compute_indicators(con, six, years)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter(); compute_indicators(con, full, years)
            whole.append(time.perf_counter() - t)
        extra = {"baseline_s": min(base), "six_s": min(ours), "indicators_s": min(whole),
                 "baseline_cells_differing": check(con, counts)}
        con.close()
    elif stage == "baseline":
        # the hand-written query alone, best of two: timed next to a whole compute
        sys.path.insert(0, sys.argv[5])
        from baseline import run
        con, first, last = computed_store(paths)
        extra = {"baseline_s": min(run(con, first, last)[1] for _ in range(2))}
        con.close()
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": seconds, "peak_mib": peak_mib, **extra}))
    """
)
STAGES = ("synth", "ingest", "compute")  # then "spark" and "ratios" where asked


def run_stage(stage: str, home: Path, delivery: Path, scale: float) -> dict[str, object]:
    env = dict(os.environ, BOSOC_HOME=str(home))
    env.pop("BOSOC_KEY_FILE", None)
    env.setdefault("BOSOC_DUCKDB_MEMORY_LIMIT", "8GB")  # spill, rather than grow, past 8 GB
    if stage == "spark":  # local mode's default driver (1 GB) holds no scale-1 frame
        env.setdefault("PYSPARK_SUBMIT_ARGS", "--driver-memory 4g pyspark-shell")
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", STAGE, stage, str(home), str(delivery), str(scale), here],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    # the result is the stage's last line of JSON (anything a library printed before it
    # is not read)
    last = done.stdout[done.stdout.rindex('{"stage"') :].splitlines()[0]
    result: dict[str, object] = json.loads(last)
    return result


def whole_compute_pairs(home: Path, delivery: Path, scale: float) -> list[dict[str, float]]:
    """The whole compute (a fresh process, as `bosoc compute`) each time right after the
    baseline, twice: the machine's speed drifts by tens of percent over minutes, so the
    ratio compares runs seconds apart, not the compute stage with a baseline timed later.
    """
    pairs = []
    for _ in range(2):
        baseline = run_stage("baseline", home, delivery, scale)["baseline_s"]
        compute = run_stage("compute", home, delivery, scale)["seconds"]
        pairs.append({"baseline_s": float(baseline), "compute_s": float(compute)})  # type: ignore[arg-type]
    return pairs


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


def bench_scale(
    scale: float, *, web: bool, ratios: bool, spark: bool, evaluate: bool = False
) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bosoc-bench-") as tmp:
        home, delivery = Path(tmp) / "home", Path(tmp) / "delivery"
        stages = [run_stage(s, home, delivery, scale) for s in STAGES]
        if spark:
            stages.append(run_stage("spark", home, delivery, scale))
        ratio = run_stage("ratios", home, delivery, scale) if ratios else None
        if ratio is not None:
            ratio["whole"] = whole_compute_pairs(home, delivery, scale)
        store = home / "secure" / "store.duckdb"
        if web:
            # server time of every page on this published zone (bench/web.py)
            subprocess.run(
                [sys.executable, str(Path(__file__).parent / "web.py"), "--home", str(home)],
                check=True,
            )
        evaluation = None
        if evaluate:
            # the planted interventions and composition change against the estimates
            from evaluation import check
            from evaluation import report as report_evaluation

            evaluation = check(home, delivery)
            report_evaluation(evaluation)
        return {
            "scale": scale,
            "evaluation": evaluation,
            "person_years": person_years(store),
            "coverage95": coverage(store, delivery) if scale <= 4 else None,
            "stages": stages,
            "ratios": ratio,
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
    if any(s["stage"] == "spark" for r in results for s in r["stages"]):  # type: ignore[attr-defined]
        print("(spark: peak memory of the Python driver; Spark's Java process is not counted)")
    for small, large in itertools.pairwise(results):
        size = large["person_years"] / max(small["person_years"], 1)  # type: ignore[operator]
        print(f"\ngrowth from scale {small['scale']} to {large['scale']}: person-years x{size:.1f}")
        for a, b in zip(small["stages"], large["stages"], strict=False):  # type: ignore[call-overload]
            print(
                f"  {a['stage']:<8} time x{b['seconds'] / a['seconds']:.1f}, "
                f"peak memory x{b['peak_mib'] / a['peak_mib']:.1f}"
            )
    for r in results:
        ratio = r.get("ratios")
        if ratio:
            base = ratio["baseline_s"]  # type: ignore[index]
            print(
                f"\nscale {r['scale']}: hand-written six-indicator query {base:.1f} s "
                f"({ratio['baseline_cells_differing']} cells differ from the project's)\n"  # type: ignore[index]
                f"  the same six in the project: {ratio['six_s']:.1f} s = "  # type: ignore[index]
                f"x{ratio['six_s'] / base:.2f} (target x1.2)\n"  # type: ignore[index]
                f"  every indicator: {ratio['indicators_s']:.1f} s = "  # type: ignore[index]
                f"x{ratio['indicators_s'] / base:.2f}"  # type: ignore[index]
            )
            pairs = ratio["whole"]  # type: ignore[index]
            best = min(pairs, key=lambda p: p["compute_s"] / p["baseline_s"])
            print(
                f"  the whole compute (a fresh process, right after the baseline, best of "
                f"{len(pairs)}): {best['compute_s']:.1f} s against {best['baseline_s']:.1f} s = "
                f"x{best['compute_s'] / best['baseline_s']:.2f} (target x3)"
            )
    largest = results[-1]
    compute = next(s for s in largest["stages"] if s["stage"] == "compute")  # type: ignore[attr-defined]
    print(f"\ncompute at scale {largest['scale']}, slowest parts:")
    for name, seconds in sorted(compute["timings"].items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {name:<45}{seconds:>8.2f} s")
    for r in results:
        if r["coverage95"] is not None:
            share = r["coverage95"]
            print(f"95 % intervals covering the true rate at scale {r['scale']}: {share:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.25, 1.0, 4.0])
    parser.add_argument(
        "--ratios-at", type=float, default=1.0, help="scale of the hand-written baseline"
    )
    parser.add_argument(
        "--spark-at", type=float, default=1.0, help="scale of the Spark (local) compute; 0 = none"
    )
    parser.add_argument(
        "--web-at", type=float, default=1.0, help="scale at which to time the web pages; 0 = none"
    )
    parser.add_argument(
        "--evaluate-at",
        type=float,
        default=1.0,
        help="scale at which to check bosoc evaluate against the planted truth; 0 = none",
    )
    args = parser.parse_args()
    scales = sorted(args.scales)
    results = [
        bench_scale(
            scale,
            web=scale == args.web_at,
            ratios=scale == args.ratios_at,
            spark=scale == args.spark_at,
            evaluate=scale == args.evaluate_at,
        )
        for scale in scales
    ]
    report(results)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(
        json.dumps({"cores": os.cpu_count(), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
