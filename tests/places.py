"""Where the tests find their files: the repository, the package's shipped data, ../shared/data.

Real exports from other tools are not kept in the repository: tests read them from
`../shared/data/` (beside the project root, or beside the folder that holds a git worktree),
through `shared()`, which skips a test whose file is missing and fails it instead under
`CI=true`, where the data must be present.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "review" / "data" / "examples" / "partnerships"
PROTOCOL = ROOT / "src" / "review" / "data" / "protocols" / "partnerships.toml"
FIXTURES = ROOT / "tests" / "identification" / "fixtures"


def _shared_data() -> Path:
    """`../shared/data` beside the project root, else beside the nearest folder above it."""
    for folder in ROOT.parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    return ROOT.parent / "shared" / "data"


SHARED = _shared_data()
FORMATS = SHARED / "formats"
DEDUP = SHARED / "dedup" / "bib-dedupe"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_shared(what: Path, why: str = "shared test data") -> None:
    """Skip the running test because `what` is absent; under CI=true fail it instead."""
    reason = f"{why} not found: {what} (looked for ../shared/data beside the project root)"
    if in_ci():
        pytest.fail(f"{reason}; CI=true needs it", pytrace=False)
    pytest.skip(reason)


def shared(path: Path) -> Path:
    """The path of a file or folder under ../shared/data, once it is known to be there."""
    if not path.exists():
        missing_shared(path)
    return path


# The storage backends every project-holding test runs on (the `project` fixture's params).
BACKENDS = ("sqlite", "postgresql")


def new_database(request: pytest.FixtureRequest) -> str | None:
    """For a fixture parametrised over BACKENDS: a new PostgreSQL database on the run's
    server, or None for SQLite (the project folder's review.db)."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("pg_server").fresh())


def drop_database(request: pytest.FixtureRequest, database: str | None) -> None:
    if database:
        request.getfixturevalue("pg_server").drop(database)
