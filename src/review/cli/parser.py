"""The command line's parser: every command, its arguments, and its handler as "module:function"."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from review import __version__
from review.base.models import SOURCE_KINDS, STAGES
from review.cli.parser_storage import add_storage_parsers
from review.cli.priority_parser import add_priority_parsers
from review.reporting.exports.kinds import FORMATS, export_kinds

PRISMA_FORMATS = ("text", "json", "csv", "svg")
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    """The `review` parser; its modules import none of the core, so --help stays light."""
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
    parser.set_defaults(handler="review.cli.project:cmd_open")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_project_parsers(sub)
    add_identification_parsers(sub)
    add_status_parser(sub)
    add_screening_parsers(sub)
    add_dedup_parser(sub)
    add_appraisal_parser(sub)
    add_report_parsers(sub)
    add_priority_parsers(sub)
    add_storage_parsers(sub)
    _project_after_the_command(sub)
    return parser


def command(sub: Subparsers, name: str, handler: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand run by handler ("module:function" under review.cli)."""
    p: argparse.ArgumentParser = sub.add_parser(name, **kwargs)
    p.set_defaults(handler=f"review.cli.{handler}")
    return p


def _project_after_the_command(sub: Subparsers) -> None:
    """--project DIR is also taken after a command (`review status --project DIR`)."""
    for parser in sub.choices.values():
        parser.add_argument(
            "--project", metavar="DIR", default=argparse.SUPPRESS, help="project folder"
        )
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _project_after_the_command(action)


def add_project_parsers(sub: Subparsers) -> None:
    """`init` and `demo`."""
    p = command(
        sub, "init", "project:cmd_init", help="create a project: DIR/review.toml + DIR/review.db"
    )
    p.add_argument("dir", nargs="?", help="project folder (default: the project folder)")
    p.add_argument(
        "--protocol", metavar="FILE", help="protocol TOML (default: the partnerships example)"
    )
    p.add_argument("--database", metavar="URI", help="keep the data in this (empty) PostgreSQL "
                   "database, e.g. postgresql://HOST:PORT/DBNAME; one holding a project: work "
                   "on it from this folder")  # fmt: skip
    p = command(
        sub, "demo", "project:cmd_demo", help="build the partnerships demo project and open it"
    )
    p.add_argument("dir", nargs="?", default="demo", help="folder to build it in (default: demo)")
    p.add_argument("--no-open", action="store_true", help="only build it")
    p.add_argument("--reviewer", metavar="NAME", dest="demo_reviewer")


