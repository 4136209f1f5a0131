"""The app's tests run on SQLite only: the views call the same store methods that the core's
tests run on both backends, and the app over PostgreSQL is tested where it differs (a server
lost mid-session: tests/storage/test_server_loss.py; its cost per key: screening_bench.py
--database). This keeps the run's time within twice what it was with SQLite alone."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
