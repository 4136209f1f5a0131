"""Prioritised screening in the screening view: the order key, the ranking trained in the
background after every few decisions and on a pause, why this record, and stopping figures.

The ranking is learnt from this reviewer's own decisions only (ScreeningSession.labels), in
a process of its own with its own connection to the project (RankingProcess): a keypress
never waits for it, and it never holds the app's thread back.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.timer import Timer

from review.base.errors import ReviewError
from review.project import Project
from review.screening.priority.process import (
    RankingAnswer,
    RankingProcess,
    RankingStopped,
    Why,
    as_bytes_gently,
    as_ids_gently,
)
from review.screening.priority.schedule import can_rank, retrain_due
from review.screening.queue import ORDERS, RankedOrder, ScreeningSession
from review.tui.mixins import ScreenMixin
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.priority_line import PriorityLine
from review.tui.widgets.progress_line import ProgressLine

PAUSE_SECONDS = 2.0  # work again once the reviewer has not pressed a key for this long
RANKING_EXTRA = "priority needs scikit-learn: pip install 'review[ranking]' (file order meanwhile)"


@dataclass
class Request:
    """What a request to the ranking process sends."""

    labels: dict[int, int]
    order: list[int]
    decided: frozenset[int]
    current: int | None
    ranked: bool


class PrioritisedScreening(ScreenMixin):
    """The screening screen's order, ranking and stopping figures (it draws the rest)."""

    project: Project
    stage: str
    session: ScreeningSession
    index: int | None
    ranking: RankingProcess | None = None
    trained_on: int | None = None  # decisions the ranking in use learnt from (None: none yet)
    since = 0  # decisions since the ranking in use was trained
    ranking_peak_mb = 0.0  # the ranking process's peak memory
    order_note = ""
    stopping_text = ""
    show_why = True
    why_words: dict[int, Why]
    _pause: Timer | None = None
    _working = False  # a request to the ranking is out now
    _again = False  # asked again meanwhile: ask once more when it is answered
    _asked_why: set[int]
    _request: Request | None = None  # for the worker to send
    _answer: tuple[RankingAnswer, RankedOrder | None] | None = None  # for reworked to apply

    if TYPE_CHECKING:

        @property
        def record_id(self) -> int | None: ...

        def draw_state(self) -> None: ...

        def hit_text(self) -> Content | None: ...

        def read_soon(self) -> None: ...

    def start_priority(self) -> None:
        self.why_words, self._asked_why = {}, set()
        self.rework(self.session.labels())
        self.draw_priority()

    def stop_priority(self) -> None:
        """The screen is closing: end the ranking process."""
        if self.ranking is not None:
            self.ranking.close()

    def priority_decided(self) -> None:
        """After a decision or an undo: once the next record is painted, retrain when due,
        else once the reviewer pauses."""
        self.since += 1
        self.call_after_refresh(self._after_decision)

    def _after_decision(self) -> None:
        if self.session.kind == "priority":  # labels are a pass over the decisions: only here
            labels = self.session.labels()
            if self._due(labels):
                self.rework(labels)
                return
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(PAUSE_SECONDS, self.on_pause)

    def _due(self, labels: dict[int, int]) -> bool:
        if not can_rank(labels):
            return False
        return self.trained_on is None or retrain_due(self.trained_on, self.since)

    def on_pause(self) -> None:
        self.rework(self.session.labels())

    def rework(self, labels: dict[int, int]) -> None:
        """Rank and count again in the ranking process: one request out at a time."""
        if self._working:
            self._again = True
            return
        self._working, self._again = True, False
        order, decided = self.session.snapshot()
        ranked = self.session.kind == "priority"
        if ranked and can_rank(labels):
            self.since = 0
        self._request = Request(labels, order, decided, self.record_id, ranked)
        self._rework()

    @work(thread=True, group="ranking", description="ranking")
    def _rework(self) -> None:
        """Waits for the ranking process's answer (the process is started on first use);
        the order goes and comes in slices, so that the app's thread is not held back. The
        request and answer are the screen's, not the worker's arguments: a finished worker
        lingers until a full garbage collection, which would walk its 100,000-record lists."""
        request, self._request = self._request, None
        assert request is not None
        try:
            if self.ranking is None:
                self.ranking = RankingProcess(
                    self.project.root, self.stage, self.session.reviewer, request.order
                )
            sent = as_bytes_gently(request.order)
            answer = self.ranking.rank(
                request.labels, sent, request.decided, request.current, request.ranked
            )
        except RankingStopped as exc:
            if self.ranking is None or not self.ranking.closed:  # not closed with the screen
                self.app.call_from_thread(self.ranking_failed, str(exc))
            return
        planned = None
        if answer.order is not None:
            planned = RankedOrder(as_ids_gently(answer.order), request.decided, answer.boundary)
        self._answer = (answer, planned)
        self.app.call_from_thread(self.reworked)

    def ranking_failed(self, message: str) -> None:
        self._working = False
        if self.ranking is not None:  # a child that answers with errors is ended too
            self.ranking.close()
        self.ranking = None  # started again on the next request
        self.order_note = f"priority: {message} (this order meanwhile)"
        self.draw_priority()

    def reworked(self) -> None:
        assert self._answer is not None
        (answer, plan), self._answer = self._answer, None
        self._working = False
        if answer.missing:
            self.order_note, self.stopping_text = RANKING_EXTRA, ""
        else:
            self.stopping_text = answer.stopping
            self.ranking_peak_mb = answer.peak_mb
        if self.session.kind == "priority" and not answer.missing:
            self.order_note = "priority: " + (
                f"ranked on your {answer.trained_on} includes/excludes"
                if answer.trained_on is not None
                else "file order until you have an include and an exclude"
            )
        if answer.trained_on is not None and plan is not None:
            self.trained_on, self.why_words, self._asked_why = answer.trained_on, answer.why, set()
            if self.session.kind == "priority":
                self.index = self.session.apply_ranking(plan, self.index)
                self.read_soon()  # the next record may be another now: rendered again
        self.draw_priority()
        self.query_one(ProgressLine).show(self.index, self.session.progress(), self.hit_text())
        if self._again:
            self.rework(self.session.labels())

    @work(thread=True, group="why", description="why")
    def _fetch_why(self, record_id: int) -> None:
        ranking = self.ranking
        if ranking is None:
            return
        try:
            found = ranking.why(record_id)
        except RankingStopped:
            return
        self.app.call_from_thread(self._why_came, record_id, found)

    def _why_came(self, record_id: int, found: Why) -> None:
        self.why_words[record_id] = found
        if record_id == self.record_id:
            self.draw_priority()

    def draw_priority(self) -> None:
        why = ""
        rid = self.record_id
        if self.show_why and self.trained_on is not None and rid is not None:
            if rid not in self.why_words and rid not in self._asked_why:
                self._asked_why.add(rid)
                self._fetch_why(rid)
            up, down = self.why_words.get(rid, ([], []))
            shown = [("↑ " + ", ".join(up)) if up else "", ("↓ " + ", ".join(down)) if down else ""]
            why = "why: " + "  ".join(part for part in shown if part) if up or down else ""
        order = self.order_note or f"order: {self.session.kind}"
        self.query_one(PriorityLine).show(order, why, self.stopping_text)

    def action_switch_order(self) -> None:
        kind = ORDERS[(ORDERS.index(self.session.kind) + 1) % len(ORDERS)]
        self.index = self.session.switch_order(kind, self.index)
        self.order_note = ""
        if kind == "priority":
            self.rework(self.session.labels())
        self.notify(f"Order: {kind}", timeout=1.5)
        self.draw_priority()
        self.draw_state()

    def action_stop_screening(self) -> None:
        """The team's stop, confirmed: the rule is typed (or the offered one kept)."""
        stage = self.stage

        def stop(rule: str | None) -> None:
            if not rule:
                return
            try:  # loaded now, not with the view: the figures need scipy (about a second)
                guidance = importlib.import_module("review.screening.priority.guidance")
                done = guidance.stop_stage(self.project, stage, self.session.reviewer, rule)
            except ModuleNotFoundError:
                self.notify(RANKING_EXTRA, severity="error")
                return
            except ReviewError as exc:
                self.notify(str(exc), severity="error")
                return
            self.index = self.session.switch_order(self.session.kind, self.index)
            self.notify(
                f"Stopped by {done['rule']!r}: {done['excluded_by_rule']} records nobody decided "
                f"are excluded by the rule; {done['waiting_for_a_second_reviewer']} still need "
                "a second reviewer (review stop --undo takes it back)",
                timeout=8,
            )
            self.on_pause()
            self.draw_state()

        target = f"{self.project.protocol.stop_recall:.0%}"
        confidence = f"{self.project.protocol.stop_confidence:.0%}"
        safe = self.stopping_text.startswith("safe to stop")
        figures = self.stopping_text or "no figures yet"
        said = (
            "The rule met:"
            if safe
            else f"Your stopping test does not say it is safe yet ({figures}). The rule met:"
        )
        offered = f"hypergeometric test: recall of {target} reached at {confidence} confidence"
        self.app.push_screen(
            InputModal(
                f"Stop screening {stage} for the whole team? Records nobody has decided will be "
                f"excluded by the stopping rule. {said}",
                value=offered if safe else "",
                required="Say which rule was met (escape cancels).",
                hint="enter stops screening for the team · escape cancels",
            ),
            stop,
        )

    def action_toggle_why(self) -> None:
        self.show_why = not self.show_why
        self.draw_priority()
