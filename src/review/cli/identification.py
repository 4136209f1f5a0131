"""Identification commands: `review import`, `review add`, `review sources` (and `sources add`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from review.base.errors import InputError
from review.cli.dedup import matched_text
from review.cli.opening import project_of
from review.cli.output import print_json
from review.cli.progress import terminal_progress
from review.cli.warnings import imported_text
from review.identification.import_step import add_record, import_files
from review.identification.search_log import search_log, search_log_text
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
    with project_of(args) as project:
        # every file or none; once screening has begun the new records are compared with the
        # project first, and stored with the duplicates found in one short step
        step = import_files(
            project,
            [Path(name) for name in args.files],
            progress_for=lambda path: terminal_progress(path.name),
            comparing=terminal_progress("duplicates", percent=True),
            source=args.source,
            kind=args.kind,
            searched=args.searched,
            query=args.query,
            fmt=args.fmt,
            mapping=mapping,
            force=args.force,
            reported_count=args.count,
            strict=args.strict,
            encoding=args.encoding,
        )
    for result in step.results:
        print(imported_text(result, args.source or result.path.stem))
    if step.matched:
        print(matched_text(step.matched))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        # once screening has begun, compared with the project first (as an update search)
        record_id, matched = add_record(
            project,
            terminal_progress("duplicates", percent=True),
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
