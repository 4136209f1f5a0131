"""Prioritised screening benchmark: our ranking against ASReview's default, same data, same
priors, same run; and one retrain's time on 10,000 and 100,000 records.

    .venv/bin/python benchmarks/prioritisation_bench.py [FILE.csv ...] [--all] [--seeds 5]
        [--label label_included] [--peer .venv-peers/bin/asreview] [--retrain]

Each file needs title and/or abstract and a 0/1 label column (any labelled review works).
For each seed, 1 include and 1 exclude are drawn as priors (review simulate's draw); ours is
the very code `review simulate` and the app use; ASReview (`make bench-peers` installs it in
.venv-peers) runs `asreview simulate` with its default model on the same rows as priors.
Both orders are scored by one function: WSS@95, recall after 10% and 25%, records to 95%
recall, ATD, and wall time.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from review.screening.priority.features import build_features
from review.screening.priority.labelled import LabelledFile, read_labelled
from review.screening.priority.model import train_ranking
from review.screening.priority.simulate import draw_priors, screening_figures, simulate

ROOT = Path(__file__).resolve().parents[1]
SHARED = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)
SCREENING = SHARED / "screening"
DEFAULT = SCREENING / "Bannach-Brown_2019.csv"
SHOWN = ("wss95", "recall10", "recall25", "records_to_95", "atd", "seconds")


def ours(data: LabelledFile, priors: list[int]) -> dict[str, float]:
    started = time.perf_counter()
    features = build_features(data.record_ids, data.texts)
    run = simulate(features, data.labels, priors)
    return {**screening_figures(run.order, data.labels), "seconds": time.perf_counter() - started}


def asreview(peer: Path, path: Path, data: LabelledFile, priors: list[int], seed: int) -> dict:
    """ASReview's default model on the same priors (row numbers), scored like ours."""
    rows = {rid: i for i, rid in enumerate(data.record_ids)}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "run.asreview"
        command = [str(peer), "simulate", str(path), "--prior-idx", *(str(rows[r]) for r in priors),
                   "--seed", str(seed), "--n-stop", "-1", "-o", str(out)]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        zipfile.ZipFile(out).extract("results.db", folder)
        with sqlite3.connect(Path(folder) / "results.db") as db:
            found = [r[0] for r in db.execute("SELECT record_id FROM results ORDER BY rowid")]
    order = [data.record_ids[i] for i in found]
    return {**screening_figures(order, data.labels), "seconds": seconds}


def report(name: str, runs: list[dict]) -> dict[str, float]:
    mean = {key: statistics.fmean(r[key] for r in runs) for key in SHOWN}
    shown = "  ".join(f"{key} {mean[key]:.3f}" for key in SHOWN)
    print(f"  {name:9} {shown}")
    return mean


def bench_file(path: Path, label: str, seeds: int, peer: Path | None) -> dict[str, dict]:
    data = read_labelled(path, label)
    labels = [data.labels[r] for r in data.record_ids]
    print(f"{path.name}: {len(labels)} records, {sum(labels)} includes, {seeds} seeds")
    mine, theirs = [], []
    for seed in range(seeds):
        priors = draw_priors(data.record_ids, labels, 1, 1, seed)
        mine.append(ours(data, priors))
        if peer:
            theirs.append(asreview(peer, path, data, priors, seed))
    result = {"ours": report("ours", mine)}
    if theirs:
        result["asreview"] = report("ASReview", theirs)
        ratio = result["asreview"]["seconds"] / result["ours"]["seconds"]
        print(f"  a whole simulation: ours {ratio:.1f}x faster than ASReview's")
    return result


def bench_retrain(path: Path, label: str) -> None:
    """One retrain (fit and score every record) on 10,000 and 100,000 records made by
    repeating the file's records, trained on 500 of its labels."""
    data = read_labelled(path, label)
    for size in (10_000, 100_000):
        texts = [
            data.texts[i % len(data.texts)] + f" copy{i // len(data.texts)}" for i in range(size)
        ]
        ids = list(range(1, size + 1))
        started = time.perf_counter()
        features = build_features(ids, texts)
        built = time.perf_counter() - started
        labels = {i: data.labels[data.record_ids[(i - 1) % len(data.texts)]] for i in ids[:500]}
        started = time.perf_counter()
        train_ranking(features, labels)
        print(f"retrain on {size:,} records: {time.perf_counter() - started:.2f} s "
              f"(features built once before: {built:.1f} s)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every labelled set in shared data")
    parser.add_argument("--label", default="label_included")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--peer", type=Path, default=ROOT / ".venv-peers" / "bin" / "asreview")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--retrain", action="store_true", help="time one retrain at scale")
    args = parser.parse_args()
    files = args.files or [DEFAULT]
    if args.all:
        files = [DEFAULT, *sorted((SCREENING / "cohen2006").glob("*.csv"))]
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    peer = None if args.no_peer or not os.access(args.peer, os.X_OK) else args.peer
    if peer is None:
        print("ASReview not installed (make bench-peers): ours only")
    results = {f.name: bench_file(f, args.label, args.seeds, peer) for f in files}
    if len(results) > 1:
        print("mean over the files:")
        for who in ("ours", "asreview"):
            runs = [r[who] for r in results.values() if who in r]
            if runs:
                report(who, runs)
    if args.retrain:
        bench_retrain(files[0], args.label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
