"""Deduplication in a project: clusters, merges, undo, update searches, the demo lists, CLI."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from places import EXAMPLES
from review.base.errors import InputError
from review.base.models import ParsedRecord
from review.cli.dedup import cmd_dedup
from review.cli.parser import add_dedup_parser as add_parsers
from review.identification.dedup import (
    apply_certain,
    cluster_rows,
    decide_pair,
    find_duplicates,
    pending_pairs,
    undo_merge,
)


def article(n: int, **kw) -> ParsedRecord:
    base = dict(
        position=n,
        source_record_id=f"r{n}",
        title="Partnership working between health and local government in England",
        authors=["Smith, K. E.", "Hunter, D. J."],
        year=2004,
        journal="Policy and Politics",
        volume="32",
        pages="221-226",
    )
    base.update(kw)
    return ParsedRecord(**base)


def add(project, *records: ParsedRecord, name: str = "db") -> list[int]:
    project.store.add_source(name=name, kind="database", records=list(records))
    return project.store.record_ids()


def test_certain_pairs_merge_and_link(project) -> None:
    ids = add(project, article(1), article(2, pages="221-6", journal="Policy Polit"))
    result = find_duplicates(project)
    assert [p.verdict for p in result.pairs] == ["certain"]
    assert apply_certain(project, result) == 1
    assert project.store.duplicate_map() == {ids[1]: ids[0]}
    # a second run finds nothing new
    again = find_duplicates(project)
    assert again.links == [] and again.pairs == []


def test_clustering_never_joins_records_that_veto_each_other(project) -> None:
    # A~B and B~C are certain but A and C carry different DOIs
    ids = add(
        project,
        article(1, doi="10.1000/one"),
        article(2),
        article(3, doi="10.1000/two"),
    )
    result = find_duplicates(project)
    apply_certain(project, result)
    links = project.store.duplicate_map()
    canon = {rid: links.get(rid, rid) for rid in ids}
    assert canon[ids[0]] != canon[ids[2]]
    assert any(p.verdict == "possible" for p in result.pairs)


def test_undo_splits_and_is_not_merged_again(project) -> None:
    ids = add(project, article(1), article(2))
    apply_certain(project, find_duplicates(project))
    assert project.store.duplicate_map()
    assert undo_merge(project, ids[0], "ana") == [ids[1]]  # the canonical: every member off
    assert project.store.duplicate_map() == {}
    rows = project.store.conn.execute(
        "SELECT canonical_id, method FROM duplicate_links ORDER BY link_id"
    ).fetchall()
    assert rows[-1] == (None, "undo")
    apply_certain(project, find_duplicates(project))
    assert project.store.duplicate_map() == {}
    with pytest.raises(InputError):
        undo_merge(project, ids[0], "ana")


def test_decide_pair_by_hand(project) -> None:
    # one year apart, no volume or pages to back the title: queued
    ids = add(
        project, article(1, volume=None, pages=None), article(2, year=2005, volume=None, pages=None)
    )
    result = find_duplicates(project)
    apply_certain(project, result)
    assert [(p.a, p.b) for p in pending_pairs(project)] == [(ids[0], ids[1])]
    rows = {r["record_id"]: r for r in cluster_rows(project)}
    assert rows[ids[0]]["possible_with"] == str(ids[1])
    decide_pair(project, ids[0], ids[1], True, "ana")
    assert project.store.duplicate_map() == {ids[1]: ids[0]}
    assert pending_pairs(project) == []
    decide_pair(project, ids[0], ids[1], False, "ben")
    assert project.store.duplicate_map() == {}
    rows = {r["record_id"]: r for r in cluster_rows(project)}
    assert rows[ids[1]]["cluster"] == ids[1] and rows[ids[1]]["possible_with"] == ""


def test_later_import_links_to_screened_record(project) -> None:
    first = add(project, article(1, journal=None, volume=None, pages=None), name="first")
    project.store.add_decision(first[0], "title-abstract", "ana", "include")
    add(project, article(1, doi="10.1000/x"), name="update")  # richer, imported later
    new = project.store.record_ids()[-1]
    apply_certain(project, find_duplicates(project))
    assert project.store.duplicate_map() == {new: first[0]}


def test_a_split_cluster_stays_split(project) -> None:
    ids = add(project, article(1), article(2), article(3), article(4))
    apply_certain(project, find_duplicates(project))
    canonical = ids[0]
    assert set(project.store.duplicate_map().values()) == {canonical}
    assert sorted(undo_merge(project, canonical, "ana")) == ids[1:]
    again = find_duplicates(project)
    apply_certain(project, again)
    assert project.store.duplicate_map() == {}  # the members do not join up among themselves
    assert again.pairs == []


def test_the_record_most_screening_rests_on_stays_canonical(project) -> None:
    first = add(project, article(1, journal=None, volume=None, pages=None), name="first")
    for who in ("ana", "ben"):
        project.store.add_decision(first[0], "title-abstract", who, "include")
    add(project, article(1, doi="10.1000/x"), name="update")  # richer, imported later
    new = project.store.record_ids()[-1]
    project.store.add_decision(new, "title-abstract", "ana", "exclude", "E1")
    result = find_duplicates(project)
    # both screened: never merged automatically (one's decisions would be set aside)
    assert [(p.verdict, p.reason) for p in result.pairs] == [
        ("possible", "certain, but both already screened")
    ]
    apply_certain(project, result)
    assert project.store.duplicate_map() == {}
    decide_pair(project, first[0], new, True, "carol")  # a person merges them
    assert project.store.duplicate_map() == {new: first[0]}  # two decisions outweigh one


def test_cancel_and_progress(project) -> None:
    from review.identification.dedup import DedupCancelled

    add(project, *[article(n, title=f"Study number {n} of partnership") for n in range(50)])
    seen: list[tuple[int, int]] = []
    find_duplicates(project, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 1000) and seen[-1] == (1000, 1000)  # from reading to the plan
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)  # never backwards
    assert any(300 <= d < 1000 for d, _ in seen)  # comparing reported on the way
    with pytest.raises(DedupCancelled):
        find_duplicates(project, cancelled=lambda: True)
    checks = []

    def cancel_after_reading() -> bool:
        checks.append(1)
        return len(checks) > 1  # the first check passes, the next (reading done) cancels

    with pytest.raises(DedupCancelled):
        find_duplicates(project, cancelled=cancel_after_reading)


def _import_demo(project) -> None:
    from review.identification.importing import import_file

    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix in {".ris", ".bib", ".csv"}:
            import_file(project.store, path, source=path.stem)


def test_demo_reference_lists(project) -> None:
    _import_demo(project)
    result = find_duplicates(project)
    records = {r.record_id: r for r in project.store.records()}
    assert len(result.certain) >= 20
    for pair in result.certain:
        a, b = records[pair.a], records[pair.b]
        assert a.year == b.year  # no different-year white papers merged automatically
    # look-alikes: reports of a series stay apart
    titles = {frozenset((records[p.a].title, records[p.b].title)) for p in result.certain}
    assert not any("Performance Management" in " ".join(t) for t in titles)
    # different years for one white paper: queued, not merged
    queued = {frozenset((records[p.a].title, records[p.b].title)) for p in result.possible}
    assert any(any("Modern, Dependable" in t for t in pair) for pair in queued)
    # a circular with and without its code ('HSC 1998/159: LAC(98)22. Modernising ...')
    assert any(any(t.startswith("HSC 1998/159") for t in pair) for pair in queued)
    assert (len(result.certain), len(result.possible)) == (30, 7)


def _args(tmp: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project")
    add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(["--project", str(tmp), "dedup", *argv])


def test_cli_dedup(project, capsys) -> None:
    ids = add(project, article(1), article(2), article(3, year=2005))
    root = project.root
    assert cmd_dedup(_args(root, "--json")) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["certain_pairs"] >= 1 and summary["merged"] == 0
    assert cmd_dedup(_args(root, "--auto")) == 0
    out = capsys.readouterr().out
    assert "merged:" in out
    assert project.store.duplicate_map()
    assert cmd_dedup(_args(root, "--undo", str(ids[1]))) == 0
    with pytest.raises(InputError):
        cmd_dedup(_args(root, "--undo", "abc"))
    with pytest.raises(InputError):
        cmd_dedup(_args(root, "--undo", "999"))


def test_year_suffix_from_original_fields_vetoes_a_merge(project) -> None:
    # 'Smith 2004a' and 'Smith 2004b': the letter survives only in the original fields
    ids = add(
        project,
        article(1, source_record_id="x1", raw={"PY": "2004a"}, pages=None, volume=None),
        article(2, source_record_id="x2", raw={"PY": "2004b"}, pages=None, volume=None),
        article(3, source_record_id="x3", raw={"PY": "2004a"}, pages=None, volume=None),
    )
    result = find_duplicates(project)
    merged = {frozenset((p.a, p.b)) for p in result.certain}
    assert frozenset((ids[0], ids[2])) in merged
    assert not any(ids[1] in pair for pair in merged)
    assert all(ids[1] not in (p.a, p.b) for p in result.pairs)


def test_dedup_tables_come_from_the_schema(project) -> None:
    import inspect

    from review.identification.dedup import state
    from review.storage.copy import columns

    assert columns(project.store, "dedup_decisions") and columns(project.store, "dedup_queue")
    assert "CREATE TABLE" not in inspect.getsource(state)
    assert "json_extract" not in inspect.getsource(state)


def test_a_possible_duplicate_of_a_screened_record_waits_for_the_pair(project, tmp_path) -> None:
    from review.base.errors import ImportFormatError
    from review.identification.dedup import held_records
    from review.reporting.status import project_status
    from review.screening.decision_files import read_decisions
    from review.screening.outcomes import stage_record_ids

    first = add(project, article(1, volume=None, pages=None), name="first")
    project.store.add_decision(first[0], "title-abstract", "ana", "include")
    add(project, article(2, year=2005, volume=None, pages=None), name="update")  # a year on
    new = project.store.record_ids()[-1]
    apply_certain(project, find_duplicates(project))
    assert [(p.a, p.b) for p in pending_pairs(project)] == [(first[0], new)]
    assert held_records(project) == {new}
    assert new not in stage_record_ids(project, "title-abstract")
    assert project_status(project).stages[0].held == 1
    from review.reporting.prisma import compute_flow

    assert any("1 record held until a possible duplicate" in n for n in compute_flow(project).notes)
    path = tmp_path / "d.csv"
    path.write_text(f"record_id,decision\n{new},include\n")
    with pytest.raises(ImportFormatError, match="may duplicate a record already screened"):
        read_decisions(project, path, "title-abstract", "ben")
    decide_pair(project, first[0], new, False, "carol")  # not the same work: screened after all
    assert held_records(project) == set()
    assert new in stage_record_ids(project, "title-abstract")


def test_prisma_says_when_unscreened_records_wait_on_a_duplicate_pair(project) -> None:
    from review.reporting.prisma import compute_flow

    add(project, article(1, volume=None, pages=None), article(2, year=2005, volume=None,
        pages=None))  # fmt: skip
    apply_certain(project, find_duplicates(project))
    assert len(pending_pairs(project)) == 1
    flow = compute_flow(project)
    assert flow.dbr.screen_in_pairs == 2
    assert any("2 of them in possible-duplicate pairs" in n for n in flow.notes)


def test_a_plan_made_before_another_run_saved_is_refused(project) -> None:
    from review.base.errors import ReviewError
    from review.project import open_project

    ids = add(project, article(1), article(2, pages="221-6"), article(3, title="Other work"))
    with open_project(project.root) as other:  # the app and the command line at one moment
        stale = find_duplicates(project)
        assert apply_certain(other, find_duplicates(other)) == 1
        with pytest.raises(ReviewError, match="changed while duplicates were being compared"):
            apply_certain(project, stale)
    links = project.store.conn.execute("SELECT record_id, canonical_id FROM duplicate_links")
    assert links.fetchall() == [(ids[1], ids[0])]  # one link, not two


def test_screening_a_record_of_the_plan_meanwhile_refuses_the_plan(project) -> None:
    from review.base.errors import ReviewError

    ids = add(project, article(1), article(2, pages="221-6"), article(3, title="Other work"))
    plan = find_duplicates(project)
    project.store.add_decision(ids[2], "title-abstract", "ana", "include")  # not in the plan
    assert apply_certain(project, plan) == 1
    title = "Joint commissioning of public health services by councils and primary care"
    later = add(project, article(4, title=title), article(5, title=title, pages="221-6"))[-2:]
    plan = find_duplicates(project)
    assert plan.links
    project.store.add_decision(later[0], "title-abstract", "ana", "exclude")
    with pytest.raises(ReviewError, match="screened meanwhile"):
        apply_certain(project, plan)
    assert not set(later) & set(project.store.duplicate_map())


UPDATE_SEARCH = """TY  - JOUR
ID  - u1
TI  - Health action zones and the problem of community
AU  - Bauld, L.
AU  - Judge, K.
PY  - 2005
JO  - Health Soc Care Community
VL  - 13
SP  - 427
EP  - 38
ER  -

