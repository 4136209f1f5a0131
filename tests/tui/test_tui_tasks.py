"""The daily tasks inside the app: importing a search's export, adding a record by hand, and
every export (format, then where) with the file named when written."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input, Select, Static

import review.identification.import_step as import_step
from places import EXAMPLES
from review.project import open_project
from review.tui.app import ReviewApp
from review.tui.commands import ScreensProvider
from review.tui.screens.importing import AddRecordScreen, ImportScreen
from review.tui.screens.prisma import PrismaScreen
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.input_modal import InputModal
from support.tui import RECORDS, isolate_config, make_project, run_app, settle

RIS = EXAMPLES / "elston-2005-thesis-bibliography.ris"


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    return isolate_config(tmp_path, monkeypatch)


def fill(app, **values: str) -> None:
    for ident, value in values.items():
        app.screen.query_one(f"#{ident}", Input).value = value


def message(app) -> str:
    return str(app.screen.query_one("#message", Static).content)


async def submitted(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def test_import_logs_the_source_with_the_same_checks_as_the_cli(tmp_path):
    project = make_project(tmp_path)
    before = project.store.count_records()

    async def body(pilot, app):
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        fill(app, path=str(RIS), source="Elston thesis", searched="2008-06-31")
        await submitted(pilot)
        assert "Date searched" in message(app)  # the field's name, not the CLI's option
        assert app.screen.query_one("#message").has_class("-error")
        fill(app, searched="2008-06-30", query="partnership*", count="420")
        app.screen.query_one("#kind", Select).value = "organisation"
        await submitted(pilot)
        assert "Imported 408 records" in message(app) and "'Elston thesis'" in message(app)
        await submitted(pilot)  # the same file again: refused, as by the CLI
        assert "already imported" in message(app)
        bad = tmp_path / "bad.ris"
        bad.write_text("this is not a reference list\n", encoding="utf-8")
        fill(app, path=str(bad))
        await submitted(pilot)
        assert "bad.ris" in message(app) and app.screen.query_one("#message").has_class("-error")
        skipped = tmp_path / "skipped.ris"  # a real record, then an empty one: left out, said
        skipped.write_text("TY  - JOUR\nTI  - Partnerships in Leeds\nER  - \n\nTY  - JOUR\n"
                           "ER  - \n", encoding="utf-8")  # fmt: skip
        fill(app, path=str(skipped), source="Skipped", count="")
        await submitted(pilot)
        assert "Imported 1 records" in message(app) and "1 warning " in message(app)
        assert "review sources --warnings" in message(app)

    run_app(ReviewApp(project.root, reviewer="A"), body)
    source = next(s for s in project.store.sources() if s.name == "Elston thesis")
    assert (source.kind, source.searched, source.records) == ("organisation", "2008-06-30", 408)
    assert source.query == "partnership*" and source.reported_count == 420
    assert project.store.count_records() == before + 409


def test_a_path_is_completed_as_it_is_typed(tmp_path):
    make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("i")
        box = app.screen.query_one("#path", Input)
        box.value = str(EXAMPLES / "elston-2005-thesis")
        await pilot.pause(0.3)
        assert box._suggestion == str(RIS)

    run_app(ReviewApp(tmp_path / "p", reviewer="A"), body)


def test_a_record_added_by_hand(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("plus")
        assert isinstance(app.screen, AddRecordScreen)
        fill(app, source="IDeA website")
        await submitted(pilot)
        assert "a title is required" in message(app)
        fill(app, title="Partnership toolkit", authors="Hunter, D.; Perkins, N.", year="2007",
             url="https://example.org/toolkit", accessed="2008-05-01")  # fmt: skip
        await submitted(pilot)
        assert "Added record 6" in message(app)

    run_app(ReviewApp(project.root, reviewer="A"), body)
    record = project.store.record(6)
    assert (record.title, record.authors, record.year) == (
        "Partnership toolkit", ["Hunter, D.", "Perkins, N."], 2007)  # fmt: skip
    assert record.source_name == "IDeA website"


def test_a_record_added_by_hand_once_screening_has_begun_leaves_others_saving(
    tmp_path, monkeypatch
):
    project = make_project(tmp_path)
    project.store.add_decision(2, "title-abstract", "A", "exclude", "E1")  # screening has begun
    waits = []
    real = import_step.find_duplicates

    def comparing(*args, **kwargs):  # a colleague saves while the record is compared
        with open_project(project.root) as colleague:
            started = time.perf_counter()
            colleague.store.add_decision(3, "title-abstract", "B", "include")
            waits.append(time.perf_counter() - started)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_step, "find_duplicates", comparing)

    async def body(pilot, app):
        await pilot.press("plus")
        fill(app, source="Journal website", title=RECORDS[0].title, year="2004",
             authors="Smith, K.; Bambra, C.", journal="Journal of Public Health")  # fmt: skip
        await submitted(pilot)
        assert "Added record 6" in message(app)
        assert "Compared with the records already screened: 1 duplicate(s) linked" in message(app)

    run_app(ReviewApp(project.root, reviewer="A"), body)
    assert waits and max(waits) < 0.5
    assert project.store.count_records() == 6 and not list(project.root.glob(".review-import-*"))


async def export(pilot, app, command: str, digit: str) -> None:
    hits = [h async for h in ScreensProvider(app.screen).search(command)]
    hits[0].command()
    await pilot.pause()
    assert isinstance(app.screen, ChoiceModal)
    await pilot.press(digit)
    assert isinstance(app.screen, InputModal)


def test_exports_from_the_palette_and_the_prisma_view(tmp_path):
    project = make_project(tmp_path)
    project.store.add_decision(1, "title-abstract", "A", "include")

    async def body(pilot, app):
        await export(pilot, app, "export all records", "2")  # RIS
        assert app.screen.query_one(Input).value == "exports/records.ris"
        await pilot.press("enter")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any(f"to {project.root / 'exports' / 'records.ris'}" in m for m in said), said
        await export(pilot, app, "export decisions", "1")
        app.screen.query_one(Input).value = "mine.csv"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, PrismaScreen)
        await pilot.press("e", "4")  # SVG
        assert app.screen.query_one(Input).value == "exports/prisma.svg"
        await pilot.press("enter")
        await settle(pilot)

    run_app(ReviewApp(project.root, reviewer="A"), body)
    assert (project.root / "exports" / "records.ris").read_text().count("TY  -") == 5
    assert "include" in (project.root / "mine.csv").read_text()  # blind: A's own decisions
    assert "<svg" in (project.root / "exports" / "prisma.svg").read_text()
