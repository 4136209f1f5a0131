"""Deduplication benchmark: the labelled bib-dedupe sets and a generated 100,000-record set.

    .venv/bin/python benchmarks/dedup_bench.py [--data DIR] [--sets A,B] [--generated N]

For each labelled set: record-level sensitivity, specificity and false merges counted the
way the data README says (within a true cluster keeping one record and removing the rest is
correct; removing a record that has no true duplicate left is a false positive), plus wrong
links (a record linked to a canonical of another true cluster), pairs queued for a person,
the sensitivity a person would reach by deciding the queue, and wall time. bib-dedupe is run
on the same data when it is importable, and every true pair it merged and we did not is
listed with the rule that held it and whether a person's queue joins it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dedup_explain import explain_missed, held_pairs, merged_with_held
from dedup_generated import run_generated

from review.base.models import ParsedRecord
from review.base.normalize import parse_year
from review.identification.dedup import apply_certain, find_duplicates
from review.identification.dedup.cluster import Clusters
from review.project import init_project

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the project root (else beside the nearest folder above it, as for a
# git worktree), found the way the tests find it (tests/places.py)
SHARED = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)
DATA = SHARED / "dedup" / "bib-dedupe"
SETS = ("cytology_screening", "haematology", "respiratory", "stroke", "digital_work")
PUBLISHED = "bib-dedupe (published, five sets together): sensitivity 0.974, 0 false merges"

csv.field_size_limit(10**8)


def split_authors(text: str) -> list[str]:
    if not text:
        return []
    parts = text.split(" and ") if " and " in text else text.split(";")
    return [p.strip() for p in parts if p.strip()]


def read_set(folder: Path) -> tuple[list[ParsedRecord], list[list[str]]]:
    records = []
    with (folder / "records_pre_merged.csv").open(encoding="utf-8", newline="") as handle:
        for position, row in enumerate(csv.DictReader(handle), start=1):

            def get(name: str, row: dict = row) -> str | None:
                value = (row.get(name) or "").strip()
                return value if value and value.upper() != "UNKNOWN" else None

            records.append(
                ParsedRecord(
                    position=position,
                    source_record_id=row["ID"],
                    title=get("title"),
                    abstract=get("abstract"),
                    authors=split_authors(get("author") or ""),
                    year=parse_year(get("year")),
                    journal=get("journal") or get("booktitle"),
                    volume=get("volume"),
                    issue=get("number") or get("issue"),
                    pages=get("pages"),
                    doi=get("doi"),
                    isbn=get("isbn"),
                    type=get("ENTRYTYPE"),
                    publisher=get("publisher"),
                )
            )
    clusters = []
    with (folder / "merged_record_ids.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ids = [x.strip() for x in row["merged_ids"].split(";") if x.strip()]
            if len(ids) > 1:
                clusters.append(ids)
    return records, clusters


def count(
    removed_to: dict[str, str], truth: list[list[str]], all_ids: list[str]
) -> dict[str, float]:
    """Record-level counts the README's way. removed_to: removed record -> kept record."""
    cluster_of = {rid: n for n, ids in enumerate(truth) for rid in ids}
    tp = fp = 0
    for ids in truth:
        gone = [r for r in ids if r in removed_to]
        if len(gone) < len(ids):
            tp += len(gone)
        else:  # every record of the work removed: one of them should have been kept
            tp += len(gone) - 1
            fp += 1
    fp += sum(1 for r in removed_to if r not in cluster_of)
    wrong = sum(1 for r, k in removed_to.items() if cluster_of.get(r, -1) != cluster_of.get(k, -2))
    positives = sum(len(ids) - 1 for ids in truth)
    negatives = len(all_ids) - positives
    return {
        "sensitivity": tp / positives if positives else 1.0,
        "specificity": (negatives - fp) / negatives if negatives else 1.0,
        "false_merges": fp,
        "wrong_links": wrong,
        "tp": tp,
        "positives": positives,
    }