TY  - JOUR
ID  - u2
TI  - Local strategic partnerships and health inequalities in English cities
AU  - Elston, J.
PY  - 2007
JO  - Critical Public Health
VL  - 17
SP  - 101
EP  - 115
ER  -
"""


def test_an_update_search_is_matched_once_screening_has_begun(project, cli, tmp_path) -> None:
    from review.screening.outcomes import stage_record_ids

    bauld = article(3, title="Health action zones and the problem of community",
                    authors=["Bauld, L.", "Judge, K."], year=2005, pages="427-438",
                    journal="Health and Social Care in the Community", volume="13")  # fmt: skip
    ids = add(project, article(1), article(2, pages="221-6"), bauld)
    update = tmp_path / "update.ris"
    update.write_text(UPDATE_SEARCH, encoding="utf-8")
    early = tmp_path / "early.ris"
    early.write_text(UPDATE_SEARCH.split("\n\n")[0] + "\n", "utf-8")  # Bauld's record only
    # before anyone screens, an import only stores: the team runs `review dedup`
    result = cli("--project", project.root, "import", early, "--source", "early")
    assert result.code == 0 and "Compared with" not in result.out
    assert project.store.duplicate_map() == {}
    assert cli("--project", project.root, "dedup").code == 0  # the team's queue, no merges
    assert (ids[0], ids[1]) in {(p.a, p.b) for p in pending_pairs(project)}
    project.store.add_decision(ids[2], "title-abstract", "ana", "include")
    before = project.store.last_record_id()
    result = cli("--project", project.root, "import", update, "--source", "update")
    assert result.code == 0
    new_bauld, new_elston = before + 1, before + 2
    links = project.store.duplicate_map()
    assert links[new_bauld] == ids[2]  # linked to the screened record at once
    assert links[before] == ids[2]  # with the earlier copy in its cluster
    assert ids[1] not in links and ids[0] not in links  # an earlier pair is the team's call
    queue = set(stage_record_ids(project, "title-abstract"))
    assert new_bauld not in queue and new_elston in queue
    waiting = {(p.a, p.b) for p in pending_pairs(project)}
    assert (ids[0], ids[1]) in waiting  # the team's queue is kept as it was
    assert "Compared with the records already in the project" in result.out
    assert f"{len(links)} duplicate(s) linked, 0 pair(s) queued" in result.out


def test_a_possible_duplicate_of_a_merged_copy_of_a_screened_record_is_held(project) -> None:
    from review.identification.dedup import Pair, held_records
    from review.screening.outcomes import stage_record_ids

    screened, copy, new = add(project, article(1), article(2), article(3, title="Other"))
    project.store.link_duplicate(copy, screened, "by hand", "ana")
    project.store.add_decision(screened, "title-abstract", "ana", "include")
    pair = Pair(copy, new, "possible", 0.9, "fuzzy", "different pages")
    assert held_records(project, [pair]) == {new}  # the copy's cluster was screened
    assert new not in stage_record_ids(project, "title-abstract", held={new})
    reverse = Pair(new, copy, "possible", 0.9, "fuzzy", "different pages")
    assert held_records(project, [reverse]) == {new}


def test_an_update_search_cut_short_while_comparing_stores_nothing(
    project, cli, tmp_path, monkeypatch
) -> None:
    import review.identification.dedup.held

    ids = add(project, article(1))
    project.store.add_decision(ids[0], "title-abstract", "ana", "include")
    update = tmp_path / "update.ris"
    update.write_text(UPDATE_SEARCH, encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(review.identification.dedup.held, "find_duplicates", interrupted)
    result = cli("--project", project.root, "import", update, "--source", "update")
    assert result.code != 0 and "saved nothing" in result.err
    assert project.store.record_ids() == ids  # the records came in with their comparison
    assert [s.name for s in project.store.sources()] == ["db"]


def test_a_mistaken_undo_is_reversed_by_a_persons_merge(project, cli) -> None:
    ids = add(project, article(1), article(2, pages="221-6"), article(3, title="Other work"))
    root = project.root
    assert cli("--project", root, "dedup", "--auto").code == 0
    assert project.store.duplicate_map() == {ids[1]: ids[0]}
    assert cli("--project", root, "dedup", "--undo", ids[1]).code == 0
    assert cli("--project", root, "dedup", "--auto").code == 0
    assert project.store.duplicate_map() == {}  # the undo is a person's call: kept
    refused = cli("--project", root, "dedup", "--merge", ids[0], ids[1])
    assert refused.code == 2 and "give --by NAME" in refused.err
    merged = cli("--project", root, "dedup", "--merge", ids[0], ids[1], "--by", "reviewer a")
    assert merged.code == 0 and f"canonical record {ids[0]}" in merged.out
    assert project.store.duplicate_map() == {ids[1]: ids[0]}
    assert cli("--project", root, "dedup", "--separate", ids[0], ids[1], "--by", "Ana").code == 0
    assert project.store.duplicate_map() == {}
    for bad in (("--undo", ""), ("--merge", "1", "x"), ("--merge", "1", "2", "--auto")):
        result = cli("--project", root, "dedup", *bad, "--by", "Ana")
        assert result.code == 2 and "Traceback" not in result.err, bad
    rows = project.store.conn.execute("SELECT count(*) FROM duplicate_links").fetchone()[0]
    assert rows == 4  # merge, undo, merge, separate: every call kept


def test_the_merged_record_takes_the_fuller_author_list_and_journal_name(project) -> None:
    from review.identification.dedup import merged_record

    ids = add(
        project,
        article(1, authors=["Smith, K. E.", "Hunter, D. J."], journal="Adm Sci Q",
                doi="10.1000/abc"),
        article(2, authors=["Smith, Katherine", "Hunter, David", "Marks, L."],
                journal="Administrative Science Quarterly", pages="221-6"),
        article(3, authors=["Smith, K."], journal="BMJ Open", abstract="What was found."),
    )  # fmt: skip
    for rid in ids[1:]:
        project.store.link_duplicate(rid, ids[0], "by hand", "ana")
    merged = merged_record(project, ids[0])
    assert merged.authors == ["Smith, Katherine", "Hunter, David", "Marks, L."]
    assert merged.journal == "Administrative Science Quarterly"
    assert merged.doi == "10.1000/abc" and merged.abstract == "What was found."
    short = dict(title="BMJ short", authors=["Smith, K. E."])
    alone = add(project, article(4, journal="BMJ"), article(5, journal="BMJ Open", **short))
    alone = alone[-2:]
    project.store.link_duplicate(alone[1], alone[0], "by hand", "ana")
    kept = merged_record(project, alone[0])
    assert kept.journal == "BMJ"  # another journal that begins like it is not a writing-out
    assert kept.authors == ["Smith, K. E.", "Hunter, D. J."]


def test_the_command_line_bar_of_a_comparison_reads_in_percent(monkeypatch, capsys) -> None:
    import sys

    from review.cli.progress import terminal_progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = terminal_progress("dedup", width=10, percent=True)
    show(249, 1000)
    show(1000, 1000)
    err = capsys.readouterr().err
    assert "\rdedup [##........] 24%" in err and err.endswith("[##########] 100%\n")
    counted = terminal_progress("a.ris", width=10)
    counted(3, 12)
    assert capsys.readouterr().err.endswith("3/12")


def test_merged_clusters_are_listed_with_how_and_by_whom(project, cli) -> None:
    ids = add(project, article(1), article(2, pages="221-6"), article(3, title="Other work"))
    root = project.root
    assert cli("--project", root, "dedup", "--auto").code == 0
    listed = cli("--project", root, "dedup", "--merged")
    lines = listed.out.splitlines()
    assert lines[0].startswith(f"{ids[0]}\tPartnership working")
    assert lines[1].startswith(f"  <- {ids[1]}\tfuzzy") and " by auto " in lines[1]
    assert lines[-1] == "1 cluster(s), 1 record(s) merged into them"
    cli("--project", root, "dedup", "--undo", ids[1], "--by", "Ana")
    data = json.loads(cli("--project", root, "dedup", "--merged", "--json").out)
    assert data == []  # split again: nothing merged now


def test_a_record_added_by_hand_after_screening_began_reports_its_match_as_json(
    project, cli
) -> None:
    ids = add(project, article(1))
    project.store.add_decision(ids[0], "title-abstract", "ana", "include")
    title = "Partnership working between health and local government in England"
    result = cli("--project", project.root, "add", "--title", title, "--source", "web",
                 "--author", "Smith, K. E.", "--author", "Hunter, D. J.", "--year", "2004",
                 "--journal", "Policy and Politics", "--json")  # fmt: skip
    assert result.code == 0
    out = json.loads(result.out)
    assert out["duplicates"] == {"linked": 1, "queued": 0, "held": 0}
    assert project.store.duplicate_map() == {out["record_id"]: ids[0]}


def test_one_question_per_two_clusters_and_a_call_covers_the_clusters(project) -> None:
    from review.identification.dedup import held_records
    from review.reporting.status import project_status
    from review.screening.outcomes import stage_record_ids

    screened, old_copy, new_copy, other = add(
        project, article(1), article(2), article(3), article(4, title="Other")
    )
    project.store.add_decision(screened, "title-abstract", "ana", "include")
    project.store.link_duplicate(old_copy, new_copy, "by hand", "ana")  # one cluster: new_copy
    rows = [(screened, old_copy, "possible", 0.9, "fuzzy", "x"),
            (screened, new_copy, "possible", 0.8, "fuzzy", "x")]  # fmt: skip
    project.store.save_dedup_queue(rows)
    pairs = pending_pairs(project)
    assert [(p.a, p.b) for p in pairs] == [(screened, old_copy)]  # one question, the best
    assert held_records(project) == {new_copy}  # the record the queues would show
    assert new_copy not in stage_record_ids(project, "title-abstract")
    assert project_status(project).stages[0].held == 1
    decide_pair(project, screened, new_copy, False, "ben")  # separate works
    assert pending_pairs(project) == [] and held_records(project) == set()
    assert new_copy in stage_record_ids(project, "title-abstract")


def test_a_record_merged_after_screening_leaves_the_counts_of_its_stage(project) -> None:
    from review.reporting.status import project_status
    from review.screening.agreement import stage_agreement
    from review.screening.reconcile import conflicts, resolve

    kept, merged = add(project, article(1), article(2, title="A different title here"))
    for rid, (ana, ben) in ((kept, ("include", "include")), (merged, ("include", "exclude"))):
        project.store.add_decision(rid, "title-abstract", "Reviewer A", ana)
        project.store.add_decision(rid, "title-abstract", "Reviewer B", ben, "E1" if ben ==
                                   "exclude" else None)  # fmt: skip
    assert [c.record_id for c in conflicts(project, "title-abstract")] == [merged]
    resolve(project, merged, "title-abstract", "include", None, "third-reviewer", "Carol")
    assert stage_agreement(project, "title-abstract").n == 2
    project.store.link_duplicate(merged, kept, "by hand", "carol")  # resolved, then merged
    assert project.store.duplicate_map() == {merged: kept}
    assert conflicts(project, "title-abstract") == []  # nothing left to settle for it
    stage = project_status(project).stages[0]
    assert (stage.records, stage.passed, stage.resolved, stage.both_decided) == (1, 1, 0, 1)
    assert stage_agreement(project, "title-abstract").n == 1


def test_names_and_flags_of_dedup_calls_are_checked(project, cli) -> None:
    ids = add(project, article(1), article(2, pages="221-6"), article(3, title="Other work"))
    root = project.root
    for rid, decision in ((ids[0], "include"), (ids[2], "exclude")):
        project.store.add_decision(rid, "title-abstract", "Reviewer A", decision)
    slip = cli("--project", root, "dedup", "--undo", ids[1], "--by", "Reviewr A")
    assert slip.code == 2 and "did you mean 'Reviewer A'?" in slip.err
    squashed = cli("--project", root, "dedup", "--merge", ids[0], ids[2], "--by", "ReviewerA")
    assert squashed.code == 2 and "did you mean" in squashed.err
    for flags in (("--list", "--auto"), ("--merged", "--auto"), ("--undo", "5", "--merged")):
        result = cli("--project", root, "dedup", *flags)
        assert result.code == 2 and "cannot be used together" in result.err, flags
    merged = cli("--project", root, "dedup", "--merge", ids[0], ids[2], "--by", "reviewer a")
    assert merged.code == 0 and "by Reviewer A" in merged.out
    assert "both had been screened" in merged.err and "set aside" in merged.err
    # a name known only from a resolution or a merge is known too
    again = cli("--project", root, "dedup", "--separate", ids[0], ids[2], "--by", "Carol Smith")
    assert again.code == 0
    slip = cli("--project", root, "dedup", "--merge", ids[0], ids[2], "--by", "Carol Smtih")
    assert slip.code == 2 and "did you mean 'Carol Smith'?" in slip.err


def test_the_apps_reviewer_name_is_checked_before_it_opens(project, cli) -> None:
    add(project, article(1), article(2, pages="221-6"))
    assert cli("--project", project.root, "dedup", "--auto").code == 0  # 'auto' decided
    result = cli("--project", project.root, "screen", "--stage", "title-abstract",
                 "--reviewer", "ReviewerB")  # fmt: skip
    assert result.code == 2 and "did you mean 'Reviewer B'?" in result.err
    assert project.store.people() == []  # the tool's own name is nobody's
    assert project.reviewer_name("Anto") == "Anto"  # not a slip of 'auto'


def test_the_queued_count_printed_is_what_the_list_shows(project, cli) -> None:
    _import_demo(project)
    root = project.root
    for flags in ((), ("--auto",)):
        out = cli("--project", root, "dedup", *flags).out
        queued = int(out.split("queued:", 1)[1].split()[0])
        listed = cli("--project", root, "dedup", "--list").out.splitlines()[-1]
        assert listed == f"{queued} pair(s) waiting for a decision", flags
