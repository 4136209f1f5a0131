"""Reporting commands: `review status`, `review prisma` and `review export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.base.errors import InputError
from review.cli.appraisal import export_appraisals
from review.cli.opening import project_of
from review.cli.output import print_json
from review.reporting.exports.runner import run_export
from review.reporting.prisma import compute_flow
from review.reporting.prisma.outputs import default_prisma_path, prisma_output, write_prisma
from review.reporting.status import project_status, status_text

BY_EXTENSION = {".csv": "csv", ".ris": "ris", ".bib": "bibtex", ".parquet": "parquet",
                ".md": "md", ".svg": "svg"}  # fmt: skip


def cmd_status(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        viewer = project.existing_reviewer(args.viewer) if args.viewer else None
        status = project_status(project, viewer=viewer)
    if args.json:
        print_json(status.as_dict())
    else:
        print(status_text(status))
    return 0


def cmd_prisma(args: argparse.Namespace) -> int:
    with project_of(args) as project:
        flow = compute_flow(project)
        output = args.output
        if output is None and args.fmt in ("csv", "svg"):
            output = default_prisma_path(project, args.fmt)
        if output is None or output == "-":
            sys.stdout.write(prisma_output(args.fmt, flow))
            return 0
        target = write_prisma(project, flow, args.fmt, output)
    print(f"Wrote the PRISMA 2020 flow ({args.fmt}) to {target}")
    for note in flow.notes:
        print(f"  note: {note}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.fmt is None:  # the -o file's extension, else CSV
        suffix = Path(args.output).suffix.lower() if args.output not in (None, "-") else ""
        if suffix and suffix not in BY_EXTENSION:
            raise InputError(
                f"{args.output}: no export format for {suffix} files; give --format "
                f"({', '.join(sorted(set(BY_EXTENSION.values())))})"
            )
        args.fmt = BY_EXTENSION.get(suffix, "csv")
    with project_of(args) as project:
        if args.what == "appraisals":
            export_appraisals(project, args.fmt, args.output, args.viewer, args.unblind)
            return 0
        if args.fmt == "svg":
            raise InputError("--format svg is for `export appraisals` (and `review prisma`)")
        result = run_export(project, args.what, args.fmt, args.output, args.viewer, args.unblind)
    if result.target is not None:
        unit = "records" if result.format in ("ris", "bibtex") else "rows"
        print(f"Wrote {result.rows} {unit} ({result.format}) to {result.target}")
    return 0
