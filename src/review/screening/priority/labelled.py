"""A labelled file to replay screening on: records with a title, an abstract and a 0/1 label."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.row_files import RowErrors, csv_rows
from review.screening.priority.features import record_text

YES = {"1", "1.0", "true", "yes", "y", "include", "included"}
NO = {"0", "0.0", "false", "no", "n", "exclude", "excluded"}


@dataclass
class LabelledFile:
    """Record ids (the file's record_id column, else the row number), texts and labels."""

    record_ids: list[int]
    texts: list[str]
    labels: dict[int, int]


def read_labelled(path: Path, label: str) -> LabelledFile:
    """Read a labelled CSV; every bad row is named in one error."""
    columns, rows = csv_rows(path)
    label = label.strip().lower()
    if label not in columns or not {"title", "abstract"} & set(columns):
        raise ImportFormatError(
            path,
            f"needs a title or abstract column and the label column {label!r}; "
            f"found {', '.join(columns) or 'none'}",
            line=1,
        )
    errors = RowErrors(path)
    ids: list[int] = []
    texts: list[str] = []
    labels: dict[int, int] = {}
    for number, (line, row) in enumerate(rows, start=1):
        value = (row.get(label) or "").strip().lower()
        given = (row.get("record_id") or "").strip()
        if value not in YES | NO:
            errors.add(line, f"label {value!r} is not 0 or 1")
            continue
        if given and not given.isdigit():
            errors.add(line, f"record_id {given!r} is not a whole number")
            continue
        rid = int(given) if given else number
        if rid in labels:
            errors.add(line, f"record_id {rid} appears twice")
            continue
        ids.append(rid)
        texts.append(
            record_text(row.get("title"), row.get("abstract"), [row.get("keywords") or ""])
        )
        labels[rid] = int(value in YES)
    errors.raise_any()
    if not ids:
        raise ImportFormatError(path, "has no records")
    return LabelledFile(ids, texts, labels)
