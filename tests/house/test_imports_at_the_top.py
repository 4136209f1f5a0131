"""Imports sit at the top of each module: inside a function only a heavy or optional library
(pyarrow, loaded for a Parquet file alone; psycopg and the storage built on it, for a project
on a server alone), each said so in a comment."""

from __future__ import annotations

import ast

from places import ROOT

SOURCE = ROOT / "src" / "review"
HEAVY = ("pyarrow", "psycopg", "review.storage.pg_open", "review.storage.postgres",
         "review.storage.pg_staging")  # fmt: skip


def test_no_import_inside_a_function_but_a_heavy_librarys() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    names = (
                        [inner.module]
                        if isinstance(inner, ast.ImportFrom)
                        else [a.name for a in inner.names]
                    )
                    heavy = all(
                        any(n == h or n.startswith(h + ".") for h in HEAVY) for n in names if n
                    )
                    said = "#" in lines[inner.lineno - 1] or "#" in lines[inner.lineno - 2]
                    if not (heavy and said):
                        found.append(f"{path.relative_to(SOURCE)}:{inner.lineno}")
    assert found == []
