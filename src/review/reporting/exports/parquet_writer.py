"""Parquet export through pyarrow with typed columns (ids int64, year int32, lists of strings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from review.reporting.exports.dataset import Column


def arrow_type(kind: str) -> Any:
    import pyarrow as pa  # pyarrow is heavy: loaded only when a Parquet file is written

    return {
        "int": pa.int64(),
        "year": pa.int32(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "str": pa.string(),
        "list": pa.list_(pa.string()),
        "ints": pa.list_(pa.int64()),
        "time": pa.timestamp("us", tz="UTC"),
    }[kind]


def _value(kind: str, value: Any) -> Any:
    if value is None or value == "" and kind != "str":
        return None
    if kind == "time":
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if kind in ("int", "year"):
        return int(value)
    if kind == "list":
        return [str(v) for v in value]
    if kind == "str" and not isinstance(value, str):
        return str(value)
    return value


def write_parquet(
    path: Path | IO[bytes], columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> int:
    """Write rows as one Parquet file (a path, or an open binary handle) with the columns'
    types; returns the number of rows."""
    import pyarrow as pa  # pyarrow is heavy: loaded only when a Parquet file is written
    import pyarrow.parquet as pq

    data: list[list[Any]] = [[] for _ in columns]
    count = 0
    for row in rows:
        for i, column in enumerate(columns):
            data[i].append(_value(column.type, row[i]))
        count += 1
    schema = pa.schema([pa.field(c.name, arrow_type(c.type)) for c in columns])
    table = pa.table(
        [pa.array(values, type=field.type) for values, field in zip(data, schema, strict=True)],
        schema=schema,
    )
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return count