def run_ours(
    name: str,
    records: list[ParsedRecord],
    truth: list[list[str]],
    missed: bool = False,
    peer_sets: list[list[str]] | None = None,
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = init_project(Path(tmp) / "p")
        project.store.add_source(name=name, kind="database", records=records)
        started = time.perf_counter()
        result = find_duplicates(project)
        apply_certain(project, result)
        seconds = time.perf_counter() - started
        sid = dict(project.store.conn.execute("SELECT record_id, source_record_id FROM records"))
        links = project.store.duplicate_map()
        if missed:
            explain_missed(project, result, truth, sid, links, peer_sets or [])
        held = held_pairs(project, result, truth, sid, links, peer_sets or [])
        project.close()
    all_ids = [r.source_record_id or "" for r in records]
    auto = count({sid[r]: sid[c] for r, c in links.items()}, truth, all_ids)
    with_held = count(merged_with_held(links, sid, held), truth, all_ids)
    # a person who decides every queued pair correctly
    cluster_of = {rid: n for n, ids in enumerate(truth) for rid in ids}
    groups = Clusters()
    for r, c in links.items():
        groups.union(c, r)
    queued = result.possible
    for p in queued:
        ca, cb = cluster_of.get(sid[p.a], -1), cluster_of.get(sid[p.b], -2)
        if ca == cb:
            groups.union(p.a, p.b)
    removed: dict[str, str] = {}
    for members in groups.groups():
        keep = min(members)
        removed.update({sid[m]: sid[keep] for m in members if m != keep})
    with_queue = count(removed, truth, all_ids)
    in_queue = {p.a for p in queued} | {p.b for p in queued}
    true_queued = sum(
        1 for p in queued if cluster_of.get(sid[p.a], -1) == cluster_of.get(sid[p.b], -2)
    )
    return {
        **auto,
        "with_queue_sensitivity": with_queue["sensitivity"],
        "queued_pairs": len(queued),
        "queued_true": true_queued,
        "queued_records_pct": 100 * len(in_queue) / max(len(records), 1),
        "seconds": seconds,
        "held": held,
        "sensitivity_with_held": with_held["sensitivity"],
    }


def print_held(ours: dict, peer: dict) -> None:
    """The true pairs bib-dedupe merged and we did not, the rule that held each, whether a
    person's queue joins it; and our sensitivity had they been merged, against bib-dedupe's."""
    for h in ours["held"]:
        where = "queued" if h.queued else "NOT IN THE QUEUE"
        print(f"    held: {h.a} {h.b}: {h.rule} ({where})")
    if ours["held"]:
        gap = ours["sensitivity_with_held"] - peer["sensitivity"]
        print(
            f"    with the {len(ours['held'])} held pairs: sensitivity"
            f" {ours['sensitivity_with_held']:.3f} ({gap:+.3f} on bib-dedupe)"
        )


PEER_SCRIPT = r"""
import json, sys, time
import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, merge, prep

df = pd.read_csv(sys.argv[1])
started = time.perf_counter()
records_df = prep(df, verbosity_level=0)
matched = match(block(records_df, verbosity_level=0), verbosity_level=0)
duplicate_id_sets = cluster(matched, verbosity_level=0)
merge(records_df, duplicate_id_sets=duplicate_id_sets, verbosity_level=0)
seconds = time.perf_counter() - started
maybe = matched[matched["duplicate_label"] == "maybe"][["ID_1", "ID_2"]].values.tolist()
json.dump({"sets": [list(map(str, s)) for s in duplicate_id_sets], "maybe": maybe,
           "seconds": seconds, "ids": list(df["ID"].astype(str))}, sys.stdout)
"""


def peer_python(given: str | None) -> str | None:
    """The interpreter that has bib-dedupe: --peer-python, else .venv-peers/bin/python."""
    if given:
        return given
    default = Path(__file__).resolve().parents[1] / ".venv-peers" / "bin" / "python"
    return str(default) if default.exists() else None


def run_peer(python: str, folder: Path, truth: list[list[str]]) -> dict | str:
    """bib-dedupe on the same CSV in its own interpreter; its output scored our way."""
    started = time.perf_counter()
    done = subprocess.run(
        [python, "-c", PEER_SCRIPT, str(folder / "records_pre_merged.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["failed"])[-1]
    out = json.loads(done.stdout)
    removed: dict[str, str] = {}
    for ids in out["sets"]:
        ids = sorted(ids)
        removed.update({r: ids[0] for r in ids[1:]})
    auto = count(removed, truth, out["ids"])
    # a person who decides bib-dedupe's 'maybe' pairs correctly
    cluster_of = {rid: n for n, ids in enumerate(truth) for rid in ids}
    groups: dict[str, str] = {}

    def find(x: str) -> str:
        while groups.get(x, x) != x:
            x = groups[x]
        return x

    for ids in out["sets"]:
        for r in ids[1:]:
            groups[find(r)] = find(ids[0])
    in_queue: set[str] = set()
    for a, b in out["maybe"]:
        in_queue.update((a, b))
        if cluster_of.get(a, -1) == cluster_of.get(b, -2):
            groups[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for rid in set(groups) | set(groups.values()):
        members.setdefault(find(rid), []).append(rid)
    with_queue: dict[str, str] = {}
    for ids in members.values():
        ids = sorted(ids)
        with_queue.update({r: ids[0] for r in ids[1:]})
    return {
        **auto,
        "with_queue_sensitivity": count(with_queue, truth, out["ids"])["sensitivity"],
        "queued_pairs": len(out["maybe"]),
        "queued_records_pct": 100 * len(in_queue) / max(len(out["ids"]), 1),
        "seconds": out["seconds"],
        "wall": wall,
        "sets": out["sets"],
    }


def add_peer_row(ours: dict, peer: dict, peer_totals: dict) -> None:
    """Print bib-dedupe's row for a set beside ours, and add it to its totals."""
    peer_totals["tp"] += peer["tp"]
    peer_totals["positives"] += peer["positives"]
    peer_totals["fp"] += peer["false_merges"]
    peer_totals["seconds"] += peer["seconds"]
    peer_totals["tp_q"] += peer["with_queue_sensitivity"] * peer["positives"]
    print(
        f"{'  bib-dedupe':<20}{'':>8}{peer['sensitivity']:>7.3f}"
        f"{peer['specificity']:>8.4f}{peer['false_merges']:>4}"
        f"{peer['wrong_links']:>6}{peer['queued_pairs']:>7}"
        f"{peer['queued_records_pct']:>6.1f}{peer['with_queue_sensitivity']:>8.3f}"
        f"{peer['seconds']:>7.2f}"
        f"  ours {peer['seconds'] / max(ours['seconds'], 1e-9):.0f}x faster;"
        f" sensitivity {ours['sensitivity'] - peer['sensitivity']:+.3f}"
    )
    print_held(ours, peer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--sets", default=",".join(SETS + ("special_cases",)))
    parser.add_argument("--generated", type=int, default=100_000, help="0 to skip")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument(
        "--peer-python",
        default=None,
        help="python with bib-dedupe installed (default: .venv-peers/bin/python if present)",
    )
    parser.add_argument("--missed", action="store_true", help="print missed true pairs")
    args = parser.parse_args(argv)
    data = Path(args.data)
    print(PUBLISHED)
    header = (
        f"{'set':<20}{'records':>8}{'sens':>7}{'spec':>8}{'FP':>4}{'wrong':>6}"
        f"{'queued':>7}{'q%rec':>6}{'+queue':>8}{'secs':>7}"
    )
    totals = {"tp": 0, "positives": 0, "fp": 0, "tp_q": 0.0}
    peer_totals = {"tp": 0, "positives": 0, "fp": 0, "tp_q": 0.0, "seconds": 0.0}
    ours_peer_seconds = 0.0
    print(header)
    for name in args.sets.split(","):
        folder = data / name
        if not folder.exists():
            if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
                print(f"{name}: labelled set missing ({folder}); CI=true needs it", file=sys.stderr)
                return 1
            print(f"{name:<20} missing ({folder}); skipped")
            continue
        records, truth = read_set(folder)
        python = None if args.skip_peer else peer_python(args.peer_python)
        peer = run_peer(python, folder, truth) if python else None
        peer_sets = peer["sets"] if isinstance(peer, dict) else None
        ours = run_ours(name, records, truth, args.missed, peer_sets)
        totals["tp"] += ours["tp"]
        totals["positives"] += ours["positives"]
        totals["fp"] += ours["false_merges"]
        totals["tp_q"] += ours["with_queue_sensitivity"] * ours["positives"]
        print(
            f"{name:<20}{len(records):>8}{ours['sensitivity']:>7.3f}{ours['specificity']:>8.4f}"
            f"{ours['false_merges']:>4}{ours['wrong_links']:>6}{ours['queued_pairs']:>7}"
            f"{ours['queued_records_pct']:>6.1f}{ours['with_queue_sensitivity']:>8.3f}"
            f"{ours['seconds']:>7.2f}"
        )
        if peer is None:
            if not args.skip_peer:
                print(f"{'  bib-dedupe':<20} not installed (make bench-peers); skipped")
        else:
            if isinstance(peer, str):
                print(f"{'  bib-dedupe':<20} failed: {peer}")
            else:
                add_peer_row(ours, peer, peer_totals)
                ours_peer_seconds += ours["seconds"]
    if totals["positives"]:
        print(
            f"{'all labelled':<20}{'':>8}{totals['tp'] / totals['positives']:>7.3f}{'':>8}"
            f"{totals['fp']:>4}{'':>6}{'':>7}{'':>6}{totals['tp_q'] / totals['positives']:>8.3f}"
        )
    if peer_totals["positives"]:
        pos = peer_totals["positives"]
        print(
            f"{'  bib-dedupe':<20}{'':>8}{peer_totals['tp'] / pos:>7.3f}{'':>8}"
            f"{peer_totals['fp']:>4}{'':>6}{'':>7}{'':>6}{peer_totals['tp_q'] / pos:>8.3f}"
            f"{peer_totals['seconds']:>7.1f}"
            f"  ours {peer_totals['seconds'] / max(ours_peer_seconds, 1e-9):.0f}x faster"
        )
    if args.generated:
        run_generated(args.generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
