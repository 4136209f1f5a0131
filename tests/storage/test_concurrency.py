"""Two reviewers in two processes write thousands of decisions at once: none lost, no lock
(on SQLite and on PostgreSQL)."""

import multiprocessing as mp
from pathlib import Path

from review.base.models import ParsedRecord
from review.project import open_project

N = 3000


def _screen(root: str, reviewer: str, queue, n: int) -> None:
    try:
        with open_project(Path(root)) as project:
            ids = project.store.record_ids()
            for i in range(n):
                rid = ids[i % len(ids)]
                project.store.add_decision(
                    rid,
                    "title-abstract",
                    reviewer,
                    "include" if i % 3 else "exclude",
                    None if i % 3 else "E1",
                )
                if i % 50 == 0:  # read while the other process writes
                    project.store.current_decisions("title-abstract", reviewer)
        queue.put((reviewer, "ok"))
    except Exception as exc:  # reported to the parent, which fails the test
        queue.put((reviewer, repr(exc)))


def test_two_processes_never_lose_a_decision(make_project, backend, tmp_path):
    n = N if backend == "sqlite" else N // 3  # a server's round trips: fewer, as many at once
    root = tmp_path / "p"
    with make_project(root) as project:
        project.store.add_source(
            name="s",
            kind="database",
            records=[ParsedRecord(position=i, title=f"T{i}") for i in range(1, 301)],
        )
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_screen, args=(str(root), who, queue, n)) for who in ("A", "B")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    results = sorted(queue.get(timeout=5) for _ in workers)
    assert results == [("A", "ok"), ("B", "ok")]
    with open_project(root) as project:
        counts = dict(
            project.store.conn.execute(
                "SELECT reviewer, count(*) FROM decisions GROUP BY reviewer"
            ).fetchall()
        )
    assert counts == {"A": n, "B": n}
