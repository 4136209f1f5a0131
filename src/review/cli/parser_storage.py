"""The parser of the storage commands: `team add`, `copy` and `check`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _command(sub: Subparsers, name: str, handler: str, summary: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=summary, description=summary)
    p.set_defaults(handler=f"review.cli.storage:{handler}")
    return p


def add_storage_parsers(sub: Subparsers) -> None:
    team = sub.add_parser("team", help="the reviewers of a project on PostgreSQL")
    team.set_defaults(handler="review.cli.storage:cmd_team")
    actions = team.add_subparsers(dest="team_action", metavar="ACTION")
    p = _command(
        actions, "add", "cmd_team_add", "tie a reviewer's name to a database role and grant "
        "it what a reviewer needs (run by the project's owner)",
    )  # fmt: skip
    p.add_argument("name", help="the reviewer's name, as the protocol and decisions write it")
    p.add_argument(
        "--role", required=True, help="an existing PostgreSQL role (made with createuser)"
    )
    p = _command(
        sub, "copy", "cmd_copy", "copy the whole project (every row, history included) to a "
        "new folder (SQLite) or an empty PostgreSQL database",
    )  # fmt: skip
    p.add_argument(
        "--to", required=True, metavar="DIR|URI", help="a new project folder, or postgresql://..."
    )
    _command(
        sub, "check", "cmd_check", "check the project's database: whole (SQLite's "
        "integrity_check), ours, and every append-only trigger and blinding policy in place",
    )  # fmt: skip
