"""Reliability under damage, load and size (issue 15), outside the test run.

1. kill -9 at random moments of an import, an update search, a decide and a dedup --auto:
   each run leaves the project as it was before or as it is after, and whole (integrity_check).
2. Four writers saving decisions, two readers and a 100,000-record update search at once:
   decisions stored (all), errors (none), the longest wait a save saw.
3. Large imports (EndNote XML 100,000, BibTeX 20,000 and one with a 10 MB field, CSV
   1,000,000 rows): time and peak memory, measured only.

    .venv/bin/python benchmarks/reliability_bench.py [--only kills|load|large] [--kills 50]
        [--database local|URI]

`--database` runs the load run on PostgreSQL: an empty database given, or `local`, a private
cluster started for the run (tests/pgcluster.py), durable as a server would be.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import reliability_data as data  # noqa: E402
from reliability_load import load_run  # noqa: E402

from review.project import open_project  # noqa: E402

REVIEW = [sys.executable, "-m", "review"]
# Columns that hold the moment a row was written: left out when two runs are compared.
MOMENTS = {"time", "imported_at", "found", "decided_at", "recorded_at"}


def review(root: Path, *args: object) -> list[str]:
    return [*REVIEW, "--project", str(root), *map(str, args)]


def run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")


def fingerprint(root: Path) -> tuple[str, str]:
    """(a digest of every table's rows but the moments they were written, integrity_check)."""
    with open_project(root) as project:
        conn = project.store.conn
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        digest = hashlib.sha256()
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        ).fetchall()
        for (table,) in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            kept = ", ".join(c for c in columns if c not in MOMENTS)
            digest.update(table.encode())
            for row in conn.execute(f"SELECT {kept} FROM {table} ORDER BY rowid"):
                digest.update(repr(row).encode())
    return digest.hexdigest(), str(ok)


