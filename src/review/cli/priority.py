"""Prioritised screening's commands: `review simulate` on a labelled file, `review stop`."""

from __future__ import annotations

import argparse
from pathlib import Path

from review.base.errors import InputError
from review.cli.opening import project_of
from review.cli.output import print_json
from review.screening.priority.features import build_features
from review.screening.priority.guidance import stop_stage, undo_stop
from review.screening.priority.labelled import read_labelled
from review.screening.priority.simulate import draw_priors, screening_figures, simulate

FIGURES = (
    ("records", "records"),
    ("includes", "includes"),
    ("wss95", "WSS@95"),
    ("wss100", "WSS@100"),
    ("recall10", "recall after 10%"),
    ("recall25", "recall after 25%"),
    ("recall50", "recall after 50%"),
    ("records_to_95", "records to 95% recall"),
    ("atd", "ATD (share screened per include found)"),
    ("seconds", "wall time (s)"),
)


def cmd_simulate(args: argparse.Namespace) -> int:
    labelled = read_labelled(Path(args.file), args.label)
    labels = [labelled.labels[r] for r in labelled.record_ids]
    try:
        priors = draw_priors(
            labelled.record_ids, labels, args.prior_included, args.prior_excluded, args.seed
        )
    except ValueError as exc:
        raise InputError(f"{args.file}: cannot draw the priors asked for: {exc}") from None
    features = build_features(labelled.record_ids, labelled.texts)
    run = simulate(features, labelled.labels, priors)
    figures = {**screening_figures(run.order, labelled.labels), "seconds": run.seconds}
    figures["retrains"] = run.retrains
    if args.order_out:
        Path(args.order_out).write_text("".join(f"{r}\n" for r in run.order), encoding="utf-8")
    if args.json:
        print_json({**figures, "priors": run.priors})
        return 0
    for key, label in FIGURES:
        value = figures[key]
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{label:40} {shown}")
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        if args.undo:
            undo_stop(project, args.stage, args.by)
            print(f"The stop of {args.stage} is taken back: its records are open again")
            return 0
        done = stop_stage(project, args.stage, args.by, args.rule or "")
    if args.json:
        print_json(done)
        return 0
    print(
        f"Stopped {done['stage']} by {done['rule']!r} ({done['by']}): "
        f"{done['excluded_by_rule']} records nobody decided are excluded by the stopping rule; "
        f"{done['waiting_for_a_second_reviewer']} decided by one reviewer still need the other"
    )
    return 0
