"""Project commands: `review init`, `review demo`, and bare `review` (the app on the project)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.base.errors import InputError
from review.base.shipped import DATA_DIR
from review.cli.opening import OpenApp, app_on, root_of
from review.identification.importing import import_file
from review.project import Project, init_project, open_project
from review.storage.store import clean_location

NOT_KEPT = (
    "review: not kept in the project's settings: {} (each reviewer's own role and password "
    "come from PGUSER, PGPASSWORD, ~/.pgpass or a service file)"
)
DEMO_SOURCES = (
    ("elston-2005-thesis-bibliography.ris", "Elston 2005 thesis bibliography"),
    ("elston-fulop-2002-references.bib", "Elston & Fulop 2002 references"),
    ("hunter-2011-report-references.csv", "Hunter 2011 SDO report references"),
)


def cmd_open(args: argparse.Namespace) -> OpenApp:
    return app_on(args)


def cmd_init(args: argparse.Namespace) -> int:
    root = Path(args.dir) if args.dir else root_of(args)
    protocol = Path(args.protocol) if args.protocol else None
    if args.database:
        _kept, dropped = clean_location(args.database)
        if dropped:
            print(NOT_KEPT.format(", ".join(dropped)), file=sys.stderr)
    with init_project(root, protocol, database=args.database) as project:
        print(f"Created project {project.protocol.title!r} in {root}")
        print(f"  protocol: {root / 'review.toml'}\n  database: {project.store.location}")
    return 0


def build_demo(root: Path) -> Project:
    """The partnerships demo: the shipped protocol and three reference lists as sources."""
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


def cmd_demo(args: argparse.Namespace) -> int | OpenApp:
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
    return app_on(args, reviewer=args.demo_reviewer)
