"""The CLI's commands: each takes parsed arguments, calls the core and prints the result."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from review.base.errors import InputError
from review.base.shipped import DATA_DIR
from review.cli.main import print_json
from review.cli.progress import terminal_progress
from review.project import Project, init_project, open_project, resolve_root

DEMO_SOURCES = (
    ("elston-2005-thesis-bibliography.ris", "Elston 2005 thesis bibliography"),
    ("elston-fulop-2002-references.bib", "Elston & Fulop 2002 references"),
    ("hunter-2011-report-references.csv", "Hunter 2011 SDO report references"),
)


def _root(args: argparse.Namespace) -> Path:
    return resolve_root(args.project)


def _open(args: argparse.Namespace) -> Project:
    return open_project(_root(args))


def open_app(
    args: argparse.Namespace,
    start: str = "dashboard",
    stage: str = "title-abstract",
    reviewer: str | None = None,
) -> int:
    root = _root(args)
    name = reviewer or args.reviewer
    with open_project(root) as project:  # clear errors before the terminal switches
        if name:
            name = project.reviewer_name(name, "--reviewer NAME")
    from review.tui.app import run_app

    return run_app(root, reviewer=name, start=start, stage=stage)


def cmd_init(args: argparse.Namespace) -> int:
    root = Path(args.dir) if args.dir else _root(args)
    with init_project(root, Path(args.protocol) if args.protocol else None) as project:
        print(f"Created project {project.protocol.title!r} in {root}")
        print(f"  protocol: {root / 'review.toml'}\n  database: {root / 'review.db'}")
    return 0


def build_demo(root: Path) -> Project:
    """The partnerships demo: the shipped protocol and three reference lists as sources."""
    from review.identification.importing import import_file

    examples = DATA_DIR / "examples" / "partnerships"
    project = init_project(root)
    for file_name, source in DEMO_SOURCES:
        import_file(
            project.store,
            examples / file_name,
            source=source,
            kind="database",
            searched="2008-06-30",
        )
    return project


def cmd_demo(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if (root / "review.toml").exists():
        with open_project(root) as project:
            names = {s.name for s in project.store.sources()}
        if not {name for _file, name in DEMO_SOURCES} <= names:
            raise InputError(f"{root} already holds a project that is not the demo")
        print(f"The demo project is already built in {root}")
    else:
        with build_demo(root) as project:
            total = project.store.count_records()
            print(
                f"Built the partnerships demo in {root}: "
                f"{len(DEMO_SOURCES)} sources, {total} records"
            )
    if args.no_open:
        return 0
    args.project = str(root)
    return open_app(args, reviewer=args.demo_reviewer)


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(f"--map expects FIELD=COLUMN, not {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    from review.cli.dedup_commands import match_new_records, matched_text
    from review.identification.importing import import_file

    mapping = _mapping(args.map)
    if len(args.files) > 1 and args.count is not None:
        raise InputError("--count applies to one file at a time")
    seen: set[Path] = set()
    for name in args.files:
        if Path(name).resolve() in seen:
            raise InputError(f"{name} is given twice in one import")
        seen.add(Path(name).resolve())
    with _open(args) as project, _one_step(project, len(args.files) > 1) as matching:
        # every file or none: a bad file rolls back those before it in this command (one
        # file is one transaction of its own); once screening has begun the new records
        # are compared with the project in the same step
        before = project.store.last_record_id()
        done = []
        for name in args.files:
            path = Path(name)
            result = import_file(
                project.store,
                path,
                source=args.source or path.stem,
                kind=args.kind,
                searched=args.searched,
                query=args.query,
                fmt=args.fmt,
                mapping=mapping,
                force=args.force,
                reported_count=args.count,
                progress=terminal_progress(path.name),
            )
            done.append(
                f"Imported {result.records} records from {path} ({result.format}) "
                f"as source {args.source or path.stem!r}"
            )
        matched = match_new_records(project, before) if matching else None
    print("\n".join(done))
    if matched:
        print(matched_text(matched))
    return 0


@contextlib.contextmanager
def _one_step(project: Project, several: bool) -> Iterator[bool]:
    """One transaction around an import when it has several files or screening has begun
    (the new records are then compared and linked in it); yields whether to compare."""
    begun = project.store.screening_begun()
    if not (several or begun):
        yield False
        return
    with project.store.transaction():
        yield begun


def cmd_add(args: argparse.Namespace) -> int:
    from review.cli.dedup_commands import match_new_records, matched_text
    from review.identification.importing import add_manual_record

    with _open(args) as project, _one_step(project, several=False) as matching:
        record_id = add_manual_record(
            project.store,
            title=args.title,
            source=args.source,
            kind=args.kind,
            authors=args.author,
            year=args.year,
            url=args.url,
            accessed=args.accessed,
            journal=args.journal,
            doi=args.doi,
            abstract=args.abstract,
            type=args.type,
        )
        matched = match_new_records(project, record_id - 1) if matching else None
    if args.json:
        print_json({"record_id": record_id, "duplicates": matched})
    else:
        print(f"Added record {record_id} to source {args.source!r}")
        if matched:
            print(matched_text(matched))
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from review.identification.search_log import search_log, search_log_text

    with _open(args) as project:
        log = search_log(project)
    if args.json:
        print_json(log)
    else:
        print(search_log_text(log))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from review.reporting.status import project_status, status_text

    with _open(args) as project:
        viewer = project.existing_reviewer(args.viewer) if args.viewer else None
        status = project_status(project, viewer=viewer)
    if args.json:
        print_json(status.as_dict())
    else:
        print(status_text(status))
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    return open_app(args, start="screen", stage=args.stage, reviewer=args.screen_reviewer)


def cmd_decide(args: argparse.Namespace) -> int:
    from review.screening.decision_files import read_decisions

    warnings: list[str] = []
    with _open(args) as project:
        path = Path(args.file)
        rows = read_decisions(project, path, args.stage, args.decide_reviewer, warnings)
        project.store.add_decisions(rows)
        who = project.reviewer_name(args.decide_reviewer, "--reviewer NAME")
    print(f"Recorded {len(rows)} {args.stage} decisions by {who}")
    for warning in warnings:
        print(f"review: warning: {warning}", file=sys.stderr)
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    return open_app(args, start="reconcile", stage=args.stage, reviewer=args.screen_reviewer)


def cmd_resolve(args: argparse.Namespace) -> int:
    from review.screening.reconcile import read_resolutions

    with _open(args) as project:
        rows = read_resolutions(project, Path(args.file), args.stage, args.by)
        project.store.add_resolutions(rows)
        who = project.reviewer_name(args.by, "--by NAME")
    print(f"Recorded {len(rows)} {args.stage} resolutions by {who}")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from review.screening.agreement import agreement_text, stage_agreement
    from review.screening.queue import check_stage

    with _open(args) as project:
        stages = [check_stage(project, args.stage)] if args.stage else project.protocol.stages
        results = [stage_agreement(project, stage) for stage in stages]
    if args.json:
        print_json({r.stage: r.as_dict() for r in results})
    else:
        print("\n\n".join(agreement_text(r) for r in results))
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from review.screening.studies import link_report

    with _open(args) as project:
        typed = args.by or args.reviewer
        by = project.reviewer_name(typed, "--by NAME") if typed else "unknown"
        link_report(project.store, args.report, None if args.unlink else args.study, by)
        appraised = project.store.has_answers(args.report)
    if appraised and not args.unlink:
        print(
            f"review: note: record {args.report} was appraised as a study; as a report of study "
            f"{args.study} its answers are kept but no longer shown (appraise study "
            f"{args.study}, or --unlink to undo)",
            file=sys.stderr,
        )
    if args.unlink:
        print(f"Record {args.report} is a study of its own again")
    else:
        print(f"Record {args.report} is now a report of study {args.study}")
    return 0


def cmd_retrieve(args: argparse.Namespace) -> int:
    from review.screening.queue import stage_record_ids
    from review.screening.retrieval import mark_not_retrieved, mark_retrieved

    with _open(args) as project:
        if "full-text" not in project.protocol.stages:
            raise InputError("this protocol has no full-text stage")
        args.by = project.reviewer_name(args.by, "--by NAME")
        sought = set(stage_record_ids(project, "full-text"))
        for rid in args.records:
            if rid not in sought:
                raise InputError(f"record {rid} has not reached full text (nothing to retrieve)")
        with project.store.transaction():
            for rid in args.records:
                if args.location is not None:
                    mark_retrieved(project, rid, args.location, args.by)
                else:
                    mark_not_retrieved(project, rid, args.not_retrieved, args.by)
    state = f"retrieved at {args.location}" if args.location else "not retrieved"
    print(f"Marked {len(args.records)} full texts {state}")
    return 0
