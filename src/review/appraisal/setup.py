"""The open project's appraisal setup (its protocol's checklists and design mapping)."""

from __future__ import annotations

from review.base.appraisal_setup import AppraisalSetup, setup_for
from review.project import PROTOCOL_FILE, Project


def appraisal_setup(project: Project) -> AppraisalSetup:
    """Load every checklist the project can use and check the protocol's design mapping."""
    return setup_for(project.protocol, project.protocol.path or project.root / PROTOCOL_FILE)
