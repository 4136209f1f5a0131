"""Prioritised screening in the screening view: the order key, the ranking trained in the
background after every few decisions and on a pause, why this record, and stopping figures.

The ranking is learnt from this reviewer's own decisions only (ScreeningSession.labels), in
a worker thread with its own connection to the project: a keypress never waits for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from review.base.errors import ReviewError
from review.project import Project, open_project
from review.screening.queue import ORDERS, RankedOrder, ScreeningSession, plan_ranked_order
from review.tui.mixins import ScreenMixin
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.priority_line import PriorityLine

if TYPE_CHECKING:
    from review.screening.priority.ranker import ReviewerRanker

PAUSE_SECONDS = 2.0  # work again once the reviewer has not pressed a key for this long
RANKING_EXTRA = "priority needs scikit-learn: pip install 'review[ranking]' (file order meanwhile)"


class PrioritisedScreening(ScreenMixin):
    """The screening screen's order, ranking and stopping figures (it draws the rest)."""

    project: Project
    stage: str
    session: ScreeningSession
    index: int | None
    ranker: ReviewerRanker | None = None
    order_note = ""
    stopping_text = ""
    show_why = True
    _pause: Timer | None = None
    _working = False  # a worker is ranking now
    _again = False  # asked again meanwhile: run once more when it is done

    if TYPE_CHECKING:

        @property
        def record_id(self) -> int | None: ...

        def draw_state(self) -> None: ...

    def start_priority(self) -> None:
        self.rework(self.session.labels())
        self.draw_priority()

    def priority_decided(self) -> None:
        """After a decision or an undo: retrain when due, else once the reviewer pauses."""
        labels = self.session.labels()
        if self.ranker is not None:
            self.ranker.decided()
        if self.session.kind == "priority" and (self.ranker is None or self.ranker.due(labels)):
            self.rework(labels)
            return
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(PAUSE_SECONDS, self.on_pause)

    def on_pause(self) -> None:
        self.rework(self.session.labels())

    def rework(self, labels: dict[int, int]) -> None:
        """Rank and count again in the background: at most one worker at a time."""
        if self._working:
            self._again = True
            return
        self._working, self._again = True, False
        self._rework(labels, self.session.snapshot())

    @work(thread=True, group="ranking")
    def _rework(self, labels: dict[int, int], snapshot: tuple[list[int], frozenset[int]]) -> None:
        """A ranking on these labels (priority order) and the stopping figures, applied on
        the UI thread. scikit-learn takes about a second to load: it is loaded here, in the
        worker, so the view opens at once."""
        try:
            ranker_module = importlib.import_module("review.screening.priority.ranker")
            guidance = importlib.import_module("review.screening.priority.guidance")
        except ModuleNotFoundError:
            self.app.call_from_thread(self.reworked, None, RANKING_EXTRA, "", None)
            return
        ranker, note, plan = self.ranker, "", None
        with open_project(self.project.root) as project:
            if self.session.kind == "priority":
                if ranker is None:
                    ranker = ranker_module.ReviewerRanker(
                        ranker_module.stage_features(project, list(self.session.order))
                    )
                ranking = ranker.train(labels)
                if ranking is not None:
                    plan = plan_ranked_order(*snapshot, ranking.ranked)
                note = "priority: " + (
                    f"ranked on your {ranking.trained_on} includes and excludes"
                    if ranking is not None
                    else "file order until you have an include and an exclude"
                )
            estimate = guidance.reviewer_estimate(project, self.stage, self.session.reviewer)
            stopping = guidance.estimate_line(estimate)
        self.app.call_from_thread(self.reworked, ranker, note, stopping, plan)

    def reworked(
        self,
        ranker: ReviewerRanker | None,
        note: str,
        stopping: str,
        plan: RankedOrder | None = None,
    ) -> None:
        self._working = False
        self.order_note, self.stopping_text = note, stopping
        if ranker is not None and self.session.kind == "priority":
            self.ranker = ranker
            if plan is not None:
                self.index = self.session.apply_ranking(plan, self.index)
        self.draw_priority()
        self.draw_state()
        if self._again:
            self.rework(self.session.labels())

    def draw_priority(self) -> None:
        why = ""
        rid = self.record_id
        if self.show_why and self.ranker is not None and rid is not None:
            up, down = self.ranker.why(rid)
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
        self.app.push_screen(
            InputModal(
                f"Stop screening {stage} for the whole team? Records nobody has decided will be "
                "excluded by the stopping rule. The rule met:",
                value=f"hypergeometric test: recall of {target} reached at {confidence} confidence",
                required="Say which rule was met (escape cancels).",
                hint="enter stops screening for the team · escape cancels",
            ),
            stop,
        )

    def action_toggle_why(self) -> None:
        self.show_why = not self.show_why
        self.draw_priority()
