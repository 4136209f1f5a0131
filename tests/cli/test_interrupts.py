"""Ctrl-c at any moment of a command that saves: what it says is true (saved, or nothing)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from places import PROTOCOL
from review.project import Project, init_project, open_project
from review.storage import saved
from support.files import write_ris

DECIDE = ("decide", "--reviewer", "Reviewer A", "--stage", "title-abstract")


def _decisions(root: Path) -> int:
    with open_project(root) as project:
        return int(project.store.conn.execute("SELECT count(*) FROM decisions").fetchone()[0])


@pytest.fixture
def ten(tmp_path: Path) -> tuple[Path, Path]:
    """A project of ten records and a decisions file for all of them."""
    root = tmp_path / "p"
    init_project(root, PROTOCOL).close()
    ris = write_ris(tmp_path / "ten.ris", 10)
    with open_project(root) as project:
        from review.identification.importing import import_file

        import_file(project.store, ris, source="ten")
    rows = "".join(f"{i},include\n" for i in range(1, 11))
    decisions = tmp_path / "d.csv"
    decisions.write_text("record_id,decision\n" + rows)
    return root, decisions


def _interrupt_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Project.close

    def close(self: Project) -> None:
        real(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(Project, "close", close)


def test_ctrl_c_after_the_save_says_it_is_saved(ten, cli, monkeypatch):
    root, decisions = ten
    _interrupt_on_close(monkeypatch)
    result = cli("--project", root, *DECIDE, decisions)
    monkeypatch.undo()
    assert result.code == 1
    assert "interrupted after saving" in result.err and "do not run it again" in result.err
    assert "saved nothing" not in result.err
    assert _decisions(root) == 10


def test_ctrl_c_as_the_commit_returns_says_it_is_saved(ten, cli, monkeypatch):
    root, decisions = ten
    real = saved.mark
    calls = []

    def mark(step: int) -> None:
        calls.append(step)
        if len(calls) == 1:  # the commit has returned; the interrupt comes before the mark
            raise KeyboardInterrupt
        real(step)

    monkeypatch.setattr(saved, "mark", mark)
    result = cli("--project", root, *DECIDE, decisions)
    monkeypatch.undo()
    assert "interrupted after saving" in result.err
    assert _decisions(root) == 10


def test_ctrl_c_before_the_save_says_nothing_was_saved(ten, cli, monkeypatch):
    root, decisions = ten
    import review.cli.screening

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(review.cli.screening, "read_decisions", interrupted)
    result = cli("--project", root, *DECIDE, decisions)
    assert result.code == 1 and "saved nothing" in result.err
    assert _decisions(root) == 0


@pytest.mark.parametrize(
    "command",
    [("dedup", "--auto"), ("import", "{ris}", "--source", "more")],
    ids=["dedup", "import"],
)
def test_other_steps_interrupted_after_saving_say_so(ten, cli, monkeypatch, tmp_path, command):
    root, _ = ten
    more = write_ris(tmp_path / "more.ris", 3, start=100)
    before = saved.saved_count()
    _interrupt_on_close(monkeypatch)
    result = cli("--project", root, *(a.format(ris=more) for a in command))
    monkeypatch.undo()
    assert saved.saved_count() > before
    assert "interrupted after saving" in result.err, result.err


def test_a_real_ctrl_c_at_random_moments_is_reported_truly(ten):
    """decide run and interrupted (SIGINT) at random moments: each run's message matches
    what the database holds afterwards, never 'saved nothing' for a saved step."""
    root, decisions = ten
    rng = random.Random(15)
    review = [sys.executable, "-m", "review", "--project", str(root), *DECIDE, str(decisions)]
    started = time.perf_counter()
    subprocess.run(review, check=True, capture_output=True)
    whole = time.perf_counter() - started
    stored = _decisions(root)
    for _ in range(8):
        process = subprocess.Popen(review, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
        time.sleep(rng.uniform(0.5, 1.05) * whole)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        now = _decisions(root)
        message = err.decode()
        assert "Traceback" not in message, message
        if now > stored:
            assert now == stored + 10
            assert "saved nothing" not in message, message
        else:
            nothing = ("saved nothing", "nothing was done")
            assert any(n in message for n in nothing) or process.returncode == 0, message
        stored = now
    assert os.path.exists(root / "review.db")


def test_ctrl_c_while_the_command_line_loads_is_one_line(monkeypatch, capsys):
    import importlib.abc

    import review.cli
    from review.cli import start

    class Interrupting(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "review.cli.main":
                raise KeyboardInterrupt
            return None

    monkeypatch.setattr(saved, "_saved", [0, 0])  # a process that saved nothing yet
    monkeypatch.delitem(sys.modules, "review.cli.main")
    monkeypatch.delattr(review.cli, "main")
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    assert start.main() == 1
    assert capsys.readouterr().err == "review: interrupted while starting: nothing was done\n"


def test_a_real_ctrl_c_during_start_up_shows_no_traceback_of_ours(ten):
    """SIGINT at random moments of `review status` from the first instant: never a traceback
    through review's code (Python's own start-up, before any of it runs, is not ours)."""
    root, _ = ten
    rng = random.Random(13)
    command = [sys.executable, "-m", "review", "--project", str(root), "status"]
    for _ in range(12):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, 0.4))
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        message = err.decode()
        assert "review/" not in message and "review\\" not in message, message
