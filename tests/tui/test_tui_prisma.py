"""The app's PRISMA view recounts from the database: another process's decisions show up."""

from textual.widgets import Static

from review.project import open_project
from review.tui.app import ReviewApp
from review.tui.screens.prisma import PrismaScreen
from support.tui import make_project, run_app


def test_prisma_view_updates_live(tmp_path):
    make_project(tmp_path).close()

    async def body(pilot, app):
        await pilot.press("p")
        for _ in range(50):
            await pilot.pause(0.05)
            shown = str(app.screen.query_one("#prisma", Static).render())
            if "Records screened" in shown:
                break
        assert isinstance(app.screen, PrismaScreen)
        assert "Records excluded** (n = 0)" in shown
        with open_project(tmp_path / "p") as other:  # another reviewer's terminal
            first = other.store.record_ids()[0]
            for who in ("A", "B"):
                other.store.add_decision(first, "title-abstract", who, "exclude", "E1")
        await pilot.press("ctrl+r")
        for _ in range(50):
            await pilot.pause(0.05)
            shown = str(app.screen.query_one("#prisma", Static).render())
            if "Records excluded** (n = 1)" in shown:
                break
        assert "Records excluded** (n = 1)" in shown
        await pilot.press("q")
        assert not isinstance(app.screen, PrismaScreen)

    run_app(ReviewApp(tmp_path / "p", reviewer="A"), body)
