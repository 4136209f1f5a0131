"""Key settings: a remap that would give a key two actions in one view is refused with both
named; a settings file that cannot be read is said, never silently ignored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from review.tui.app import ReviewApp
from review.tui.screens.screening import ScreeningScreen
from review.tui.userconfig import binding_scopes, key_overrides
from support.tui import isolate_config, make_project, run_app


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    home = isolate_config(tmp_path, monkeypatch)
    (home / "review").mkdir(parents=True)
    return home / "review" / "config.toml"


def test_a_key_taken_from_another_action_of_the_view_is_refused_naming_both(config):
    config.write_text('[keys]\n"decide.include" = "e"\n')
    found, problems = key_overrides()
    assert found == {}
    assert problems == [
        "[keys] decide.include = 'e' would give 'e' two actions in one view: Include "
        "(decide.include) and Exclude (decide.exclude); left out"
    ]


def test_swapped_keys_and_a_key_used_only_in_other_views_are_taken(config):
    config.write_text('[keys]\n"decide.include" = "e"\n"decide.exclude" = "i"\n"move.list" = "y"\n')
    found, problems = key_overrides()
    assert found == {"decide.include": "e", "decide.exclude": "i", "move.list": "y"}
    assert problems == []


def test_two_remaps_onto_one_key_keep_the_first(config):
    config.write_text('[keys]\n"decide.unsure" = "v"\n"record.tag" = "v"\n')
    found, problems = key_overrides()
    assert found == {"decide.unsure": "v"}
    assert len(problems) == 1 and problems[0].startswith("[keys] record.tag = 'v'")
    assert "Unsure (decide.unsure)" in problems[0]


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: path.write_text("[keys\n"), "is not valid TOML"),
        (lambda path: path.write_bytes(b'[keys]\n"move.list" = "\xff"\n'), "is not UTF-8 text"),
        (lambda path: os.mkfifo(path), "is a named pipe (FIFO), not a file"),
        (lambda path: path.mkdir(), "is a folder, not a file"),
    ],
    ids=["bad-toml", "not-utf8", "fifo", "folder"],
)
def test_a_settings_file_that_cannot_be_read_is_said(config, make, said):
    make(config)
    found, problems = key_overrides()
    assert found == {}
    assert len(problems) == 1 and said in problems[0] and str(config) in problems[0]
    assert "the default keys are" in problems[0]


def test_every_view_is_a_scope_of_its_own():
    scopes = binding_scopes()
    screening = next(s for s in scopes if {"decide.include", "decide.exclude"} <= s)
    assert "app.help" in screening and "dedup.duplicate" not in screening


def test_the_app_says_the_refused_remap_and_excluding_still_works(tmp_path, config):
    config.write_text('[keys]\n"decide.include" = "e"\n')
    make_project(tmp_path)
    app = ReviewApp(tmp_path / "p", reviewer="A", start="screen")

    async def body(pilot, app):
        said = [str(n.message) for n in app._notifications]
        assert any("Include (decide.include) and Exclude (decide.exclude)" in m for m in said)
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("e", "1")
        assert app.screen.session.decision(1).decision == "exclude"

    run_app(app, body)
