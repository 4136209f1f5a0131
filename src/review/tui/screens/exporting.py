"""Exports from the app: what, then the format, then where (exports/ by default); written in
the background on a connection of its own, the file named when it is done."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from review.base.errors import ReviewError
from review.project import Project, open_project
from review.reporting.exports.appraisals import EXTENSIONS as APPRAISAL_EXTENSIONS
from review.reporting.exports.appraisals import export_appraisals
from review.reporting.exports.kinds import EXTENSIONS, formats_for
from review.reporting.exports.runner import run_export
from review.reporting.prisma import compute_flow
from review.reporting.prisma.outputs import PRISMA_EXTENSIONS, write_prisma
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.path_suggester import PathSuggester

FORMAT_NAMES = {
    "csv": "CSV (spreadsheets, R, Python)",
    "ris": "RIS (reference managers)",
    "bibtex": "BibTeX",
    "parquet": "Parquet (data tools)",
    "md": "Markdown table",
    "svg": "SVG figure",
    "text": "Text",
    "json": "JSON (the PRISMA2020 field names)",
}
TITLES = {
    "included": "included studies",
    "records": "all records",
    "decisions": "decisions",
    "clusters": "duplicate clusters",
    "appraisals": "the appraisal table",
    "prisma": "the PRISMA 2020 flow",
}


def formats(what: str) -> list[str]:
    if what == "prisma":
        return list(PRISMA_EXTENSIONS)
    if what == "appraisals":
        return list(APPRAISAL_EXTENSIONS)
    return list(formats_for(what))


def extension(what: str, fmt: str) -> str:
    if what == "prisma":
        return PRISMA_EXTENSIONS[fmt]
    if what == "appraisals":
        return APPRAISAL_EXTENSIONS[fmt]
    return EXTENSIONS[fmt]


def export_to(root: Path, what: str, fmt: str, target: Path, viewer: str | None) -> str:
    """Write one export on a connection of its own; returns what was written, in words."""
    with open_project(root) as project:
        if what == "prisma":
            path = write_prisma(project, compute_flow(project), fmt, target)
            return f"Wrote the PRISMA 2020 flow ({fmt}) to {path}"
        if what == "appraisals":
            return export_appraisals(project, fmt, target, viewer=viewer).summary()
        result = run_export(project, what, fmt, target, viewer=viewer)
    unit = "records" if result.format in ("ris", "bibtex") else "rows"
    return f"Wrote {result.rows} {unit} ({result.format}) to {result.target}"


class Exporter:
    """The questions one after another (escape at any of them: nothing is written)."""

    def __init__(self, app: App[None], project: Project, viewer: str | None) -> None:
        self.app = app
        self.project = project
        self.viewer = viewer  # blind rules: the decisions and answers this reviewer may see

    def start(self, what: str) -> None:
        options = [(fmt, FORMAT_NAMES.get(fmt, fmt)) for fmt in formats(what)]
        self.app.push_screen(
            ChoiceModal(f"Export {TITLES.get(what, what)}: which format?", options),
            lambda fmt: self.ask_where(what, fmt) if fmt else None,
        )

    def ask_where(self, what: str, fmt: str) -> None:
        default = f"exports/{what}.{extension(what, fmt)}"

        def where(text: str | None) -> None:
            if not text:
                return
            target = Path(text).expanduser()
            if not target.is_absolute():
                target = self.project.root / target
            self.app.notify(f"Writing {target.name}…", timeout=2)
            self.app.run_worker(lambda: self.write(what, fmt, target), thread=True, group="export")

        self.app.push_screen(
            InputModal(
                f"Write {TITLES.get(what, what)} ({fmt}) to (relative to the project folder):",
                value=default,
                hint="→ completes the path · enter writes · escape cancels",
                suggester=PathSuggester(self.project.root),
            ),
            where,
        )

    def write(self, what: str, fmt: str, target: Path) -> None:
        try:
            message = export_to(self.project.root, what, fmt, target, self.viewer)
        except ReviewError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self.app.notify, message, title="Exported", timeout=8)
