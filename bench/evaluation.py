"""The evaluation against the generator's truth (docs/concepts/evaluation.md).

On a synthetic municipality (synth -> ingest -> compute, or an existing one):

1. `bosoc evaluate --method did`: does each planted intervention's true effect lie in
   its estimate's 95 % interval? The true effect of an intervention is the mean over
   its years of the true rate minus the rate without it (the log-odds shift taken off
   again), from `ground_truth/rates.csv` and `interventions.csv`. Reported for
   `att_trend` (area-specific linear trends taken off, placebo-area interval: the one to
   read here, as the generator gives its areas trends of their own and the pre-trend
   test rejects parallel trends), `att_placebo` (parallel trends, placebo-area interval)
   and the analytic interval of `att_simple`.
2. `bosoc evaluate --method decompose` for the planted composition change
   (`ground_truth/composition.csv`): is the change put on the in-movers? Shown beside an
   area of the same profile without the change.

Run alone: `python bench/evaluation.py --scale 1`; `bench/run.py` calls `check` at
`--evaluate-at` (default scale 1). Writes bench/out/evaluation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit, logit

COMPARISON_AREA = "BO05"  # Rosenhøj Syd: vulnerable, stable, no planted change


def bosoc(home: Path, *args: str) -> float:
    env = dict(os.environ, BOSOC_HOME=str(home))
    env.pop("BOSOC_KEY_FILE", None)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bosocdata", *args], env=env, capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"bosoc {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


def true_effects(truth: Path) -> pd.DataFrame:
    """Per intervention: the mean over its years of (true rate - rate without it), in pp."""
    rates = pd.read_csv(truth / "rates.csv")
    rows = []
    for item in pd.read_csv(truth / "interventions.csv").itertuples():
        series = rates[
            (rates["area_id"] == item.area_id)
            & (rates["indicator_id"] == item.indicator_id)
            & (rates["year"] >= item.start_year)
        ]
        with_it = series["true_value"].to_numpy(float) / 100.0
        without = expit(logit(with_it) - item.effect)
        rows.append(
            {
                "area_id": item.area_id,
                "indicator_id": item.indicator_id,
                "start_year": int(item.start_year),
                "true_pp": float(np.mean(with_it - without) * 100.0),
            }
        )
    return pd.DataFrame(rows)


def check(home: Path, delivery: Path) -> dict[str, object]:
    out = Path(tempfile.mkdtemp(prefix="bosoc-eval-"))
    truth = delivery / "ground_truth"
    seconds_did = bosoc(home, "evaluate", "--method", "did", "--zone", "secure",
                        "--out", str(out / "did.csv"))  # fmt: skip
    did = pd.read_csv(out / "did.csv", low_memory=False)
    interventions = []
    for t in true_effects(truth).itertuples():
        mine = did[(did["area_id"] == t.area_id) & (did["indicator_id"] == t.indicator_id)]
        entry: dict[str, object] = {
            "area_id": t.area_id,
            "indicator_id": t.indicator_id,
            "start_year": t.start_year,
            "true_pp": round(t.true_pp, 3),
        }
        for estimand in ("att_trend", "att_placebo", "att_simple"):
            row = mine[mine["estimand"] == estimand].iloc[0]
            entry[estimand] = {
                "estimate": round(float(row["estimate"]), 3),
                "ci": [round(float(row["ci_low"]), 3), round(float(row["ci_high"]), 3)],
                "covers": bool(row["ci_low"] <= t.true_pp <= row["ci_high"]),
            }
        interventions.append(entry)
    composition = []
    seconds_decompose = 0.0
    for c in pd.read_csv(truth / "composition.csv").itertuples():
        years = f"{c.from_year}-{_latest(home)}"
        seconds_decompose += bosoc(
            home, "evaluate", "--method", "decompose", "--indicator", c.indicator_id,
            "--years", years, "--zone", "secure", "--out", str(out / "decompose.csv"),
        )  # fmt: skip
        table = pd.read_csv(out / "decompose.csv", low_memory=False)
        for area in (c.area_id, COMPARISON_AREA):
            rows = table[(table["area_id"] == area) & (table["indicator_id"] == c.indicator_id)]
            terms = {r.estimand: round(float(r.estimate), 3) for r in rows.itertuples()}
            entry = {"area_id": area, "planted": area == c.area_id, "years": years, **terms}
            entry["attributed_to_movers"] = bool(
                terms["in_movers"] > 0 and terms["in_movers"] > 2 * abs(terms["stayers_change"])
            )
            composition.append(entry)
    return {
        "interventions": interventions,
        "composition": composition,
        "seconds": {"did": round(seconds_did, 1), "decompose": round(seconds_decompose, 1)},
    }


def _latest(home: Path) -> int:
    import duckdb

    con = duckdb.connect(str(home / "secure" / "store.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT max(period) FROM indicator_results").fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0])


def report(result: dict[str, object]) -> None:
    print("\nPlanted interventions: the true effect against the estimate's 95 % interval (pp)")
    for i in result["interventions"]:  # type: ignore[attr-defined]
        print(
            f"  {i['area_id']} {i['indicator_id']} from {i['start_year']}: true {i['true_pp']:+.2f}"
        )
        for estimand, label in (
            ("att_trend", "own trends, placebo interval"),
            ("att_placebo", "parallel trends, placebo interval"),
            ("att_simple", "parallel trends, analytic interval"),
        ):
            e = i[estimand]
            print(
                f"    {label:<36} {e['estimate']:+7.2f} [{e['ci'][0]:+7.2f}, {e['ci'][1]:+7.2f}]"
                f" {'covers' if e['covers'] else 'misses'}"
            )
    print("Planted composition change: the decomposition of the change (pp)")
    for c in result["composition"]:  # type: ignore[attr-defined]
        label = "planted" if c["planted"] else "comparison"
        print(
            f"  {c['area_id']} ({label}) {c['years']}: change {c['change']:+.2f} = stayers "
            f"{c['stayers_change']:+.2f}, in-movers {c['in_movers']:+.2f}, entrants "
            f"{c['entrants']:+.2f}, out-movers {c['out_movers']:+.2f}, leavers "
            f"{c['leavers']:+.2f}; attributed to the movers: {c['attributed_to_movers']}"
        )
    seconds = result["seconds"]
    print(f"  evaluate --method did {seconds['did']} s, decompose {seconds['decompose']} s")  # type: ignore[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--home", type=Path, help="an existing $BOSOC_HOME (computed)")
    parser.add_argument("--delivery", type=Path, help="its synthetic delivery")
    args = parser.parse_args()
    if args.home and args.delivery:
        result = check(args.home, args.delivery)
    else:
        with tempfile.TemporaryDirectory(prefix="bosoc-bench-") as tmp:
            home, delivery = Path(tmp) / "home", Path(tmp) / "delivery"
            bosoc(home, "synth", str(delivery), "--scale", str(args.scale), "--seed", "1")
            bosoc(home, "ingest", str(delivery))
            bosoc(home, "compute")
            result = check(home, delivery)
    report(result)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "evaluation.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
