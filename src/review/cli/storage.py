"""Storage commands: `review team add`, `review copy --to` and `review check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.base.errors import InputError, ProjectError
from review.cli.opening import project_of, root_of
from review.cli.project import NOT_KEPT
from review.project import (
    DATABASE_FILE,
    PROTOCOL_FILE,
    database_of,
    open_project,
    write_folder,
)
from review.storage import Store
from review.storage.store import Damaged, clean_location, copy_rows, is_server


def cmd_team(args: argparse.Namespace) -> int:
    raise InputError("review team: say what to do (review team add NAME --role ROLE)")


def cmd_team_add(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        name = project.reviewer_name(args.name, "a reviewer's name")
        project.store.add_member(name, args.role.strip())
        print(f"{name!r} now works as role {args.role.strip()!r}: it reads the project and "
              "records only under that name")  # fmt: skip
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        target = args.to.strip()
        if is_server(target):
            location, dropped = clean_location(target)
            if dropped:
                print(NOT_KEPT.format(", ".join(dropped)), file=sys.stderr)
            with Store(target, create=True) as store:
                store.set_setting("protocol", (project.root / PROTOCOL_FILE).read_text("utf-8"))
                copied = copy_rows(project.store, store)
                where = store.location
            print(f"Copied {sum(copied.values())} rows of {len(copied)} tables to {where}.")
            print(f"On each machine: review init DIR --database '{location}'")
            return 0
        folder = Path(target)
        if folder.exists() and any(folder.iterdir()):
            raise ProjectError(f"{folder} is not empty: copy into a new folder")
        write_folder(folder, project.root / PROTOCOL_FILE)
        try:
            with Store(folder / DATABASE_FILE, create=True) as store:
                copied = copy_rows(project.store, store)
        except BaseException:
            for name in (DATABASE_FILE, PROTOCOL_FILE):
                (folder / name).unlink(missing_ok=True)
            raise
    print(f"Copied {sum(copied.values())} rows of {len(copied)} tables to {folder}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    root = root_of(args)
    try:
        opened = open_project(root)
    except Damaged as exc:
        print(f"{database_of(root)}: damaged: {exc}")
        return 1
    with opened as project:
        where = project.store.location
        try:
            problems = project.store.problems()
        except Damaged as exc:  # too damaged for the check to finish
            problems = [f"damaged: {exc}"]
    if problems:
        print(f"{where}: {len(problems)} problem(s):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(f"{where}: whole, and every guard in place")
    return 0
