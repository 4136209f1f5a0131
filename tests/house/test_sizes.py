"""The house's sizes: no module over 400 lines, no function over 60, a docstring atop each."""

from __future__ import annotations

import ast

from places import ROOT

SOURCE = ROOT / "src" / "review"
MODULE_LINES = 400
FUNCTION_LINES = 60


def _modules() -> list:
    return sorted(SOURCE.rglob("*.py"))


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(SOURCE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES:
                    long[f"{path.relative_to(SOURCE)}:{node.name}"] = lines
    assert long == {}


def test_every_module_says_what_it_holds() -> None:
    missing = [
        str(p.relative_to(SOURCE))
        for p in _modules()
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []
