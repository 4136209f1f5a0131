"""A project on the test server with two reviewers' roles on its team (Reviewer A and B)."""

from __future__ import annotations

import itertools
from pathlib import Path

from places import EXAMPLES, PROTOCOL
from review.identification.importing import import_file
from review.project import Project, init_project

_roles = itertools.count(1)


def team_project(pg_server, root: Path, database: str) -> tuple[Project, dict[str, str]]:
    """The project (owned by the run's superuser, the Hunter references imported) and each
    reviewer's new login role, tied to their name."""
    owner = init_project(root, PROTOCOL, database=database)
    import_file(owner.store, EXAMPLES / "hunter-2011-report-references.csv", source="Hunter")
    n = next(_roles)
    roles = {"Reviewer A": f"alice_{n}", "Reviewer B": f"bob_{n}"}
    for name, role in roles.items():
        pg_server.admin.execute(f"CREATE ROLE {role} LOGIN")
        owner.store.add_member(name, role)
    return owner, roles
