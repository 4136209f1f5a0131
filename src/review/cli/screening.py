"""Screening commands: the screening and reconciliation views, decisions and agreed decisions
from files, agreement, full-text retrieval, and reports linked to their studies."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.base.errors import InputError
from review.cli.opening import OpenApp, app_on, project_of
from review.cli.output import print_json
from review.project import Project
from review.screening.agreement import agreement_text, stage_agreement
from review.screening.decision_files import read_decisions
from review.screening.fulltext_folder import attach_folder, folder_text, match_folder
from review.screening.outcomes import stage_record_ids
from review.screening.queue import check_stage
from review.screening.reconcile import read_resolutions
from review.screening.retrieval import mark_not_retrieved, mark_retrieved
from review.screening.studies import link_report


def cmd_screen(args: argparse.Namespace) -> OpenApp:
    return app_on(args, start="screen", stage=args.stage, reviewer=args.screen_reviewer)


def cmd_reconcile(args: argparse.Namespace) -> OpenApp:
    return app_on(args, start="reconcile", stage=args.stage, reviewer=args.screen_reviewer)


def cmd_decide(args: argparse.Namespace) -> int:
    warnings: list[str] = []
    with project_of(args) as project:
        path = Path(args.file)
        rows = read_decisions(project, path, args.stage, args.decide_reviewer, warnings)
        project.store.add_decisions(rows)
        who = project.reviewer_name(args.decide_reviewer, "--reviewer NAME")
    print(f"Recorded {len(rows)} {args.stage} decisions by {who}")
    for warning in warnings:
        print(f"review: warning: {warning}", file=sys.stderr)
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        rows = read_resolutions(project, Path(args.file), args.stage, args.by)
        project.store.add_resolutions(rows)
        who = project.reviewer_name(args.by, "--by NAME")
    print(f"Recorded {len(rows)} {args.stage} resolutions by {who}")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        stages = [check_stage(project, args.stage)] if args.stage else project.protocol.stages
        results = [stage_agreement(project, stage) for stage in stages]
    if args.json:
        print_json({r.stage: r.as_dict() for r in results})
    else:
        print("\n\n".join(agreement_text(r) for r in results))
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    with project_of(args) as project:
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
    with project_of(args) as project:
        if "full-text" not in project.protocol.stages:
            raise InputError("this protocol has no full-text stage")
        args.by = project.reviewer_name(args.by, "--by NAME")
        if args.folder is not None:
            return _retrieve_folder(project, Path(args.folder), args)
        if not args.records:
            raise InputError("give the RECORD_ID of each full text (or --folder DIR)")
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


def _retrieve_folder(project: Project, folder: Path, args: argparse.Namespace) -> int:
    if args.records:
        raise InputError("--folder matches the records itself: give no RECORD_ID with it")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder")
    if args.dry_run:
        found = match_folder(project, folder)
    else:
        found = attach_folder(project, folder, args.by)
    print(folder_text(found, project))
    if args.dry_run:
        print("(dry run: nothing was marked)")
    return 0