def add_identification_parsers(sub: Subparsers) -> None:
    """`import`, `add` and `sources` (with `sources add`)."""
    _import_parser(sub)
    _add_parser(sub)
    p = command(
        sub,
        "sources",
        "identification:cmd_sources",
        help="the search log: each source and its records",
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--warnings", action="store_true", help="list what each import skipped")
    actions = p.add_subparsers(dest="sources_action", metavar="add")
    add_source_arguments(
        actions.add_parser("add", help="log a source with a reported count and no records")
    )


def _import_parser(sub: Subparsers) -> None:
    p = command(
        sub,
        "import",
        "identification:cmd_import",
        help="import search results, each file logged as a source",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--source", metavar="NAME", help="source name, e.g. 'MEDLINE (Ovid)'")
    p.add_argument("--kind", choices=SOURCE_KINDS, default="database")
    p.add_argument("--searched", metavar="DATE", help="date the search was run (YYYY-MM-DD)")
    p.add_argument("--query", metavar="TEXT", help="the search string")
    p.add_argument(
        "--format",
        metavar="FMT",
        dest="fmt",
        help="force a format: ris, nbib, bibtex, endnote-xml, wos, ovid, ovid-tagged, refer, csv",
    )
    p.add_argument("--encoding", metavar="NAME", help="the file's encoding (else detected)")
    p.add_argument("--strict", action="store_true", help="refuse, not warn, what would be skipped")
    p.add_argument(
        "--map",
        metavar="FIELD=COLUMN",
        action="append",
        default=[],
        help="CSV: read FIELD from COLUMN (repeatable)",
    )
    p.add_argument("--count", type=int, metavar="N", help="the record count the database reported")
    p.add_argument("--force", action="store_true", help="import a file already imported")


def _add_parser(sub: Subparsers) -> None:
    p = command(
        sub,
        "add",
        "identification:cmd_add",
        help="add one record by hand (web page, report, grey literature)",
    )
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
    p.set_defaults(handler="review.cli.identification:cmd_sources_add")


def add_status_parser(sub: Subparsers) -> None:
    """`status`."""
    p = command(sub, "status", "reporting:cmd_status", help="a summary of the project")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--reviewer",
        metavar="NAME",
        dest="viewer",
        help="while blind, show this reviewer's own counts",
    )


def add_screening_parsers(sub: Subparsers) -> None:
    """`screen`, `decide`, `reconcile`, `resolve`, `link`, `retrieve` and `agreement`."""
    _view_parser(sub, "screen", "screening:cmd_screen", "open the screening view")
    _decide_parser(sub)
    _view_parser(sub, "reconcile", "screening:cmd_reconcile", "open the reconciliation view")
    _resolve_parser(sub)
    _link_parser(sub)
    _retrieve_parser(sub)
    p = command(
        sub,
        "agreement",
        "screening:cmd_agreement",
        help="percent agreement, Cohen's kappa and PABAK",
    )
    p.add_argument("--stage", choices=STAGES, help="one stage (default: every stage)")
    p.add_argument("--json", action="store_true")


def _view_parser(sub: Subparsers, name: str, handler: str, summary: str) -> None:
    p = command(sub, name, handler, help=summary)
    p.add_argument("--stage", choices=STAGES, default="title-abstract")
    p.add_argument("--reviewer", metavar="NAME", dest="screen_reviewer")


def _decide_parser(sub: Subparsers) -> None:
    p = command(
        sub,
        "decide",
        "screening:cmd_decide",
        help="record decisions from a CSV file",
        description="Record decisions from a CSV file (comma, semicolon or tab separated) with "
        "the columns record_id (this project's id) or source_record_id (the id in the source), "
        "decision (include, exclude or unsure), and optionally reason (an exclusion reason's "
        "code) and note. Nothing is recorded if any row is wrong; every wrong row is named.",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--reviewer", required=True, metavar="NAME", dest="decide_reviewer")
    p.add_argument("--stage", choices=STAGES, required=True)


def _resolve_parser(sub: Subparsers) -> None:
    p = command(
        sub,
        "resolve",
        "screening:cmd_resolve",
        help="record agreed decisions from a CSV file",
        description="Record agreed decisions on disagreements from a CSV file with the columns "
        "record_id or source_record_id, decision, and optionally reason, method (consensus, the "
        "default, or third-reviewer) and note. Only records the reviewers decided differently "
        "can be resolved; nothing is recorded if any row is wrong.",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--by", required=True, metavar="NAME", help="who recorded the outcome")
    p.add_argument("--stage", choices=STAGES, required=True)


def _link_parser(sub: Subparsers) -> None:
    p = command(
        sub,
        "link",
        "screening:cmd_link",
        help="link a report to the study it belongs to (PRISMA counts)",
    )
    p.add_argument("report", type=int, metavar="REPORT_ID", help="record_id of the report")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--study", type=int, metavar="STUDY_ID", help="record_id of the study's main report"
    )
    group.add_argument("--unlink", action="store_true", help="make the report a study again")
    p.add_argument("--by", default="", metavar="NAME", help="who links it")


def _retrieve_parser(sub: Subparsers) -> None:
    p = command(
        sub,
        "retrieve",
        "screening:cmd_retrieve",
        help="mark full texts retrieved (a file or URL, or a folder of PDFs matched) or not",
    )
    p.add_argument("records", type=int, nargs="*", metavar="RECORD_ID")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--location", metavar="PATH_OR_URL", help="where the full text is")
    group.add_argument("--not-retrieved", metavar="REASON", help="why it could not be had")
    group.add_argument(
        "--folder",
        metavar="DIR",
        help="match the PDFs in DIR to the records at full text (DOI, PMID, or author, year "
        "and title, in the file name or the PDF's metadata) and say what matched",
    )
    p.add_argument("--dry-run", action="store_true", help="--folder: only say what matches")
    p.add_argument("--by", required=True, metavar="NAME", help="who marks it")


def add_dedup_parser(sub: Subparsers) -> None:
    """`dedup`."""
    p = command(
        sub,
        "dedup",
        "dedup:cmd_dedup",
        help="find duplicates; merge the certain (--auto), queue the possible",
        description=(
            "Compare every record with its plausible partners. Certain pairs are merged with "
            "--auto (links to a canonical record; nothing is deleted); possible pairs are "
            "queued for a person (the app's duplicates view)."
        ),
    )
    p.add_argument("--auto", action="store_true", help="merge the certain pairs now")
    p.add_argument(
        "--undo",
        metavar="RECORD_ID",
        help="split this record off its cluster (a canonical record: split every member off)",
    )
    p.add_argument(
        "--merge",
        nargs=2,
        metavar="RECORD_ID",
        help="a person's call: these two records are one work (merges their clusters)",
    )
    p.add_argument(
        "--separate",
        nargs=2,
        metavar="RECORD_ID",
        help="a person's call: these two records are different works (never merged again)",
    )
    p.add_argument("--by", metavar="NAME", default=None, help="who decides (default: auto)")
    p.add_argument("--list", action="store_true", help="list the pairs waiting in the queue")
    p.add_argument(
        "--merged",
        action="store_true",
        help="list the merged clusters: each record, how and by whom it was merged",
    )
    p.add_argument("--json", action="store_true", help="print a JSON summary")


def add_appraisal_parser(sub: Subparsers) -> None:
    """`appraise`."""
    p = command(
        sub,
        "appraise",
        "appraisal:cmd_appraise",
        help="open the appraisal view, or record answers from a CSV file",
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


def add_report_parsers(sub: Subparsers) -> None:
    """`prisma` and `export`."""
    p = command(sub, "prisma", "reporting:cmd_prisma", help="PRISMA 2020 flow: counts and diagram")
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
    _export_parser(sub)


def _export_parser(sub: Subparsers) -> None:
    kinds = export_kinds()
    p = command(
        sub, "export", "reporting:cmd_export", help="write " + ", ".join(kinds) + " to a file"
    )
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
