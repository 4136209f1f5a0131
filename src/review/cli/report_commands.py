"""Report commands: `review prisma`, `review export`, and `review sources add` (counts only)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from review.base.errors import InputError, ProjectError
from review.base.models import SOURCE_KINDS
from review.project import Project, open_project, resolve_root

if TYPE_CHECKING:
    from review.reporting.prisma.flow import PrismaFlow

PRISMA_FORMATS = ("text", "json", "csv", "svg")
PRISMA_EXTENSIONS = {"text": "txt", "json": "json", "csv": "csv", "svg": "svg"}


def _open(args: argparse.Namespace) -> Project:
    return open_project(resolve_root(args.project))


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add `prisma` and `export` to the CLI's subcommands (each sets args.handler)."""
    from review.reporting.exports.runner import FORMATS, export_kinds

    p = sub.add_parser("prisma", help="PRISMA 2020 flow: counts and diagram")
    p.add_argument(
        "--format",
        choices=PRISMA_FORMATS,
        default="text",
        dest="fmt",
        help="text (default), json (PRISMA2020 field names), csv (the PRISMA2020 R "
        "package's template, filled), svg (the diagram)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE ('-' for standard output; default: standard output for "
        "text and json, exports/prisma.csv or exports/prisma.svg otherwise)",
    )
    p.set_defaults(handler=cmd_prisma)

    kinds = export_kinds()
    p = sub.add_parser("export", help="write " + ", ".join(kinds) + " to a file")
    p.add_argument("what", choices=kinds)
    p.add_argument(
        "--format",
        choices=(*FORMATS, "svg"),
        default=None,
        dest="fmt",
        help="csv (default, or what the -o file's extension says), ris, bibtex, parquet or "
        "md, where it fits what is exported; svg: the appraisal traffic-light figure",
    )
    p.add_argument(
        "--reviewer",
        metavar="NAME",
        dest="viewer",
        help="decisions: only what this reviewer may see while screening is blind",
    )
    p.add_argument(
        "--unblind",
        action="store_true",
        help="decisions: export every reviewer's decisions even while blind",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="output file ('-' for standard output; default: exports/WHAT.EXT)",
    )
    p.set_defaults(handler=cmd_export)


def add_source_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `review sources add NAME --count N --kind KIND`."""
    p.add_argument("name", metavar="NAME", help="the source, e.g. 'COPAC' or 'IDeA website'")
    p.add_argument(
        "--count",
        type=int,
        metavar="N",
        help="records the search reported (leave out if it was not reported)",
    )
    p.add_argument("--kind", choices=SOURCE_KINDS, default="database")
    p.add_argument("--searched", metavar="DATE", help="date searched (YYYY-MM-DD)")
    p.add_argument("--query", metavar="TEXT", help="the search string")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sources_add)


def _prisma_output(fmt: str, flow: PrismaFlow) -> str:
    from review.reporting.prisma.fields import flow_fields
    from review.reporting.prisma.svg import render_svg
    from review.reporting.prisma.template_csv import prisma_csv
    from review.reporting.prisma.text import render_text

    if fmt == "json":
        return json.dumps(flow_fields(flow), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return prisma_csv(flow)
    if fmt == "svg":
        return render_svg(flow)
    return render_text(flow) + "\n"


def cmd_prisma(args: argparse.Namespace) -> int:
    from review.reporting.prisma import compute_flow

    with _open(args) as project:
        flow = compute_flow(project)
        content = _prisma_output(args.fmt, flow)
        output = args.output
        if output is None and args.fmt in ("csv", "svg"):
            output = project.exports_dir / f"prisma.{PRISMA_EXTENSIONS[args.fmt]}"
        elif output not in (None, "-"):
            project.check_output(output)
    if output is None or output == "-":
        sys.stdout.write(content)
        return 0
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))  # bytes: the template's CRLF stays as is
    except OSError as exc:
        raise ProjectError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"Wrote the PRISMA 2020 flow ({args.fmt}) to {target}")
    for note in flow.notes:
        print(f"  note: {note}", file=sys.stderr)
    return 0


BY_EXTENSION = {".csv": "csv", ".ris": "ris", ".bib": "bibtex", ".parquet": "parquet",
                ".md": "md", ".svg": "svg"}  # fmt: skip


def cmd_export(args: argparse.Namespace) -> int:
    from review.reporting.exports.runner import run_export

    if args.fmt is None:  # the -o file's extension, else CSV
        suffix = Path(args.output).suffix.lower() if args.output not in (None, "-") else ""
        if suffix and suffix not in BY_EXTENSION:
            raise InputError(
                f"{args.output}: no export format for {suffix} files; give --format "
                f"({', '.join(sorted(set(BY_EXTENSION.values())))})"
            )
        args.fmt = BY_EXTENSION.get(suffix, "csv")
    with _open(args) as project:
        if args.what == "appraisals":
            from review.cli.appraisal_commands import export_appraisals

            export_appraisals(project, args.fmt, args.output, args.viewer, args.unblind)
            return 0
        if args.fmt == "svg":
            raise InputError("--format svg is for `export appraisals` (and `review prisma`)")
        result = run_export(project, args.what, args.fmt, args.output, args.viewer, args.unblind)
    if result.target is not None:
        unit = "records" if result.format in ("ris", "bibtex") else "rows"
        print(f"Wrote {result.rows} {unit} ({result.format}) to {result.target}")
    return 0


def cmd_sources_add(args: argparse.Namespace) -> int:
    from review.reporting.prisma.logged_sources import add_counted_source

    with _open(args) as project:
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
