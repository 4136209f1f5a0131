"""The `review appraise` command and the appraisal export the `review export` command calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.base.errors import InputError
from review.project import Project, open_project, resolve_root


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add `appraise` to the CLI's subcommands."""
    p = sub.add_parser(
        "appraise", help="open the appraisal view, or record answers from a CSV file"
    )
    p.add_argument("--reviewer", metavar="NAME", dest="appraise_reviewer")
    p.add_argument(
        "--from",
        metavar="FILE.csv",
        dest="answers_file",
        help="answers made elsewhere: record_id, checklist, item, answer, note "
        "(optional quote, value, design)",
    )
    p.add_argument(
        "--design",
        metavar="RECORD_ID=DESIGN",
        action="append",
        default=[],
        help="record a study's design (repeatable), e.g. 12=qualitative",
    )
    p.set_defaults(handler=cmd_appraise)


def _designs(pairs: list[str]) -> list[tuple[int, str]]:
    found = []
    for pair in pairs:
        rid, sep, design = pair.partition("=")
        if not sep or not (rid.strip().isascii() and rid.strip().isdigit()) or not design.strip():
            raise InputError(f"--design expects RECORD_ID=DESIGN, not {pair!r}")
        found.append((int(rid), design.strip()))
    return found


def cmd_appraise(args: argparse.Namespace) -> int:
    from review.appraisal.csv_answers import import_answers
    from review.appraisal.setup import appraisal_setup
    from review.appraisal.studies import (
        check_design,
        included_studies,
        record_design,
        why_not_a_study,
    )

    root = resolve_root(args.project)
    reviewer = getattr(args, "appraise_reviewer", None) or getattr(args, "reviewer", None)
    designs = _designs(args.design)
    if not args.answers_file and not designs:
        with open_project(root) as project:
            appraisal_setup(project)  # a clear error before the terminal switches to the app
        from review.tui.app import run_app

        return run_app(root, reviewer=reviewer, start="appraise")
    if not reviewer:
        raise InputError("--reviewer NAME is required to record designs or answers")
    with open_project(root) as project:
        setup = appraisal_setup(project)
        included = set(included_studies(project))
        checked = []
        for rid, design in designs:  # every design and answer checked before any is stored
            if rid not in included:
                raise InputError(why_not_a_study(project, rid))
            checked.append((rid, check_design(setup, design)))
        with project.store.transaction():
            for rid, design in checked:
                record_design(project, setup, rid, reviewer, design)
            found = (
                import_answers(project, setup, Path(args.answers_file), reviewer)
                if args.answers_file
                else None
            )
        for rid, design in checked:
            print(f"Recorded design {design} for study {rid} by {reviewer}")
        if found is not None:
            studies = len({a.record_id for a in found.answers})
            print(f"Recorded {len(found.answers)} answers on {studies} studies by {reviewer}")
    return 0


def export_appraisals(
    project: Project,
    fmt: str,
    target: Path | str | None = None,
    viewer: str | None = None,
    unblind: bool = False,
) -> None:
    """Write the appraisal table for `review export appraisals`; says what was written (on
    standard error when the table itself went to standard output)."""
    from review.reporting.exports.appraisals import export_appraisals as write

    result = write(project, fmt, target, viewer=viewer, unblind=unblind)
    print(result.summary(), file=sys.stderr if result.to_stdout else sys.stdout)
