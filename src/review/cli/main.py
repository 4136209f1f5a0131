"""Command line: parses arguments, calls the core, prints. Bare `review` opens the app."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from review import __version__
from review.base.errors import ReviewError, StorageError
from review.base.models import SOURCE_KINDS, STAGES
from review.storage.store import InterruptedAfterSaving


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="review",
        description="Screening and critical appraisal for systematic reviews. "
        "With no command, opens the app on the project.",
    )
    parser.add_argument("--version", action="version", version=f"review {__version__}")
    parser.add_argument(
        "--project",
        metavar="DIR",
        help="project folder (default: $REVIEW_PROJECT or the current folder)",
    )
    parser.add_argument("--reviewer", metavar="NAME", help="who is working (for the app)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a project: DIR/review.toml + DIR/review.db")
    p.add_argument("dir", nargs="?", help="project folder (default: the project folder)")
    p.add_argument(
        "--protocol", metavar="FILE", help="protocol TOML (default: the partnerships example)"
    )

    p = sub.add_parser("demo", help="build the partnerships demo project and open it")
    p.add_argument("dir", nargs="?", default="demo", help="folder to build it in (default: demo)")
    p.add_argument("--no-open", action="store_true", help="only build it")
    p.add_argument("--reviewer", metavar="NAME", dest="demo_reviewer")

    p = sub.add_parser("import", help="import search results, each file logged as a source")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--source", metavar="NAME", help="source name, e.g. 'MEDLINE (Ovid)'")
    p.add_argument("--kind", choices=SOURCE_KINDS, default="database")
    p.add_argument("--searched", metavar="DATE", help="date the search was run (YYYY-MM-DD)")
    p.add_argument("--query", metavar="TEXT", help="the search string")
    p.add_argument(
        "--format",
        metavar="FMT",
        dest="fmt",
        help="force a format: ris, nbib, bibtex, endnote-xml, wos, ovid, refer, csv",
    )
    p.add_argument(
        "--map",
        metavar="FIELD=COLUMN",
        action="append",
        default=[],
        help="CSV: read FIELD from COLUMN (repeatable)",
    )
    p.add_argument("--count", type=int, metavar="N", help="the record count the database reported")
    p.add_argument("--force", action="store_true", help="import a file already imported")

    p = sub.add_parser("add", help="add one record by hand (web page, report, grey literature)")
    p.add_argument("--title", required=True)
    p.add_argument("--source", required=True, metavar="NAME", help="e.g. 'King's Fund website'")
    p.add_argument("--kind", choices=SOURCE_KINDS, default="website")
    p.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME",
        help="an author (repeatable), e.g. 'Hunter, D. J.'",
    )
    p.add_argument("--year")
    p.add_argument("--url")
    p.add_argument("--accessed", metavar="DATE", help="date accessed (YYYY-MM-DD)")
    p.add_argument("--journal", metavar="NAME", help="journal, series or publisher")
    p.add_argument("--doi")
    p.add_argument("--abstract")
    p.add_argument("--type", help="record type (default: web page)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sources", help="the search log: each source and its records")
    p.add_argument("--json", action="store_true")
    from review.cli.report_commands import add_source_arguments

    actions = p.add_subparsers(dest="sources_action", metavar="add")
    add_source_arguments(
        actions.add_parser("add", help="log a source with a reported count and no records")
    )

    p = sub.add_parser("status", help="a summary of the project")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--reviewer",
        metavar="NAME",
        dest="viewer",
        help="while blind, show this reviewer's own counts",
    )

    p = sub.add_parser("screen", help="open the screening view")
    p.add_argument("--stage", choices=STAGES, default="title-abstract")
    p.add_argument("--reviewer", metavar="NAME", dest="screen_reviewer")

    p = sub.add_parser(
        "decide",
        help="record decisions from a CSV file",
        description="Record decisions from a CSV file (comma, semicolon or tab separated) with "
        "the columns record_id (this project's id) or source_record_id (the id in the source), "
        "decision (include, exclude or unsure), and optionally reason (an exclusion reason's "
        "code) and note. Nothing is recorded if any row is wrong; every wrong row is named.",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--reviewer", required=True, metavar="NAME", dest="decide_reviewer")
    p.add_argument("--stage", choices=STAGES, required=True)

    p = sub.add_parser("reconcile", help="open the reconciliation view")
    p.add_argument("--stage", choices=STAGES, default="title-abstract")
    p.add_argument("--reviewer", metavar="NAME", dest="screen_reviewer")

    p = sub.add_parser(
        "resolve",
        help="record agreed decisions from a CSV file",
        description="Record agreed decisions on disagreements from a CSV file with the columns "
        "record_id or source_record_id, decision, and optionally reason, method (consensus, the "
        "default, or third-reviewer) and note. Only records the reviewers decided differently "
        "can be resolved; nothing is recorded if any row is wrong.",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--by", required=True, metavar="NAME", help="who recorded the outcome")
    p.add_argument("--stage", choices=STAGES, required=True)

    p = sub.add_parser("link", help="link a report to the study it belongs to (PRISMA counts)")
    p.add_argument("report", type=int, metavar="REPORT_ID", help="record_id of the report")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--study", type=int, metavar="STUDY_ID", help="record_id of the study's main report"
    )
    group.add_argument("--unlink", action="store_true", help="make the report a study again")
    p.add_argument("--by", default="", metavar="NAME", help="who links it")

    p = sub.add_parser("retrieve", help="mark full texts retrieved (path or URL) or not")
    p.add_argument("records", type=int, nargs="+", metavar="RECORD_ID")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--location", metavar="PATH_OR_URL", help="where the full text is")
    group.add_argument("--not-retrieved", metavar="REASON", help="why it could not be had")
    p.add_argument("--by", required=True, metavar="NAME", help="who marks it")

    p = sub.add_parser("agreement", help="percent agreement, Cohen's kappa and PABAK")
    p.add_argument("--stage", choices=STAGES, help="one stage (default: every stage)")
    p.add_argument("--json", action="store_true")

    from review.cli import appraisal_commands, dedup_commands

    dedup_commands.add_parsers(sub)
    appraisal_commands.add_parsers(sub)

    from review.cli.report_commands import add_parsers as add_report_parsers

    add_report_parsers(sub)
    _project_after_the_command(sub)
    return parser


def _project_after_the_command(sub: argparse._SubParsersAction) -> None:
    """--project DIR is also taken after a command (`review status --project DIR`)."""
    for command in sub.choices.values():
        command.add_argument(
            "--project", metavar="DIR", default=argparse.SUPPRESS, help="project folder"
        )
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _project_after_the_command(action)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from review.cli import commands

        if args.command is None:
            return commands.open_app(args)
        handler = getattr(args, "handler", None) or getattr(commands, "cmd_" + args.command)
        return handler(args)
    except ReviewError as exc:
        print(f"review: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except InterruptedAfterSaving:
        print("review: interrupted just after the step was saved (it is saved)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "review: interrupted; a step that had not finished saved nothing "
            "(review status shows what is there)",
            file=sys.stderr,
        )
        return 1
    except OverflowError:  # a number beyond what the database holds
        print("review: error: a number given is too large", file=sys.stderr)
        return 2
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a path that is a folder, a file without permission, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"review: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except StorageError as exc:  # a damaged database, or a full disk
        print(f"review: error: the project database: {exc}", file=sys.stderr)
        return 2


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
