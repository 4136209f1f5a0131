"""Storage behind one door: no module outside review/storage writes SQL or touches sqlite3 or
psycopg (the PostgreSQL driver)."""

import ast
import re
from pathlib import Path

import review

PACKAGE = Path(review.__file__).parent
STORAGE = PACKAGE / "storage"

# A keyword as SQL writes it, or the shape of a statement in any case ("select ... from").
SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|SAVEPOINT)\b"
    r"|(?i:\bselect\b.*\bfrom\b|\binsert\s+(or\s+\w+\s+)?into\b|\bupdate\s+\w+\s+set\b"
    r"|\bdelete\s+from\b|\b(create|drop|alter)\s+(table|index|trigger|view)\b)",
    re.S,
)
# What only the storage side holds: a connection and the calls made on it, and the drivers.
CONNECTION = {"conn", "execute", "executemany", "executescript"}
DRIVERS = ("sqlite3", "psycopg", "psycopg2", "psycopg_pool")


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (a module's, class's or function's)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def storage_outside(source: str) -> list[str]:
    """What in a module's source belongs behind the storage door: SQL in a string (docstrings
    left out), an import of a database driver, a connection or a call on one."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and SQL.search(node.value):
                found.append(f"line {line}: SQL {node.value[:60]!r}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DRIVERS:
                    found.append(f"line {line}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")[0]
            if module in DRIVERS:
                found.append(f"line {line}: from {module} import")
        elif isinstance(node, ast.Attribute) and node.attr in CONNECTION:
            found.append(f"line {line}: .{node.attr}")
    return found


def test_no_sql_or_sqlite3_outside_storage():
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if STORAGE in path.parents:
            continue
        for what in storage_outside(path.read_text(encoding="utf-8")):
            offences.append(f"{path.relative_to(PACKAGE.parent)}, {what}")
    assert offences == [], "\n".join(offences)


def test_the_check_sees_a_query_and_not_a_docstring():
    caught = '''
import sqlite3
from sqlite3 import connect
import psycopg.conninfo
from psycopg import sql

def rows(store):
    """Rows of the SELECT behind the records table; DELETE nothing."""
    store.conn.execute(
        "SELECT record_id, title"
        " FROM records WHERE record_id = ?"
    )
    return f"insert into tags (tag) values ({1})", "update records set title = ?"
'''
    found = storage_outside(caught)
    assert [f.split(":")[0] for f in found].count("line 2") == 1  # import sqlite3
    assert any("from sqlite3" in f for f in found)
    assert any("import psycopg.conninfo" in f for f in found)
    assert any("from psycopg import" in f for f in found)
    assert any("'SELECT record_id" in f for f in found)
    assert any("insert into tags" in f for f in found)
    assert any("update records set" in f for f in found)
    assert any(f.endswith(".conn") for f in found) and any(f.endswith(".execute") for f in found)
    assert not any("behind the records" in f for f in found)
    assert storage_outside('"""Select the records you want from the list."""\nx = 1\n') == []
