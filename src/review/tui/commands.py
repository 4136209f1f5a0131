"""Command palette entries for the screens (ctrl+p)."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = (
    ("Dashboard", "open_dashboard", (), "Sources, progress and conflicts"),
    ("Screen titles/abstracts", "open_screening", ("title-abstract",), "Title/abstract screening"),
    ("Screen full texts", "open_screening", ("full-text",), "Full-text retrieval and screening"),
    ("Duplicates", "open_duplicates", (), "Decide the possible duplicate pairs"),
    ("Reconcile titles/abstracts", "open_reconcile", ("title-abstract",), "Settle conflicts"),
    ("Reconcile full texts", "open_reconcile", ("full-text",), "Settle full-text conflicts"),
    ("Appraise included studies", "open_appraisal", (), "Critical appraisal checklists"),
    ("PRISMA 2020 flow", "open_prisma", (), "Live counts of the flow diagram"),
)


class ScreensProvider(Provider):
    """The app's screens as palette commands."""

    def _commands(self):
        for name, method, args, help_text in COMMANDS:
            callback = getattr(self.app, method, None)
            if callback is not None:
                yield name, (lambda c=callback, a=args: c(*a)), help_text

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
