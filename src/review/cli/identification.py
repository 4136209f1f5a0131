"""Identification commands: `review import`, `review add`, `review sources` (and `sources add`)."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

from review.base.errors import InputError
from review.cli.dedup import match_new_records, matched_text
from review.cli.opening import project_of
from review.cli.output import print_json
from review.cli.progress import terminal_progress
from review.cli.warnings import imported_text
from review.identification.importing import add_manual_record, import_file
from review.identification.search_log import search_log, search_log_text
from review.project import Project
from review.reporting.prisma.logged_sources import add_counted_source


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(f"--map expects FIELD=COLUMN, not {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    mapping = _mapping(args.map)
    if len(args.files) > 1 and args.count is not None:
        raise InputError("--count applies to one file at a time")
    seen: set[Path] = set()
    for name in args.files:
        if Path(name).resolve() in seen:
            raise InputError(f"{name} is given twice in one import")
        seen.add(Path(name).resolve())
    with project_of(args) as project, _one_step(project, len(args.files) > 1) as matching:
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
                strict=args.strict,
                encoding=args.encoding,
            )
            done.append(imported_text(result, args.source or path.stem))
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
    with project_of(args) as project, _one_step(project, several=False) as matching:
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
    with project_of(args) as project:
        log = search_log(project)
    if args.json:
        print_json(log)
    else:
        print(search_log_text(log, getattr(args, "warnings", False)))
    return 0


def cmd_sources_add(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        existing = {s.name: s for s in project.store.sources()}
        source_id = add_counted_source(
            project, args.name, args.kind, args.count, args.searched, args.query
        )
    count = "not reported" if args.count is None else str(args.count)
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "source_id": source_id,
                    "name": args.name.strip(),
                    "kind": args.kind,
                    "count_reported": args.count,
                }
            )
        )
    elif args.name.strip() in existing:
        before = existing[args.name.strip()]
        print(
            f"Source {before.name!r} was already logged ({before.records} records imported): "
            f"its reported count is now {count}"
        )
    else:
        reported = "count not reported" if args.count is None else f"{count} records reported"
        print(f"Logged source {args.name.strip()!r} ({args.kind}): {reported}, none imported")
    return 0
