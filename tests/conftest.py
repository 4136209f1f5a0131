"""Shared fixtures: real projects on disk and the CLI run in-process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from places import PROTOCOL
from review.cli.main import main
from review.project import Project, init_project


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never read or write the real user's config."""
    monkeypatch.setenv("REVIEW_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("REVIEW_PROJECT", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    opened = init_project(tmp_path / "project", PROTOCOL)
    yield opened
    opened.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `review ARGS...` in-process; returns exit code and captured output."""

    def run(*args: str | os.PathLike[str]) -> CliResult:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
