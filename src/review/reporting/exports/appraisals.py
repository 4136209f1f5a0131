"""Writing the appraisal table as CSV, Markdown, Parquet or the SVG traffic-light figure."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TextIO, cast

from review.appraisal.answers import finished_by
from review.appraisal.setup import appraisal_setup
from review.appraisal.studies import included_studies
from review.appraisal.svg import traffic_light_svg
from review.appraisal.table import (
    LONG_HEADER,
    AppraisalTable,
    appraisal_table,
    cell_text,
    long_rows,
    wide_header,
    wide_rows,
)
from review.base.appraisal_setup import AppraisalSetup
from review.base.errors import InputError
from review.base.escaping import markdown_cell, markdown_text
from review.project import Project
from review.reporting.exports.safe_csv import write_csv
from review.reporting.exports.target import is_stream, output_path, written_bytes, written_text
from review.screening.outcomes import reviewers_required

FORMATS = ("csv", "md", "parquet", "svg")
EXTENSIONS = {"csv": "csv", "md": "md", "parquet": "parquet", "svg": "svg"}


@dataclass
class ExportResult:
    written: list[tuple[str, int]]  # (where, rows) per file; rows are studies x checklists
    to_stdout: bool = False  # the table went to standard output: the summary goes elsewhere

    def summary(self) -> str:
        lines = [f"Wrote {n} rows to {where}" for where, n in self.written]
        if self.to_stdout:
            lines.append("(the justifications table goes to a file: give -o FILE)")
        return "\n".join(lines)


def check_blind(project: Project, setup: AppraisalSetup) -> None:
    """While blind, refuse a full export that would show a reviewer answers still hidden."""
    studies = included_studies(project)
    answered = {key[0] for key, a in project.store.current_answers().items() if a.answer}
    done = finished_by(project, setup, studies)
    need = reviewers_required(project)
    hidden = [rid for rid in studies if rid in answered and len(done[rid]) < need]
    if hidden:
        studies_are = "1 study is" if len(hidden) == 1 else f"{len(hidden)} studies are"
        raise InputError(
            f"appraisal is blind and {studies_are} not yet finished by both "
            "reviewers; pass --reviewer NAME for what NAME may see, or --unblind"
        )


def export_appraisals(
    project: Project,
    fmt: str,
    target: Path | str | None = None,
    viewer: str | None = None,
    unblind: bool = False,
) -> ExportResult:
    """Write the appraisal table (and its long companion with justifications) in a format.

    target None: exports/appraisals.EXT; '-': standard output (the main table only; the
    companion table is then not written, and the summary says so).
    """
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    setup = appraisal_setup(project)
    viewer = project.existing_reviewer(viewer) if viewer else None
    if setup.blind and viewer is None and not unblind:
        check_blind(project, setup)
    table = appraisal_table(project, setup, viewer if not unblind else None)
    path = output_path(target)
    if target is not None and path is None:  # '-'
        if fmt == "parquet":
            raise InputError("Parquet cannot go to standard output; give -o FILE")
        _write_text(sys.stdout, fmt, table, long=False)
        sys.stdout.flush()
        return ExportResult([("standard output", len(table.rows))], to_stdout=True)
    path = (
        project.check_output(path)
        if path
        else project.exports_dir / f"appraisals.{EXTENSIONS[fmt]}"
    )
    stream = is_stream(path)  # a pipe or device: the main table alone, like standard output
    if not stream and fmt != "svg":
        project.check_output(_companion(path))
    written = [(str(path), len(table.rows))]
    if fmt == "parquet":
        with written_bytes(path) as raw:
            _parquet(raw, wide_header(table), wide_rows(table), wide=True)
        if not stream:
            with written_bytes(_companion(path)) as raw:
                _parquet(raw, LONG_HEADER, long_rows(table), wide=False)
            written.append((str(_companion(path)), _count(table)))
        return ExportResult(written, to_stdout=stream)
    with written_text(path) as text:
        _write_text(cast(TextIO, text), fmt, table, long=False)
    if fmt != "svg" and not stream:
        with written_text(_companion(path)) as text:
            _write_text(cast(TextIO, text), fmt, table, long=True)
        written.append((str(_companion(path)), _count(table)))
    return ExportResult(written, to_stdout=stream and fmt != "svg")


def _companion(path: Path) -> Path:
    return path.with_name(f"{path.stem}-justifications{path.suffix}")


def _count(table: AppraisalTable) -> int:
    return sum(1 for _ in long_rows(table))


def _write_text(handle: TextIO, fmt: str, table: AppraisalTable, long: bool) -> None:
    if fmt == "csv":
        if long:
            write_csv(handle, LONG_HEADER, long_rows(table))
        else:
            write_csv(handle, wide_header(table), wide_rows(table))
    elif fmt == "md":
        handle.write(long_markdown(table) if long else markdown(table))
    else:
        handle.write(
            traffic_light_svg(table, lambda row, code: cell_text(row, code, table.reviewers))
        )


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = [
        "| " + " | ".join(markdown_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in rows]
    return lines


def markdown(table: AppraisalTable) -> str:
    """One table per checklist (studies by items), its item key and citation."""
    out = ["# Critical appraisal of included studies", ""]
    if not table.rows:
        out += ["No included study has been appraised yet.", ""]
    for checklist in table.checklists:
        rows = [r for r in table.rows if r.checklist.id == checklist.id]
        if not rows:
            continue
        header = ["Study", "Design", *[i.code for i in checklist.items], "Status"]
        if table.score_rule:
            header.append("Score")
        body = []
        for r in rows:
            line = [
                f"{r.study} (#{r.record_id})",
                r.design,
                *[cell_text(r, i.code, table.reviewers) for i in checklist.items],
                r.status,
            ]
            if table.score_rule:
                line.append(r.score())
            body.append(line)
        out += [f"## {markdown_text(checklist.title)}", "", *_md_table(header, body), ""]
        items = "; ".join(
            f"**{markdown_text(i.code)}** {markdown_text(i.text)}" for i in checklist.items
        )
        out += ["Items: " + items + ".", "", f"Checklist: {markdown_text(checklist.citation)}", ""]
    waiting = [
        f"{markdown_text(r.study)} (#{r.record_id})" for r in table.rows if not r.checklist.id
    ]
    if waiting:
        out += ["Included studies not appraised yet: " + "; ".join(waiting) + ".", ""]
    if table.score_rule:
        out += [table.score_rule, ""]
    else:
        out += ["No score is calculated (the protocol does not ask for one).", ""]
    return "\n".join(out)


def long_markdown(table: AppraisalTable) -> str:
    out = ["# Appraisal answers with justifications", ""]
    out += _md_table(LONG_HEADER, long_rows(table))
    return "\n".join(out) + "\n"


def _parquet(
    handle: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], wide: bool
) -> None:
    import pyarrow as pa  # pyarrow is heavy: loaded only when a Parquet file is written
    import pyarrow.parquet as pq

    data = list(rows)
    columns = {}
    for n, name in enumerate(header):
        values = [row[n] for row in data]
        if name == "record_id":
            columns[name] = pa.array(values, type=pa.int64())
        elif name == "value" and not wide:
            columns[name] = pa.array(values, type=pa.float64())
        elif name == "time" and not wide:
            columns[name] = pa.array(
                [datetime.fromisoformat(v) if v else None for v in values],
                type=pa.timestamp("us", tz="UTC"),
            )
        else:
            columns[name] = pa.array(
                [None if v is None or v == "" else str(v) for v in values],
                type=pa.string(),
            )
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    handle.write(buffer.getvalue())
