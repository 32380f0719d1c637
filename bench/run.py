"""`make bench`: time and peak memory of synth, ingest and compute at a given scale.

Each stage runs in a fresh Python process so that its peak resident memory is its own.
Prints a table with the machine's core count and writes the same as JSON to
bench/out/bench-scale-<S>.json.
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
                 "timings": getattr(summary, "timings", {})}
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": seconds, "peak_mib": peak_mib, **extra}))
    """
)


def run_stage(stage: str, home: Path, delivery: Path, scale: float) -> dict[str, object]:
    env = dict(os.environ, BOSOC_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-c", STAGE, stage, str(home), str(delivery), str(scale)],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bosoc-bench-") as tmp:
        home, delivery = Path(tmp) / "home", Path(tmp) / "delivery"
        results = [run_stage(s, home, delivery, args.scale) for s in ("synth", "ingest", "compute")]
        residents = None
        persons = delivery / "persons.csv"
        if persons.exists():
            residents = sum(1 for _ in persons.open(encoding="utf-8-sig")) - 1
    cores = os.cpu_count()
    print(f"\nBoSocData benchmark: scale {args.scale}, {cores} cores")
    if residents is not None:
        print(f"persons in the delivery: {residents:,}")
    print(f"{'stage':<10}{'seconds':>10}{'peak MiB':>12}")
    for r in results:
        print(f"{r['stage']:<10}{r['seconds']:>10.1f}{r['peak_mib']:>12.0f}")
    timings = next((r.get("timings") for r in results if r["stage"] == "compute"), None)
    if timings:
        print("\ncompute breakdown (slowest first):")
        for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1])[:15]:
            print(f"  {name:<40}{seconds:>8.2f} s")
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / f"bench-scale-{args.scale}.json").write_text(
        json.dumps({"scale": args.scale, "cores": cores, "stages": results}, indent=2)
    )


if __name__ == "__main__":
    main()
