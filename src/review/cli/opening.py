"""The project a command works on (--project DIR, $REVIEW_PROJECT or here), and the app on it."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from review.project import Project, open_project, resolve_root


@dataclass(frozen=True)
class OpenApp:
    """What a command returns to have the app opened; main opens it once the command is done."""

    root: Path
    reviewer: str | None = None
    start: str = "dashboard"
    stage: str = "title-abstract"


def root_of(args: argparse.Namespace) -> Path:
    return resolve_root(args.project)


def project_of(args: argparse.Namespace) -> Project:
    return open_project(root_of(args))


def app_on(
    args: argparse.Namespace,
    start: str = "dashboard",
    stage: str = "title-abstract",
    reviewer: str | None = None,
) -> OpenApp:
    """The app on the project at a view, for the reviewer named (checked before the terminal
    switches, so a wrong name is a plain error)."""
    root = root_of(args)
    name = reviewer or args.reviewer
    with open_project(root) as project:
        if name:
            name = project.reviewer_name(name, "--reviewer NAME")
    return OpenApp(root, reviewer=name, start=start, stage=stage)
