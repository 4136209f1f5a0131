"""Command palette entries (ctrl+p): the screens, the daily tasks, every export, who am I."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("Dashboard", "open_dashboard", (), "Sources, progress and conflicts"),
    ("Screen titles/abstracts", "open_screening", ("title-abstract",), "Title/abstract screening"),
    ("Screen full texts", "open_screening", ("full-text",), "Full-text retrieval and screening"),
    ("Duplicates", "open_duplicates", (), "Decide the possible duplicate pairs"),
    ("Reconcile titles/abstracts", "open_reconcile", ("title-abstract",), "Settle conflicts"),
    ("Reconcile full texts", "open_reconcile", ("full-text",), "Settle full-text conflicts"),
    ("Appraise included studies", "open_appraisal", (), "Critical appraisal checklists"),
    ("PRISMA 2020 flow", "open_prisma", (), "Live counts of the flow diagram"),
    ("Import search results", "open_import", (), "A database export as a logged source"),
    ("Add a record by hand", "open_add_record", (), "Grey literature, a website, a report"),
    ("Switch reviewer", "switch_reviewer", (), "Work under another reviewer's name"),
    ("Export included studies", "export", ("included",), "CSV, RIS, BibTeX, Parquet, Markdown"),
    ("Export all records", "export", ("records",), "CSV, RIS, BibTeX, Parquet, Markdown"),
    ("Export decisions", "export", ("decisions",), "Every decision (blind rules apply)"),
    ("Export duplicate clusters", "export", ("clusters",), "Each record and its cluster"),
    ("Export appraisal table", "export", ("appraisals",), "CSV, Parquet, Markdown or the figure"),
    ("Export PRISMA flow", "export", ("prisma",), "Text, JSON, the R package's CSV, SVG"),
)


class ScreensProvider(Provider):
    """The app's screens and tasks as palette commands."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        for name, method, args, help_text in COMMANDS:
            callback = getattr(self.app, method, None)
            if callback is not None:
                yield name, partial(callback, *args), help_text

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
