"""A typed table for export: named, typed columns and rows, plus the records behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from review.base.models import Record

# Column types: int (int64), year (int32), float, bool, str, list (of strings),
# ints (list of int64) and time (UTC timestamp from an ISO 8601 string).
TYPES = ("int", "year", "float", "bool", "str", "list", "ints", "time")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "str"


def columns(*spec: str) -> tuple[Column, ...]:
    """Columns from 'name' or 'name:type' strings."""
    found = []
    for item in spec:
        name, _, kind = item.partition(":")
        if kind and kind not in TYPES:
            raise ValueError(f"unknown column type {kind!r}")
        found.append(Column(name, kind or "str"))
    return tuple(found)


@dataclass
class Dataset:
    """What one export holds; rows are produced lazily so large projects stream."""

    name: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[Sequence[Any]]]
    # (record, note) pairs for the reference formats (RIS, BibTeX); None if not a record list.
    records: Callable[[], Iterable[tuple[Record, str | None]]] | None = None
    markdown_columns: tuple[str, ...] = field(default_factory=tuple)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def infer_columns(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[Column, ...]:
    """Column types from the values of rows whose producer did not declare them."""
    found = []
    for i, name in enumerate(header):
        values = [row[i] for row in rows if row[i] is not None]
        if values and all(isinstance(v, bool) for v in values):
            kind = "bool"
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = "int"
        elif values and all(isinstance(v, (int, float)) for v in values):
            kind = "float"
        elif values and all(isinstance(v, (list, tuple)) for v in values):
            items = [x for v in values for x in v]
            kind = "ints" if items and all(isinstance(x, int) for x in items) else "list"
        else:
            kind = "str"
        found.append(Column(name, kind))
    return tuple(found)
