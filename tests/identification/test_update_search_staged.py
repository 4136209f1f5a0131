"""An update search staged (on a copy of a SQLite file, in temporary tables on PostgreSQL)
stores what the same search imported in one step would, and is done again on a fresh stage
when a person merged records as it was being written."""

from __future__ import annotations

from pathlib import Path

import pytest

import review.identification.import_step as import_step
from review.base.models import ParsedRecord
from review.project import Project, open_project
from review.storage.copy import columns
from review.storage.migrations import TABLES
from review.storage.postgres import PgConnection
from review.storage.staging import Staged
from support.files import write_ris

MOMENTS = {"time", "imported_at", "found"}
TITLE = "Partnership working between health and local government in England"
# The old record's richer copy, a copy of another but for its DOI (a pair for a person), and
# an empty record (a warning).
EXTRA = f"""TY  - JOUR
ID  - n1
TI  - {TITLE}
AU  - Smith, K. E.
AU  - Hunter, D. J.
PY  - 2004
JO  - Policy and Politics
DO  - 10.1332/0305573042009444
ER  -

TY  - JOUR
ID  - n2
TI  - Study number 5 of partnership {5 * 7919 % 10007}
AU  - Author5, A.
T2  - Journal 5
PY  - 1995
DO  - 10.1000/other.5
ER  -

TY  - JOUR
ER  -
"""


def _begun(project: Project, tmp_path: Path) -> Path:
    """A project whose screening has begun, and an update search that overlaps it."""
    tmp_path.mkdir(exist_ok=True)
    base = write_ris(tmp_path / "base.ris", 40)
    import_step.import_files(project, [base], source="base")
    by_hand = ParsedRecord(position=1, source_record_id="o1", title=TITLE, year=2004,
                           authors=["Smith, K. E.", "Hunter, D. J."])  # fmt: skip
    project.store.add_source(name="first", kind="database", records=[by_hand])
    for rid in (1, 2, 35):
        project.store.add_decision(rid, "title-abstract", "Reviewer A", "exclude", "E1")
    update = tmp_path / "update.ris"
    more = write_ris(tmp_path / "more.ris", 20, start=31).read_text(encoding="utf-8")
    update.write_text(more + EXTRA, encoding="utf-8")
    return update


def _rows(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows but the moments they were written."""
    store = project.store
    found = {}
    for table, key in TABLES.items():
        names = [name for name in columns(store, table) if name not in MOMENTS]
        order = key or ", ".join(names)
        rows = store.conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}")
        found[table] = [tuple(row) for row in rows]
    return found


def test_a_staged_update_search_stores_what_one_step_would(make_project, tmp_path, monkeypatch):
    staged = make_project(tmp_path / "staged")
    plain = make_project(tmp_path / "plain")
    update = _begun(staged, tmp_path / "a")
    _begun(plain, tmp_path / "b")
    done = import_step.import_files(staged, [update], source="update")
    monkeypatch.setattr(import_step, "can_stage", lambda _store: False)  # one long step
    one_step = import_step.import_files(plain, [update], source="update")
    assert done.matched == one_step.matched
    assert done.matched is not None and done.matched["linked"] >= 11
    assert done.matched["queued"] >= 1
    assert _rows(staged) == _rows(plain)
    assert staged.store.source_warnings(3) and staged.store.dedup_queue()
    # the project's keys go on after the copied rows' (a record added next gets the next one)
    last = staged.store.last_record_id()
    staged.store.add_source(name="later", kind="database", records=[ParsedRecord(position=1)])
    assert staged.store.last_record_id() == last + 1


def test_a_merge_made_as_the_update_search_is_written_makes_it_run_again(
    project, tmp_path, monkeypatch
):
    update = _begun(project, tmp_path)
    merges = []

    def merge_elsewhere() -> None:
        if not merges:  # a colleague merges two records, once
            with open_project(project.root) as colleague:
                colleague.store.link_duplicate(2, 1, "manual", "Reviewer B")
            merges.append(1)

    if project.store.server is not None:  # as its records are copied, before the last part
        real_lock = PgConnection.lock_alone

        def lock_alone(self):
            merge_elsewhere()
            return real_lock(self)

        monkeypatch.setattr(PgConnection, "lock_alone", lock_alone)
    else:
        real_publish = Staged.publish

        def publish(self, *args, **kwargs):
            merge_elsewhere()
            return real_publish(self, *args, **kwargs)

        monkeypatch.setattr(Staged, "publish", publish)
    runs = []
    real_find = import_step.find_duplicates

    def comparing(*args, **kwargs):
        runs.append(1)
        return real_find(*args, **kwargs)

    monkeypatch.setattr(import_step, "find_duplicates", comparing)
    step = import_step.import_files(project, [update], source="update")
    assert len(runs) == 2 and merges == [1]
    assert [s.name for s in project.store.sources()] == ["base", "first", "update"]
    assert project.store.count_records() == 41 + step.results[0].records
    assert project.store.duplicate_map()[2] == 1  # the colleague's merge kept


@pytest.mark.parametrize("backend", ["postgresql"])  # a SQLite stage is a file, not a connection
def test_a_stage_whose_connection_dropped_is_not_written_elsewhere(
    project, cli, tmp_path, monkeypatch
):
    """On PostgreSQL the stage is its connection's temporary tables: once that connection is
    lost, the import stops (a new connection would write into the project's own tables)."""
    assert project.store.server is not None
    update = _begun(project, tmp_path)
    before = _rows(project)
    real_find = import_step.find_duplicates

    def comparing(*args, **kwargs):
        project.store.conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name"
            " LIKE 'review import%' ORDER BY backend_start DESC LIMIT 1"  # the stage's
        )
        return real_find(*args, **kwargs)

    monkeypatch.setattr(import_step, "find_duplicates", comparing)
    result = cli("--project", project.root, "import", update, "--source", "update")
    assert result.code == 1, result.err
    assert "while an import was being prepared; nothing of it was saved" in result.err
    assert "Traceback" not in result.err
    assert _rows(project) == before
