"""The reliability benchmark's load run: writers saving decisions and readers reading while a
large update search is imported, each save's wait measured."""

from __future__ import annotations

import multiprocessing as mp
import random
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import reliability_data as data

from review.project import open_project

REVIEW = [sys.executable, "-m", "review"]


def _writer(root: str, name: str, stop: Any, results: Any, seed: int) -> None:
    """Save decisions one by one (as the app does) until told to stop; report each wait."""
    saved, errors, waits = 0, [], []
    rng = random.Random(seed)
    try:
        with open_project(Path(root)) as project:
            ids = project.store.record_ids()
            while not stop.is_set():
                rid = rng.choice(ids)
                started = time.perf_counter()
                try:
                    project.store.add_decision(rid, "title-abstract", name, "include")
                    saved += 1
                except Exception as exc:  # counted, and the run fails
                    errors.append(f"{type(exc).__name__}: {exc}")
                waits.append(time.perf_counter() - started)
                time.sleep(rng.uniform(0.01, 0.05))
    except Exception:
        errors.append(traceback.format_exc(limit=3))
    results.put(("writer", name, saved, errors, waits))


def _reader(root: str, name: str, stop: Any, results: Any) -> None:
    """Read what a status line and a screening view read, over and over."""
    reads, errors, longest = 0, [], 0.0
    try:
        with open_project(Path(root)) as project:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    project.store.count_records()
                    project.store.current_decisions("title-abstract", "Writer 1")
                    project.store.duplicate_map()
                    reads += 1
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                longest = max(longest, time.perf_counter() - started)
                time.sleep(0.1)
    except Exception:
        errors.append(traceback.format_exc(limit=3))
    results.put(("reader", name, reads, errors, [longest]))


def _prepare(folder: Path, base: int, update: int, database: str | None) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    root = folder / "p"
    where = ["--database", database] if database else []
    subprocess.run([*REVIEW, "init", str(root), *where], check=True, capture_output=True)
    first = data.ris(folder / "base.ris", base)
    subprocess.run([*REVIEW, "--project", str(root), "import", str(first)], check=True,
                   capture_output=True)  # fmt: skip
    with open_project(root) as project:
        project.store.add_decision(1, "title-abstract", "Reviewer A", "include")
    # a quarter of the update search's records are already there (the same ids and DOIs)
    return root, data.ris(folder / "update.ris", update, seed=11, start=base * 3 // 4 + 1)


def load_run(
    folder: Path, base: int, update: int, writers: int, readers: int, database: str | None = None
) -> None:
    """Writers and readers at work while an update search of `update` records comes in (on
    SQLite, or in the PostgreSQL database given)."""
    root, update_file = _prepare(folder, base, update, database)
    where = "PostgreSQL" if database else "SQLite"
    print(f"load ({where}): {writers} writers and {readers} readers while {update:,} records "
          f"are imported into {base:,} (screening has begun: an update search)")  # fmt: skip
    context = mp.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=_writer, args=(str(root), f"Writer {n}", stop, results, n))
        for n in range(1, writers + 1)
    ] + [
        context.Process(target=_reader, args=(str(root), f"Reader {n}", stop, results))
        for n in range(1, readers + 1)
    ]
    for worker in workers:
        worker.start()
    time.sleep(2)  # the writers at work before the import begins
    started = time.perf_counter()
    done = subprocess.run(
        [*REVIEW, "--project", str(root), "import", str(update_file), "--source", "update"],
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    time.sleep(1)
    stop.set()
    reports = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(60)
    _report(root, reports, done, took)


def _report(root: Path, reports: list[Any], done: Any, took: float) -> None:
    with open_project(root) as project:
        stored = dict(
            project.store.conn.execute(
                "SELECT reviewer, count(*) FROM decisions GROUP BY reviewer"
            ).fetchall()
        )
    saved = {name: count for kind, name, count, _e, _w in reports if kind == "writer"}
    waits = sorted(w for kind, _n, _c, _e, ws in reports if kind == "writer" for w in ws)
    errors = [e for _k, _n, _c, errs, _w in reports for e in errs]
    reads = sum(count for kind, _n, count, _e, _w in reports if kind == "reader")
    slowest_read = max((ws[0] for kind, _n, _c, _e, ws in reports if kind == "reader"), default=0)
    lost = sum(saved.values()) - sum(stored.get(name, 0) for name in saved)
    said = (done.stdout or done.stderr).strip().splitlines()
    print(f"  import: exit {done.returncode} in {took:.1f} s: {' / '.join(said)[:300]}")
    print(
        f"  decisions saved {sum(saved.values())}, stored {sum(stored.get(n, 0) for n in saved)}"
        f" (lost {lost}); errors {len(errors)}; longest wait {waits[-1] if waits else 0:.2f} s, "
        f"99th percentile {waits[int(len(waits) * 0.99)] if waits else 0:.3f} s"
    )
    print(f"  reads {reads}, longest read {slowest_read:.2f} s")
    for error in errors[:5]:
        print(f"  error: {error}")
