"""Run one export: pick the dataset, check the format fits it, write the file."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

from review.base.errors import InputError
from review.project import Project
from review.reporting.exports import datasets
from review.reporting.exports.bibtex_writer import write_bibtex
from review.reporting.exports.dataset import Dataset
from review.reporting.exports.kinds import ALLOWED, EXTENSIONS, export_kinds
from review.reporting.exports.markdown import write_markdown
from review.reporting.exports.parquet_writer import write_parquet
from review.reporting.exports.ris_writer import write_ris
from review.reporting.exports.safe_csv import write_csv
from review.reporting.exports.target import output_path, written_bytes, written_text

TITLES = {
    "included": "Included studies",
    "records": "Records",
    "decisions": "Decision log",
    "appraisals": "Appraisal table",
    "clusters": "Duplicate clusters",
}


@dataclass(frozen=True)
class ExportResult:
    what: str
    format: str
    target: Path | None  # None: written to standard output
    rows: int


def check_blinding(project: Project, what: str, viewer: str | None, unblind: bool) -> None:
    if what == "decisions" and project.protocol.blind and not (viewer or unblind):
        raise InputError(
            "screening is blind: the decision log would show each reviewer the "
            "other's votes; pass --reviewer NAME for what NAME may see, or --unblind"
        )


def dataset_for(project: Project, what: str, viewer: str | None = None) -> Dataset:
    if what == "included":
        return datasets.included_dataset(project)
    if what == "records":
        return datasets.records_dataset(project)
    if what == "decisions":
        return datasets.decisions_dataset(project, viewer)
    if what == "clusters":
        return datasets.clusters_dataset(project)
    if what == "appraisals" and "appraisals" in export_kinds():
        return datasets.appraisals_dataset(project)
    raise InputError(f"cannot export {what!r}; choose one of {', '.join(export_kinds())}")


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def write_dataset(dataset: Dataset, fmt: str, handle: TextIO) -> int:
    """Write a text format to an open handle; returns the number of rows or records."""
    if fmt == "csv":
        cells = (tuple(_csv_value(v) for v in row) for row in dataset.rows())
        return write_csv(handle, dataset.header, cells)
    if fmt == "md":
        keep = dataset.markdown_columns or tuple(dataset.header)
        index = [dataset.header.index(c) for c in keep]
        kept = ([row[i] for i in index] for row in dataset.rows())
        return write_markdown(handle, keep, kept, TITLES.get(dataset.name))
    assert dataset.records is not None
    if fmt == "ris":
        return write_ris(handle, dataset.records())
    return write_bibtex(handle, dataset.records())


def run_export(
    project: Project,
    what: str,
    fmt: str = "csv",
    output: str | Path | None = None,
    viewer: str | None = None,
    unblind: bool = False,
) -> ExportResult:
    """Export `what` as `fmt` to output ('-' for standard output; default exports/WHAT.EXT)."""
    if what not in export_kinds():
        raise InputError(f"cannot export {what!r}; choose one of {', '.join(export_kinds())}")
    allowed = ALLOWED[what]
    if fmt not in allowed:
        raise InputError(f"{what} cannot be exported as {fmt}; choose {', '.join(allowed)}")
    viewer = project.existing_reviewer(viewer) if viewer else None
    check_blinding(project, what, viewer, unblind)
    dataset = dataset_for(project, what, None if unblind else viewer)
    target = output_path(output) if output is not None else None
    if output is not None and target is None:  # '-': standard output
        if fmt == "parquet":
            raise InputError("Parquet is binary: give a file with -o FILE, not '-'")
        return ExportResult(what, fmt, None, write_dataset(dataset, fmt, sys.stdout))
    target = (
        project.check_output(target)
        if target is not None
        else project.exports_dir / f"{what}.{EXTENSIONS[fmt]}"
    )
    return ExportResult(what, fmt, target, _write_file(dataset, fmt, target))


def _write_file(dataset: Dataset, fmt: str, target: Path) -> int:
    """Write the export to its target (a file replaced whole; a pipe or device straight)."""
    if fmt == "parquet":
        with written_bytes(target) as raw:
            return write_parquet(raw, dataset.columns, dataset.rows())
    with written_text(target) as text:
        return write_dataset(dataset, fmt, cast(TextIO, text))
