"""The reporting tests' shared project: the partnerships review's flow, one per test module
and backend."""

from __future__ import annotations

import pytest

from places import BACKENDS, drop_database, new_database
from support.partnerships import build_partnerships


@pytest.fixture(scope="module", params=BACKENDS)
def partnerships(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """(project, the numbers it was built to give), read-only for the tests of a module."""
    database = new_database(request)
    root = tmp_path_factory.mktemp("partnerships") / "p"
    project, expected = build_partnerships(root, database)
    yield project, expected
    project.close()
    drop_database(request, database)
