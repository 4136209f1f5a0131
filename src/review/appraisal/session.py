"""One reviewer appraising the included studies: answers written at once, undo appends."""

from __future__ import annotations

from review.appraisal.answers import check_answer, finished_by, visible_answers
from review.appraisal.conflicts import (
    Conflict,
    DesignConflict,
    conflicts,
    design_conflicts,
    resolve_design,
    resolve_item,
)
from review.appraisal.setup import appraisal_setup
from review.appraisal.studies import included_studies, record_design, study_labels
from review.base.appraisal_setup import AppraisalSetup
from review.base.checklists import Checklist, Item
from review.base.errors import InputError
from review.project import Project
from review.storage.appraisal import Answer

Key = tuple[int, str, str]  # record_id, checklist, item


class AppraisalSession:
    """The reviewer's own designs and answers, kept in memory and appended to the store."""

    def __init__(self, project: Project, reviewer: str, setup: AppraisalSetup | None = None):
        reviewer = project.reviewer_name(reviewer)
        self.project = project
        self.reviewer = reviewer
        self.setup = setup or appraisal_setup(project)
        self.studies = included_studies(project)
        self.labels = study_labels(project, self.studies)
        self.designs = {
            rid: d for (rid, who), d in project.store.current_designs().items() if who == reviewer
        }
        self.agreed_designs = project.store.agreed_designs()
        self.mine: dict[Key, Answer] = {
            (k[0], k[1], k[2]): a
            for k, a in project.store.current_answers().items()
            if k[3] == reviewer
        }
        self._undo: list[tuple[Key, Answer | None]] = []

    # -- what to answer ------------------------------------------------------------------

    def design(self, record_id: int) -> str | None:
        """The design whose checklists this reviewer answers: the agreed one, else their own."""
        return self.agreed_designs.get(record_id) or self.designs.get(record_id)

    def set_design(self, record_id: int, design: str) -> None:
        self.designs[record_id] = record_design(
            self.project, self.setup, record_id, self.reviewer, design
        )

    def checklists(self, record_id: int) -> list[Checklist]:
        return self.setup.checklists_for(self.design(record_id))

    def items(self, record_id: int) -> list[tuple[Checklist, Item]]:
        return [(c, i) for c in self.checklists(record_id) for i in c.items]

    # -- answers ---------------------------------------------------------------------------

    def answer(self, record_id: int, checklist: str, item: str) -> Answer | None:
        return self.mine.get((record_id, checklist, item))

    def set_answer(self, record_id: int, checklist: str, item: str, code: str | None) -> Answer:
        """Give (or clear) an answer, keeping the item's justification, quote and number."""
        old = self.answer(record_id, checklist, item)
        return self._write(
            Answer(
                record_id,
                checklist,
                item,
                self.reviewer,
                code,
                old.justification if old else None,
                old.quote if old else None,
                old.value if old else None,
            )
        )

    def annotate(
        self,
        record_id: int,
        checklist: str,
        item: str,
        justification: str | None,
        quote: str | None,
        value: float | None = None,
    ) -> Answer:
        """Set the justification, quote/page and number of an item, keeping its answer."""
        old = self.answer(record_id, checklist, item)
        return self._write(
            Answer(
                record_id,
                checklist,
                item,
                self.reviewer,
                old.answer if old else None,
                justification or None,
                quote or None,
                value,
            )
        )

    def _write(self, answer: Answer) -> Answer:
        check_answer(self.setup, answer.checklist, answer.item, answer.answer, answer.value)
        key = (answer.record_id, answer.checklist, answer.item)
        previous = self.mine.get(key)
        stored = self.project.store.add_answers([answer])[0]
        self.mine[key] = stored
        self._undo.append((key, previous))
        return stored

    def undo(self) -> Key | None:
        """Restore the item changed last in this session (appends); returns its key."""
        if not self._undo:
            return None
        key, previous = self._undo.pop()
        restored = previous or Answer(*key, self.reviewer, None)
        stored = self.project.store.add_answers(
            [
                Answer(
                    *key,
                    self.reviewer,
                    restored.answer,
                    restored.justification,
                    restored.quote,
                    restored.value,
                )
            ],
        )[0]
        self.mine[key] = stored
        return key

    # -- progress --------------------------------------------------------------------------

    def progress(self, record_id: int) -> tuple[int, int]:
        """(answered, total) items of this study for its design."""
        items = self.items(record_id)
        done = sum(1 for c, i in items if (a := self.answer(record_id, c.id, i.code)) and a.answer)
        return done, len(items)

    def finished(self, record_id: int) -> bool:
        done, total = self.progress(record_id)
        return total > 0 and done >= total

    def studies_finished(self) -> int:
        return sum(1 for rid in self.studies if self.finished(rid))

    def next_unanswered(self, study: int, item: int) -> tuple[int, int] | None:
        """(study index, item index) of the first item without an answer (or study without a
        design) from this position on, wrapping round; None when everything is answered."""
        n = len(self.studies)
        for step in range(n + 1):
            s = (study + step) % n if n else 0
            if not n:
                return None
            rid = self.studies[s]
            items = self.items(rid)
            if not items:
                return s, 0
            begin = item if step == 0 else 0
            end = item if step == n else len(items)
            for k in range(begin, end):
                c, i = items[k]
                a = self.answer(rid, c.id, i.code)
                if not a or not a.answer:
                    return s, k
        return None

    # -- the other reviewers, where blinding allows --------------------------------------

    def others(self, record_id: int) -> list[Answer] | None:
        """Others' answers on the study; None while blinding hides them."""
        shown = visible_answers(self.project, self.setup, record_id, self.reviewer)
        if self.setup.blind and not shown and not self._unblinded(record_id):
            return None
        return shown

    def _unblinded(self, record_id: int) -> bool:
        done = finished_by(self.project, self.setup, [record_id])[record_id]
        return self.reviewer in done and len(done) > 1

    def conflicts(self, record_id: int) -> dict[tuple[str, str], Conflict]:
        """(checklist, item) -> conflict on this study, only once the reviewer may see it."""
        if self.others(record_id) is None:
            return {}
        return {(c.checklist, c.item): c for c in conflicts(self.project, record_id=record_id)}

    def design_conflict(self, record_id: int) -> DesignConflict | None:
        """The reviewers' differing designs of this study, once the reviewer may see them."""
        if self.others(record_id) is None:
            return None
        found = [c for c in design_conflicts(self.project) if c.record_id == record_id]
        return found[0] if found else None

    def resolve_design(self, record_id: int, design: str, note: str | None) -> None:
        """Record the agreed design (consensus if this reviewer gave one, else a third
        reviewer's); every reviewer then answers that design's checklists."""
        conflict = self.design_conflict(record_id)
        if conflict is None:
            raise InputError("the reviewers' designs of this study do not differ (or are blind)")
        method = "consensus" if self.reviewer in conflict.designs else "third-reviewer"
        agreed = resolve_design(
            self.project, self.setup, record_id, design, method, self.reviewer, note
        )
        self.agreed_designs[record_id] = agreed.answer

    def resolve(
        self,
        record_id: int,
        checklist: str,
        item: str,
        answer: str,
        note: str | None,
        value: float | None = None,
    ) -> None:
        """Record the agreed answer (and number): consensus if this reviewer answered it, else
        third reviewer."""
        found = [
            c
            for c in conflicts(self.project, record_id=record_id)
            if c.checklist == checklist and c.item == item
        ]
        answered = {a.reviewer for c in found for a in c.answers}
        method = "consensus" if self.reviewer in answered else "third-reviewer"
        resolve_item(
            self.project,
            self.setup,
            record_id,
            checklist,
            item,
            answer,
            method,
            self.reviewer,
            note,
            value,
        )