def _templates(folder: Path, records: int) -> dict[str, tuple[Path, list[str]]]:
    """Per kind of run: the project it starts from, and its command's arguments."""
    folder.mkdir(parents=True, exist_ok=True)
    fresh = folder / "fresh"
    run([*REVIEW, "init", str(fresh)])
    run(review(fresh, "import", data.ris(folder / "base.ris", records), "--source", "base"))
    begun = folder / "begun"
    shutil.copytree(fresh, begun)
    first = data.decisions(folder / "first.csv", [1, 2])
    run(review(begun, "decide", "--reviewer", "Reviewer A", "--stage", "title-abstract", first))
    dupes = folder / "dupes"
    shutil.copytree(fresh, dupes)
    copy = data.ris(folder / "copy.ris", records, seed=9)  # the same ids and DOIs again
    run(review(dupes, "import", copy, "--source", "copy"))
    more = data.ris(folder / "more.ris", records * 2, seed=7, start=records // 2)
    decide = data.decisions(folder / "decide.csv", list(range(3, records + 1)))
    return {
        "import": (fresh, ["import", str(more), "--source", "more"]),
        "update search": (begun, ["import", str(more), "--source", "more"]),
        "decide": (
            begun,
            ["decide", "--reviewer", "Reviewer B", "--stage", "title-abstract", str(decide)],
        ),
        "dedup --auto": (dupes, ["dedup", "--auto"]),
    }


def _one_kill(template: Path, args: list[str], trial: Path, delay: float) -> Path:
    shutil.copytree(template, trial)
    process = subprocess.Popen(
        review(trial, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return trial


def kills(folder: Path, runs: int, records: int, seed: int) -> None:
    """kill -9 at random moments of each kind of run; every project before or after, whole."""
    rng = random.Random(seed)
    print(f"kill -9 at {runs} random moments of each run ({records} records in the project)")
    for kind, (template, args) in _templates(folder, records).items():
        before = fingerprint(template)[0]
        reference = folder / f"after-{kind.replace(' ', '-')}"
        shutil.copytree(template, reference)
        started = time.perf_counter()
        run(review(reference, *args))
        whole = time.perf_counter() - started
        after = fingerprint(reference)[0]
        seen: Counter[str] = Counter()
        for n in range(runs):
            trial = _one_kill(template, args, folder / f"trial-{n}", rng.uniform(0, whole * 1.1))
            found, ok = fingerprint(trial)
            seen["before" if found == before else "after" if found == after else "NEITHER"] += 1
            seen["integrity ok" if ok == "ok" else "DAMAGED"] += 1
            shutil.rmtree(trial)
        print(
            f"  {kind:14} {whole:5.1f} s uninterrupted; {runs} kills: before {seen['before']}, "
            f"after {seen['after']}, neither {seen['NEITHER']}; integrity_check ok "
            f"{seen['integrity ok']}, damaged {seen['DAMAGED']}"
        )


def _measured(command: list[str], timeout: float) -> tuple[float, float, str]:
    """(seconds, peak resident MB of the process and the ones it waited for, what it said)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            _pid, status, usage = os.wait4(process.pid, 0)
            return time.perf_counter() - started, usage.ru_maxrss / 1024, "timed out"
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    said = process.stdout.read().decode(errors="replace") if process.stdout else ""
    if os.waitstatus_to_exitcode(status):
        return seconds, usage.ru_maxrss / 1024, "failed: " + said.strip()[-200:]
    found = re.search(r"Imported (\d+) records", said)
    return seconds, usage.ru_maxrss / 1024, f"{found.group(1) if found else '?'} records"


def large(folder: Path, timeout: float, scale: float) -> None:
    """Each large file imported into a fresh project: time and peak memory."""
    n = lambda count: max(1, int(count * scale))  # noqa: E731
    files: list[tuple[str, Callable[[Path], Path]]] = [
        (f"EndNote XML, {n(100_000):,} records", lambda p: data.endnote_xml(p, n(100_000))),
        (f"BibTeX, {n(20_000):,} entries", lambda p: data.bibtex(p, n(20_000))),
        (
            f"BibTeX, a {10 * scale:g} MB field",
            lambda p: data.bibtex(p, 5, field_bytes=n(10 << 20)),
        ),
        (f"CSV, {n(1_000_000):,} rows", lambda p: data.csv_table(p, n(1_000_000))),
    ]
    suffixes = [".xml", ".bib", ".bib", ".csv"]
    print(f"large imports (each into a fresh project; at most {timeout:.0f} s each)")
    for (label, make), suffix in zip(files, suffixes, strict=True):
        path = make(folder / f"large{suffix}")
        root = folder / "large-project"
        shutil.rmtree(root, ignore_errors=True)
        run([*REVIEW, "init", str(root)])
        seconds, peak, said = _measured(review(root, "import", path), timeout)
        size = path.stat().st_size / 1e6
        print(f"  {label:32} {size:7.1f} MB  {seconds:7.1f} s  peak {peak:7.0f} MB  {said}")
        path.unlink()


def local_database() -> tuple[Any, str]:
    """A private cluster for the run and an empty database on it, over loopback TCP."""
    import psycopg

    from pgcluster import Cluster

    cluster = Cluster(fast=False)
    os.environ["PGUSER"] = cluster.user
    with psycopg.connect(cluster.conninfo(host="127.0.0.1"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE reliability_bench")
    return cluster, cluster.conninfo("reliability_bench", host="127.0.0.1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("kills", "load", "large"))
    parser.add_argument("--kills", type=int, default=50, help="kills per kind of run")
    parser.add_argument("--kill-records", type=int, default=4000)
    parser.add_argument("--base", type=int, default=50_000, help="records before the load run")
    parser.add_argument("--update", type=int, default=100_000, help="records it imports")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per large import")
    parser.add_argument("--scale", type=float, default=1.0, help="of the large files' sizes")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--database", metavar="URI", help="load run on PostgreSQL (or 'local': a private cluster)"
    )
    args = parser.parse_args()
    cluster = None
    if args.database == "local":
        cluster, args.database = local_database()
    try:
        _runs(args)
    finally:
        if cluster is not None:
            cluster.remove()


def _runs(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="review-reliability-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "kills"):
            kills(folder / "kills", args.kills, args.kill_records, args.seed)
        if args.only in (None, "load"):
            load_run(
                folder / "load", args.base, args.update, args.writers, args.readers, args.database
            )
        if args.only in (None, "large"):
            (folder / "large").mkdir()
            large(folder / "large", args.timeout, args.scale)


if __name__ == "__main__":
    main()
