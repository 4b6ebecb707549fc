"""How far can "current" be trusted? Precision and recall per fold on municipalities with a full list.

A measurement, not a test. The municipalities whose own page lists all their twin towns
(coverage outcome `official list found`) give a truth: the relations that list names (status
active, grade A). They are split into folds; for each fold the script reports

1. `rule` — the project's current set (vocab.current) against the list. Not tuned: a relation
   counted on other evidence (a partner page, news) that the municipality's own full list omits
   is a false positive; a listed relation that the rules drop (old or pre-2007 evidence) a false
   negative.
2. `public` — what the public lists alone would say: every link in a public list counts. Its
   precision is the share of false links a count based on the lists would carry (why such links
   are never counted).
3. the random sample behind the national estimate (research round 4): its findings and the live
   share (the resolved-rows method and its hold-out check were retired in round 4).

    python benchmarks/validate_current.py [--folds 5] [--out benchmarks/results/validate-<date>.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from twinlib import vocab  # noqa: E402
from twinlib.analysis import estimate  # noqa: E402
from twinlib.tables import data  # noqa: E402


def truth(relations: pd.DataFrame) -> pd.Series:
    """Named on the municipality's own full list: active with grade A."""
    return (relations["status"] == vocab.ACTIVE) & (relations["evidence_grade"] == "A")


def precision_recall(predicted: pd.Series, actual: pd.Series) -> dict:
    tp = int((predicted & actual).sum())
    fp = int((predicted & ~actual).sum())
    fn = int((~predicted & actual).sum())
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None}


def public_fallback(test: pd.DataFrame) -> pd.Series:
    """Every link a public list names (Wikipedia, Wikidata) counts."""
    return test["source_ids"].fillna("").str.contains("wiki")


def run(folds: int, seed: int = 2017) -> dict:
    t = data.load()
    rel, cov = t.relations, t.coverage
    full = sorted(cov.loc[cov["outcome"] == vocab.FULL_LIST, "municipality_code"])
    order = np.random.default_rng(seed).permutation(full)
    rows = []
    for k in range(folds):
        held = set(order[k::folds])
        test = rel[rel["municipality_code"].isin(held)]
        actual = truth(test)
        rows.append({"fold": k + 1, "municipalities": sorted(held), "relations": len(test),
                     "listed_on_own_page": int(actual.sum()),
                     "rule": precision_recall(vocab.is_current(test), actual),
                     "public": precision_recall(public_fallback(test), actual)})
    pooled = pd.concat([rel[rel["municipality_code"].isin(full)]])
    return {"date": dt.date.today().isoformat(), "municipalities_with_full_list": len(full), "folds": rows,
            "pooled": {"rule": precision_recall(vocab.is_current(pooled), truth(pooled))},
            "sample": estimate.sample_counts(t.estimate_sample),
            "estimate": {k: v for k, v in estimate.national_estimate(rel, t.estimate_sample).items() if k != "sample"}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    res = run(args.folds)
    print(f"{'fold':>4} {'munis':>5} {'truth':>5} | {'rule P':>6} {'rule R':>6} | {'public P':>8} {'public R':>8}")
    for f in res["folds"]:
        print(f"{f['fold']:>4} {len(f['municipalities']):>5} {f['listed_on_own_page']:>5} | "
              f"{f['rule']['precision']!s:>6} {f['rule']['recall']!s:>6} | "
              f"{f['public']['precision']!s:>8} {f['public']['recall']!s:>8}")
    p = res["pooled"]["rule"]
    print(f"pooled rule: precision {p['precision']} recall {p['recall']} (tp {p['tp']}, fp {p['fp']}, fn {p['fn']})")
    e = res["estimate"]
    print(f"random sample of unverified links: {res['sample']['by_finding']} (n={res['sample']['n']})")
    print(f"estimate: {e['estimate']:.0f} ({e['level']:.0%} interval {e['low']:.0f}-{e['high']:.0f}); "
          f"sensitivity {e['low_assumption']:.0f}-{e['high_assumption']:.0f}")
    out = args.out or ROOT / "benchmarks" / "results" / f"validate-{res['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
