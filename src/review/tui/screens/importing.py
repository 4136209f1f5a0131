"""Identification in the app: import a search's export as a logged source (the same checks as
`review import`), and add one record by hand (as `review add`)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Input, Label, ProgressBar, Select, Static

from review.base.errors import InputError, ReviewError
from review.base.models import SOURCE_KINDS
from review.identification.import_step import add_record, import_files
from review.project import Project, open_project
from review.tui.keys import bindings
from review.tui.widgets.key_footer import KeyFooter
from review.tui.widgets.path_suggester import PathSuggester

# the CLI's option names in an error, as this form names the fields
FIELD_NAMES = {
    "--source": "Source",
    "--searched": "Date searched",
    "--count": "Count",
    "--accessed": "Date accessed",
    "--map": "Columns",
    "use --force": "tick “Import again”",
}


def plain(message: str) -> str:
    for option, name in FIELD_NAMES.items():
        message = message.replace(option, name)
    return message


def field(label: str, widget: Widget) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), widget, classes="field")


def matched_words(matched: dict[str, int] | None) -> str:
    if not matched:
        return ""
    return (
        f" Compared with the records already screened: {matched['linked']} duplicate(s) "
        f"linked, {matched['queued']} pair(s) queued for a person."
    )


class FormScreen(Screen[None]):
    """A form of one-line fields; ctrl+s saves, escape goes back."""

    AUTO_FOCUS = "Input"
    BINDINGS = bindings("form.submit", "form.back")
    DEFAULT_CSS = """
    FormScreen #form { padding: 0 1; }
    FormScreen .field { height: auto; margin-bottom: 1; }
    FormScreen .field-label { width: 16; padding: 0 1 0 0; text-align: right; }
    FormScreen Input, FormScreen Select { width: 1fr; }
    FormScreen #message { height: auto; padding: 0 1; }
    FormScreen #message.-error { color: $text-error; text-style: bold; }
    FormScreen ProgressBar { display: none; padding: 0 1; }
    FormScreen ProgressBar.-running { display: block; }
    """

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.busy = False

    def value(self, ident: str) -> str | None:
        text = self.query_one(f"#{ident}", Input).value.strip()
        return text or None

    def say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.set_class(error, "-error")
        message.update(text)

    def finished(self, text: str, error: bool) -> None:
        self.busy = False
        self.query_one(ProgressBar).remove_class("-running")
        self.say(text, error)
        if not error:
            self.notify(text, timeout=8)

    def progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one(ProgressBar).update, total=total, progress=done)

    def action_back(self) -> None:
        if not self.busy:
            self.dismiss(None)


class ImportScreen(FormScreen):
    """A file of search results, with what the search log needs about it."""

    HELP_NAME = "importing search results"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form"):
            suggester = PathSuggester(Path.cwd())
            yield field(
                "File",
                Input(
                    id="path",
                    placeholder="path of the export (→ completes)",
                    suggester=suggester,
                    compact=True,
                ),
            )
            yield field(
                "Source",
                Input(
                    id="source",
                    placeholder="e.g. MEDLINE (Ovid); default: the file's name",
                    compact=True,
                ),
            )
            kinds = [(k, k) for k in SOURCE_KINDS]
            yield field(
                "Kind", Select(kinds, value="database", allow_blank=False, id="kind", compact=True)
            )
            yield field(
                "Date searched", Input(id="searched", placeholder="YYYY-MM-DD", compact=True)
            )
            yield field("Search string", Input(id="query", compact=True))
            yield field(
                "Count reported",
                Input(id="count", placeholder="records the database said it found", compact=True),
            )
            yield field(
                "", Checkbox("Import again a file already imported", id="force", compact=True)
            )
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(
                "ctrl+s imports · tab moves between fields · escape goes back", id="message"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Import search results"

    def action_submit(self) -> None:
        if self.busy:
            return
        path = self.value("path")
        count = self.value("count")
        if not path:
            self.say("Give the file to import.", error=True)
            return
        if count is not None and not count.isdigit():
            self.say(f"Count reported must be a whole number, not {count!r}.", error=True)
            return
        self.busy = True
        self.query_one(ProgressBar).add_class("-running")
        self.say(f"Importing {path}…")
        target = Path(path).expanduser()
        kind = str(self.query_one("#kind", Select).value)
        force = self.query_one("#force", Checkbox).value
        self.run_import(target, kind, int(count) if count else None, force)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path, kind: str, count: int | None, force: bool) -> None:
        """As `review import FILE`: one step; once screening has begun, the new records are
        compared with the project first (reviewers keep saving meanwhile), then stored with
        the duplicates found in one short step."""
        source = self.value("source") or path.stem
        try:
            with open_project(self.project.root) as project:
                step = import_files(
                    project,
                    [path],
                    progress_for=lambda _path: self.progress,
                    source=source,
                    kind=kind,
                    searched=self.value("searched"),
                    query=self.value("query"),
                    force=force,
                    reported_count=count,
                )
            result, matched = step.results[0], step.matched
        except ReviewError as exc:
            self.app.call_from_thread(self.finished, plain(str(exc)), True)
            return
        warned = (
            f" {result.warned} warning{'s' if result.warned != 1 else ''} (what was skipped or "
            f"repaired; first: {result.warnings[0]}); `review sources --warnings` lists them."
            if result.warned
            else ""
        )
        done = (
            f"Imported {result.records} records from {path.name} ({result.format}) as "
            f"source {source!r}.{matched_words(matched)}{warned}"
        )
        self.app.call_from_thread(self.finished, done, False)


class AddRecordScreen(FormScreen):
    """One record typed in: grey literature, a web page, a report found by citation search."""

    HELP_NAME = "adding a record by hand"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form"):
            yield field("Title", Input(id="title", placeholder="required", compact=True))
            yield field(
                "Source", Input(id="source", placeholder="e.g. King's Fund website", compact=True)
            )
            kinds = [(k, k) for k in SOURCE_KINDS]
            yield field(
                "Kind", Select(kinds, value="website", allow_blank=False, id="kind", compact=True)
            )
            yield field(
                "Authors",
                Input(id="authors", placeholder="Hunter, D. J.; Perkins, N.", compact=True),
            )
            yield field("Year", Input(id="year", compact=True))
            yield field("Journal/series", Input(id="journal", compact=True))
            yield field("URL", Input(id="url", compact=True))
            yield field(
                "Date accessed", Input(id="accessed", placeholder="YYYY-MM-DD", compact=True)
            )
            yield field("DOI", Input(id="doi", compact=True))
            yield field("Abstract", Input(id="abstract", compact=True))
            yield Static("ctrl+s adds the record · escape goes back", id="message")
            yield ProgressBar(id="progress", show_eta=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Add a record by hand"

    def action_submit(self) -> None:
        authors = [a.strip() for a in (self.value("authors") or "").split(";") if a.strip()]
        try:
            if not self.value("source"):
                raise InputError("give the source (where the record was found)")
            # once screening has begun, compared with the project first (as `review add`)
            record_id, matched = add_record(
                self.project,
                title=self.value("title") or "",
                source=self.value("source") or "",
                kind=str(self.query_one("#kind", Select).value),
                authors=authors,
                year=self.value("year"),
                url=self.value("url"),
                accessed=self.value("accessed"),
                journal=self.value("journal"),
                doi=self.value("doi"),
                abstract=self.value("abstract"),
            )
        except ReviewError as exc:
            self.say(plain(str(exc)), error=True)
            return
        self.finished(f"Added record {record_id}.{matched_words(matched)}", False)
        for box in self.query(Input):
            if box.id not in ("source",):
                box.value = ""
