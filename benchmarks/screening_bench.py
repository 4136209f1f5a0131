"""Time the screening view on 100,000 records: key to next record drawn, open time, memory.

Three measures of the app's own cost per decision key, each net of an unbound key:
- wall time, as the issue asks; Pilot's pause() detects idleness by sleeping in 20 ms slices
  and calling the process idle once a slice used under 1 ms of CPU, so any key that costs
  over 1 ms adds a whole slice: this figure is quantised by the harness;
- wall time again with the harness's idle detector in 2 ms slices (--slice), the same
  pause() with a finer clock;
- CPU time of the app's thread (not a ranking worker's), which is what the app itself spends
  (decision stored, next record fetched, highlighted, laid out and painted) and is not
  inflated by other load or sleeping (on PostgreSQL the server's share is not in it: the wall
  figures are the ones to read). `--order priority` ranks once before measuring.

`--database URI` keeps the project in that (empty) PostgreSQL database; `--database local`
starts a private cluster for the run on a loopback port (127.0.0.1) and stops it at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from review.base.models import ParsedRecord
from review.project import default_protocol_path, init_project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

WORDS = (
    "partnership health public inequalities local strategic zone action evaluation outcome "
    "community primary care trust authority council governance policy programme renewal "
    "neighbourhood qualitative survey cohort intervention collaboration joint working england"
).split()


def build_project(root: Path, n: int, database: str | None = None, order: str = "file") -> None:
    rng = random.Random(7)
    records = [
        ParsedRecord(
            position=i,
            source_record_id=f"gen{i}",
            title=" ".join(rng.choices(WORDS, k=12)).capitalize(),
            abstract=" ".join(rng.choices(WORDS, k=220)),
            authors=[f"Author{i % 997}, A. B.", "Second, C."],
            year=1990 + i % 30,
            journal=f"Journal of {rng.choice(WORDS).title()}",
            volume=str(i % 60),
            pages=f"{i % 400}-{i % 400 + 9}",
            keywords=rng.choices(WORDS, k=3),
            raw={"TI": ["generated"]},
        )
        for i in range(1, n + 1)
    ]
    protocol = default_protocol_path().read_text(encoding="utf-8")
    written = root.parent / "protocol.toml"
    written.write_text(protocol.replace('order = "file"', f'order = "{order}"'), encoding="utf-8")
    with init_project(root, written, database=database) as project:
        project.store.add_source(name="generated", kind="database", records=records)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fine_idle_slices(seconds: float) -> None:
    """Make Pilot's idle detector sleep in slices of this length (idle: under a quarter of a
    slice of CPU time in one slice)."""
    import textual._wait as wait

    wait.SLEEP_GRANULARITY = seconds
    wait.SLEEP_IDLE = seconds / 4


async def measure(root: Path, presses: int) -> dict[str, float]:
    from review.tui.app import ReviewApp
    from review.tui.screens.screening import ScreeningScreen

    started = time.perf_counter()
    app = ReviewApp(root, reviewer="Bench", start="screen")
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, ScreeningScreen):
            await pilot.pause()
        await pilot.pause()
        opened = time.perf_counter() - started
        screen = app.screen
        if screen.session.kind == "priority":  # rank once first: then retrains come as in use
            await pilot.press("i", "e", "1")
            while screen.ranker is None or screen.ranker.ranking is None:
                await pilot.pause(0.5)
        decide, idle, decide_cpu, idle_cpu = [], [], [], []
        for i in range(presses):
            keys = (
                ["i"] if i % 3 == 0 else ["e", "1"] if screen.session.kind == "priority" else ["u"]
            )
            t, c = time.perf_counter(), time.thread_time()
            await pilot.press(*keys)
            await pilot.pause()
            decide.append(time.perf_counter() - t)
            decide_cpu.append(time.thread_time() - c)
            t, c = time.perf_counter(), time.thread_time()
            await pilot.press("f12")  # bound to nothing: the harness's own cost
            await pilot.pause()
            idle.append(time.perf_counter() - t)
            idle_cpu.append(time.thread_time() - c)
        stored = len(app.project.store.current_decisions("title-abstract", "Bench"))
    net = [d - i for d, i in zip(decide, idle, strict=True)]
    net_cpu = [d - i for d, i in zip(decide_cpu, idle_cpu, strict=True)]
    return {
        "open": opened,
        "stored": stored,
        "decide_median": statistics.median(decide),
        "idle_median": statistics.median(idle),
        "net_median": statistics.median(net),
        "net_p95": percentile(net, 0.95),
        "cpu_median": statistics.median(net_cpu),
        "cpu_p95": percentile(net_cpu, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument(
        "--slice", type=float, default=2.0, help="ms: the finer idle slice of the second run"
    )
    parser.add_argument(
        "--database", metavar="URI", help="a PostgreSQL database (or 'local': a private cluster)"
    )
    parser.add_argument("--order", choices=("file", "shuffle", "priority"), default="file")
    parser.add_argument("--build-only", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build_project(Path(args.build_only), args.records, args.database, args.order)
        return
    cluster = None
    if args.database == "local":
        cluster, args.database = local_database()
    try:
        run(args)
    finally:
        if cluster is not None:
            cluster.remove()


def local_database():
    """A private cluster for the run and an empty database on it, over loopback TCP."""
    import os

    import psycopg

    from pgcluster import Cluster

    cluster = Cluster(fast=False)
    os.environ["PGUSER"] = cluster.user
    with psycopg.connect(cluster.conninfo(host="127.0.0.1"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE screening_bench")
    return cluster, cluster.conninfo("screening_bench", host="127.0.0.1")


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        t = time.perf_counter()
        # Built in another process so that peak memory below is the app's alone.
        build = [sys.executable, __file__, "--records", str(args.records), "--order", args.order,
                 "--build-only", root]  # fmt: skip
        if args.database:
            build += ["--database", args.database]
        subprocess.run([str(part) for part in build], check=True)
        where = "PostgreSQL over loopback" if args.database else "SQLite"
        print(f"built a project of {args.records} records ({where}) in "
              f"{time.perf_counter() - t:.1f} s")  # fmt: skip
        figures = asyncio.run(measure(root, args.presses))
        fine_idle_slices(args.slice / 1000)
        fine = asyncio.run(measure(root, args.presses))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if sys.platform == "darwin":
        peak_mb /= 1024
    print(f"open project to first record drawn: {figures['open']:.2f} s (goal < 2 s)")
    print(f"{args.presses} decision presses, {figures['stored']} decisions stored")
    print(
        f"decision key + pause: median {1000 * figures['decide_median']:.1f} ms; "
        f"unbound key + pause: median {1000 * figures['idle_median']:.1f} ms"
    )
    print(
        f"app's own cost, key to next record drawn: median {1000 * figures['net_median']:.1f} ms, "
        f"p95 {1000 * figures['net_p95']:.1f} ms (goal p95 < 16 ms)"
    )
    print(
        f"the same with {args.slice:g} ms idle slices: median {1000 * fine['net_median']:.1f} ms, "
        f"p95 {1000 * fine['net_p95']:.1f} ms (goal p95 < 16 ms)"
    )
    print(
        f"the same in CPU time of the app's thread (robust to other load on the machine): "
        f"median {1000 * figures['cpu_median']:.1f} ms, p95 {1000 * figures['cpu_p95']:.1f} ms"
    )
    print(f"peak memory of the app's process: {peak_mb:.0f} MB (goal < 300 MB)")


if __name__ == "__main__":
    main()
