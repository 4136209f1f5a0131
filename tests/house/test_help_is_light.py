"""`review --help` and every command's --help load neither Textual, pyarrow, rapidfuzz nor
psycopg."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from review.cli.parser import build_parser

HEAVY = ("textual", "pyarrow", "rapidfuzz", "psycopg")
RUN_HELP = """
import sys
from review.cli.main import main
try:
    main({argv!r})
except SystemExit as stop:
    code = stop.code
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
sys.stderr.write(repr((code, heavy)))
"""


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every command path of the parser, nested ones (`sources add`) included."""
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


@pytest.mark.parametrize("path", list(commands(build_parser())), ids=" ".join)
def test_help_loads_nothing_heavy(path: tuple[str, ...]) -> None:
    code = RUN_HELP.format(argv=[*path, "--help"], heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.startswith("usage: review"), result.stdout + result.stderr
    assert result.stderr == repr((0, [])), result.stderr


def test_help_is_quick() -> None:
    best = float("inf")
    for _ in range(8):  # the best of a few runs, so a busy machine does not fail it
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "review", "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
        if best < 0.3:
            break
    assert best < 0.3, f"review --help took {best:.3f} s at best"


def test_a_sqlite_project_loads_no_psycopg(tmp_path) -> None:
    code = (
        "import sys\nfrom review.cli.main import main\n"
        f"main(['init', {str(tmp_path / 'p')!r}])\nmain(['--project', {str(tmp_path / 'p')!r},"
        " 'status'])\nsys.stderr.write(repr('psycopg' in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.endswith("False"), result.stderr
