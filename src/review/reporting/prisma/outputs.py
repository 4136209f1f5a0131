"""The PRISMA 2020 flow in each output format, and written to a file (CLI and app alike)."""

from __future__ import annotations

import json
from pathlib import Path

from review.base.errors import InputError, ProjectError
from review.project import Project
from review.reporting.prisma.fields import flow_fields
from review.reporting.prisma.model import PrismaFlow
from review.reporting.prisma.svg import render_svg
from review.reporting.prisma.template_csv import prisma_csv
from review.reporting.prisma.text import render_text

PRISMA_FORMATS = ("text", "json", "csv", "svg")
PRISMA_EXTENSIONS = {"text": "txt", "json": "json", "csv": "csv", "svg": "svg"}


def prisma_output(fmt: str, flow: PrismaFlow) -> str:
    """The flow as text, JSON (the PRISMA2020 package's field names), its CSV template, SVG."""
    if fmt == "json":
        return json.dumps(flow_fields(flow), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return prisma_csv(flow)
    if fmt == "svg":
        return render_svg(flow)
    if fmt == "text":
        return render_text(flow) + "\n"
    raise InputError(f"the PRISMA flow is written as {', '.join(PRISMA_FORMATS)}, not {fmt!r}")


def default_prisma_path(project: Project, fmt: str) -> Path:
    return project.exports_dir / f"prisma.{PRISMA_EXTENSIONS[fmt]}"


def write_prisma(project: Project, flow: PrismaFlow, fmt: str, target: Path | str) -> Path:
    """Write the flow to a file (never one of the project's own); returns where."""
    content = prisma_output(fmt, flow)
    path = project.check_output(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))  # bytes: the template's CRLF stays as is
    except OSError as exc:
        raise ProjectError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
