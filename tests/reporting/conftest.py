"""The reporting tests' shared project: the partnerships review's flow, one per test module."""

from __future__ import annotations

import pytest

from support.partnerships import build_partnerships


@pytest.fixture(scope="module")
def partnerships(tmp_path_factory: pytest.TempPathFactory):
    """(project, the numbers it was built to give), read-only for the tests of a module."""
    project, expected = build_partnerships(tmp_path_factory.mktemp("partnerships") / "p")
    yield project, expected
    project.close()
