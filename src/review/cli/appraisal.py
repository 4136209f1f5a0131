"""`review appraise` (the view, or designs and answers from the command line) and the
appraisal table `review export appraisals` writes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.appraisal.csv_answers import import_answers
from review.appraisal.setup import appraisal_setup
from review.appraisal.studies import check_design, included_studies, record_design, why_not_a_study
from review.base.errors import InputError
from review.cli.opening import OpenApp
from review.project import Project, open_project, resolve_root
from review.reporting.exports.appraisals import export_appraisals as write_appraisals


def _designs(pairs: list[str]) -> list[tuple[int, str]]:
    found = []
    for pair in pairs:
        rid, sep, design = pair.partition("=")
        if not sep or not (rid.strip().isascii() and rid.strip().isdigit()) or not design.strip():
            raise InputError(f"--design expects RECORD_ID=DESIGN, not {pair!r}")
        found.append((int(rid), design.strip()))
    return found


def cmd_appraise(args: argparse.Namespace) -> int | OpenApp:
    root = resolve_root(args.project)
    reviewer = getattr(args, "appraise_reviewer", None) or getattr(args, "reviewer", None)
    designs = _designs(args.design)
    if not args.answers_file and not designs:
        with open_project(root) as project:
            appraisal_setup(project)  # a clear error before the terminal switches to the app
        return OpenApp(root, reviewer=reviewer, start="appraise")
    if not reviewer:
        raise InputError("--reviewer NAME is required to record designs or answers")
    with open_project(root) as project:
        _record(project, reviewer, designs, args.answers_file)
    return 0


def _record(
    project: Project, reviewer: str, designs: list[tuple[int, str]], answers_file: str | None
) -> None:
    """Designs and answers in one step: every one is checked before any is stored."""
    setup = appraisal_setup(project)
    included = set(included_studies(project))
    checked = []
    for rid, design in designs:
        if rid not in included:
            raise InputError(why_not_a_study(project, rid))
        checked.append((rid, check_design(setup, design)))
    with project.store.transaction():
        for rid, design in checked:
            record_design(project, setup, rid, reviewer, design)
        found = (
            import_answers(project, setup, Path(answers_file), reviewer) if answers_file else None
        )
    for rid, design in checked:
        print(f"Recorded design {design} for study {rid} by {reviewer}")
    if found is not None:
        studies = len({a.record_id for a in found.answers})
        print(f"Recorded {len(found.answers)} answers on {studies} studies by {reviewer}")


def export_appraisals(
    project: Project,
    fmt: str,
    target: Path | str | None = None,
    viewer: str | None = None,
    unblind: bool = False,
) -> None:
    """Write the appraisal table for `review export appraisals`; says what was written (on
    standard error when the table itself went to standard output)."""
    result = write_appraisals(project, fmt, target, viewer=viewer, unblind=unblind)
    print(result.summary(), file=sys.stderr if result.to_stdout else sys.stdout)
