"""A team writing at once: reviewer processes each appending decisions to one project.

PostgreSQL: 10 reviewer processes x 2,000 decisions, each process connected as its own role
(tied to its name with `review team add`, so the database checks every name); SQLite: 2
processes x 2,000 on one project file. Prints decisions stored (must be all), errors (must
be 0) and the latency of each decision (p50 / p95 / max).

Without --database a private PostgreSQL cluster is started for the run (durable: fsync and
synchronous commit on, as a real server) on a loopback port, and stopped at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pgcluster import Cluster  # noqa: E402
from review.base.models import ParsedRecord  # noqa: E402
from review.project import init_project, open_project  # noqa: E402
from review.storage import Store  # noqa: E402

STAGE = "title-abstract"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def reviewer(location: str, name: str, records: int, start, out) -> None:
    """One reviewer's process: decide every record once, timing each decision."""
    store = Store(location)
    latencies, errors = [], 0
    start.wait()
    for rid in range(1, records + 1):
        t = time.perf_counter()
        try:
            store.add_decision(rid, STAGE, name, "include" if rid % 3 else "exclude",
                               None if rid % 3 else "E1")  # fmt: skip
        except Exception as exc:  # counted and shown: the figure that must be 0
            errors += 1
            if errors <= 3:
                print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        latencies.append(time.perf_counter() - t)
    store.close()
    out.put((name, latencies, errors))


def run(locations: list[tuple[str, str]], records: int) -> tuple[list[float], int, float]:
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=reviewer, args=(loc, name, records, start, out))
             for loc, name in locations]  # fmt: skip
    for p in procs:
        p.start()
    time.sleep(1.0)  # every process connected and waiting
    t = time.perf_counter()
    start.set()
    results = [out.get() for _ in procs]
    wall = time.perf_counter() - t
    for p in procs:
        p.join()
    latencies = [x for _, lat, _ in results for x in lat]
    return latencies, sum(e for _, _, e in results), wall


def report(label: str, expected: int, stored: int, latencies: list[float], errors: int,
           wall: float) -> None:  # fmt: skip
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(
        f"{label}: {stored} of {expected} decisions stored, {errors} errors, "
        f"{stored / wall:.0f} decisions/s; latency per decision p50 {1000 * p50:.2f} ms, "
        f"p95 {1000 * p95:.2f} ms, max {1000 * max(latencies):.1f} ms"
    )


def generated(n: int) -> list[ParsedRecord]:
    return [ParsedRecord(position=i, source_record_id=f"gen{i}", title=f"Record {i}",
                         raw={"TI": [f"Record {i}"]}) for i in range(1, n + 1)]  # fmt: skip


def on_postgres(database: str, admin: str, reviewers: int, records: int, root: Path) -> None:
    import psycopg

    project = init_project(root / "pg", database=database)
    project.store.add_source(name="generated", kind="database", records=generated(records))
    locations = []
    with psycopg.connect(admin, autocommit=True) as conn:
        for n in range(1, reviewers + 1):
            role = f"bench_reviewer_{n}"
            conn.execute(f"DROP ROLE IF EXISTS {role}")
            conn.execute(f"CREATE ROLE {role} LOGIN")
            project.store.add_member(f"Reviewer {n}", role)
            joiner = "&" if "?" in database else "?"
            locations.append((f"{database}{joiner}user={role}", f"Reviewer {n}"))
    latencies, errors, wall = run(locations, records)
    stored = len(project.store.current_decisions(STAGE))
    project.close()
    report(f"PostgreSQL, {reviewers} processes", reviewers * records, stored, latencies, errors,
           wall)  # fmt: skip


def on_sqlite(processes: int, records: int, root: Path) -> None:
    with init_project(root / "sqlite") as project:
        project.store.add_source(name="generated", kind="database", records=generated(records))
    location = str(root / "sqlite" / "review.db")
    names = [(location, f"Reviewer {n}") for n in range(1, processes + 1)]
    latencies, errors, wall = run(names, records)
    with open_project(root / "sqlite") as project:
        stored = len(project.store.current_decisions(STAGE))
    report(f"SQLite, {processes} processes", processes * records, stored, latencies, errors, wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviewers", type=int, default=10, help="PostgreSQL processes")
    parser.add_argument("--sqlite-reviewers", type=int, default=2)
    parser.add_argument("--decisions", type=int, default=2000, help="per process")
    parser.add_argument("--database", metavar="URI", help="an empty database (its superuser "
                        "in PGUSER); default: a private cluster for the run")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        on_sqlite(args.sqlite_reviewers, args.decisions, root)
        if args.database:
            on_postgres(args.database, args.database, args.reviewers, args.decisions, root)
            return
        import psycopg

        cluster = Cluster(fast=False)
        try:
            admin = cluster.conninfo(host="127.0.0.1")
            with psycopg.connect(admin, user=cluster.user, autocommit=True) as conn:
                conn.execute("CREATE DATABASE team_bench")
            os.environ["PGUSER"] = cluster.user
            on_postgres(cluster.conninfo("team_bench", host="127.0.0.1"), admin,
                        args.reviewers, args.decisions, root)  # fmt: skip
        finally:
            cluster.remove()


if __name__ == "__main__":
    main()
