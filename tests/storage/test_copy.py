"""`review copy`: a whole project moved SQLite -> PostgreSQL -> SQLite without losing a row."""

from __future__ import annotations

import sqlite3

from places import EXAMPLES
from review.identification.importing import import_file
from review.project import open_project
from review.storage.appraisal import Answer, Resolution
from review.storage.migrations import TABLES

STAGE = "title-abstract"


def fill(root, cli) -> None:
    """Something in every table, history included (an undo, a split, a cleared answer)."""
    assert cli("init", root).code == 0
    with open_project(root) as project:
        store = project.store
        import_file(store, EXAMPLES / "hunter-2011-report-references.csv", source="Hunter")
        store.add_source(name="SIGLE", kind="database", reported_count=40)
        stray = root.parent / f"{root.name}-stray.ris"
        stray.write_text("TY  - JOUR\nTI  - Kept\nER  - \nA line between records\n")
        import_file(store, stray, source="Stray")  # a warning, kept with its source
        store.link_duplicate(3, 2, "exact-doi", "auto", 1.0)
        store.link_duplicate(3, None, "by-hand", "Reviewer A")
        store.add_pair_decision(4, 5, False, "Reviewer B")
        store.save_dedup_queue([(6, 7, "possible", 0.875, "fuzzy", "title")])
        store.add_decision(1, STAGE, "Reviewer A", "include", note="first")
        store.add_decision(1, STAGE, "Reviewer A", None, action="undo")
        store.add_decisions([(1, STAGE, "Reviewer B", "exclude", "E2", None, "decide")])
        store.add_resolutions([(1, STAGE, "include", None, "consensus", "Reviewer C", "agreed")])
        store.add_note(1, STAGE, "Reviewer A", "ünïcode, 'quotes' and % signs?")
        store.add_tag(1, "Reviewer A", "maybe")
        store.add_tag(1, "Reviewer A", "maybe", removed=True)
        store.set_retrieval(1, "retrieved", "Reviewer A", location="/pdfs/1.pdf")
        store.add_designs([(1, "Reviewer A", "qualitative")])
        store.add_answers([Answer(1, "qualitative", "Q1", "Reviewer A", "yes", "why", "p. 3", 0.1),
                           Answer(1, "qualitative", "Q2", "Reviewer A", None)])  # fmt: skip
        store.add_appraisal_resolutions(
            [Resolution(1, "qualitative", "Q1", "yes", "consensus", "Reviewer C", None, "", 1.5)]
        )
        store.add_report_link(8, 1, "Reviewer A")


def tables(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY {key or 1}").fetchall()
            for table, key in TABLES.items()
        }


def test_copy_round_trip_sqlite_postgresql_sqlite_is_identical(pg_server, cli, tmp_path):
    first = tmp_path / "first"
    fill(first, cli)
    database = pg_server.fresh()
    result = cli("--project", first, "copy", "--to", database)
    assert result.code == 0, result.err
    assert "On each machine: review init DIR --database" in result.out
    assert cli("init", tmp_path / "server", "--database", database).code == 0  # joined
    with open_project(tmp_path / "server") as on_server:
        assert on_server.store.count_records() == 73
        on_server.store.add_decision(2, STAGE, "Reviewer A", "include")  # keys go on from there
    result = cli("--project", tmp_path / "server", "copy", "--to", tmp_path / "back")
    assert result.code == 0, result.err
    before, after = tables(first / "review.db"), tables(tmp_path / "back" / "review.db")
    assert after["decisions"][:-1] == before["decisions"]
    assert after["decisions"][-1][:4] == (len(before["decisions"]) + 1, 2, STAGE, "Reviewer A")
    del before["decisions"], after["decisions"]
    assert after == before
    kept = ("records", "appraisals", "dedup_queue", "tags", "source_warnings")
    assert all(before[table] for table in kept)
    assert (tmp_path / "back" / "review.toml").read_bytes() == (first / "review.toml").read_bytes()
    pg_server.drop(database)


def test_copy_refuses_a_folder_or_database_that_holds_a_project(pg_server, cli, tmp_path):
    first = tmp_path / "first"
    fill(first, cli)
    result = cli("--project", first, "copy", "--to", first)
    assert result.code == 2 and "not empty" in result.err
    database = pg_server.fresh()
    assert cli("--project", first, "copy", "--to", database).code == 0
    result = cli("--project", first, "copy", "--to", database)
    assert result.code == 2 and "already holds a project" in result.err
    pg_server.drop(database)
