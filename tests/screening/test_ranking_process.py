"""The ranking in a process of its own: the same order as in the app's process, and its end."""

from __future__ import annotations

import os
import signal

import pytest

from review.screening.priority.child import BACKGROUND_NICENESS
from review.screening.priority.guidance import reviewer_line
from review.screening.priority.process import RankingProcess, RankingStopped, as_bytes, as_ids
from review.screening.priority.ranker import ReviewerRanker, stage_features
from review.screening.queue import ScreeningSession, plan_ranked_order
from support.topics import add_topics, is_wanted

TA = "title-abstract"


@pytest.fixture
def screened(project):
    """Reviewer A has decided six records (two wanted ones in), the rest not."""
    ids = add_topics(project)
    session = ScreeningSession(project, TA, "Reviewer A")
    for rid in ids[:6]:
        session.decide(rid, "include" if is_wanted(project, rid) else "exclude")
    assert 0 in session.labels().values() and 1 in session.labels().values()
    return project, session


def test_the_process_ranks_as_the_app_would_and_says_why(screened):
    project, session = screened
    order, decided = session.snapshot()
    ranking = RankingProcess(project.root, TA, "Reviewer A", session.order)
    try:
        current = order[6]
        answer = ranking.rank(session.labels(), as_bytes(order), decided, current, True)
        assert answer.stopping == reviewer_line(project, TA, "Reviewer A")
        ranker = ReviewerRanker(stage_features(project, session.order))
        here = ranker.train(session.labels())
        expected = plan_ranked_order(order, decided, here.ranked)
        assert answer.trained_on == 6
        assert as_ids(answer.order) == expected.order and answer.boundary == 6
        upcoming = expected.order[6:]
        assert set(answer.why) == {current, *upcoming}  # fewer than AHEAD records here
        assert answer.why[upcoming[0]] == ranker.why(upcoming[0])
        assert any(up for up, _down in answer.why.values())
        assert ranking.why(order[0]) == ranker.why(order[0])  # a record asked for alone
        unranked = ranking.rank(session.labels(), as_bytes(order), decided, None, False)
        assert unranked.order is None and unranked.stopping == answer.stopping
        ours = os.getpriority(os.PRIO_PROCESS, 0)  # the keys come first on a busy machine
        niceness = min(19, ours + BACKGROUND_NICENESS)
        assert os.getpriority(os.PRIO_PROCESS, ranking.process.pid) == niceness
    finally:
        ranking.close()
    assert ranking.process.poll() is not None
    with pytest.raises(RankingStopped, match="closed"):
        ranking.why(order[0])


def test_a_ranking_process_that_dies_is_reported_not_waited_for(screened):
    project, session = screened
    order, decided = session.snapshot()
    ranking = RankingProcess(project.root, TA, "Reviewer A", session.order)
    try:
        os.kill(ranking.process.pid, signal.SIGKILL)
        ranking.process.wait(10)
        with pytest.raises(RankingStopped, match="ended"):
            ranking.rank(session.labels(), as_bytes(order), decided, None, True)
    finally:
        ranking.close()


def test_a_project_the_process_cannot_open_is_said_in_answer(screened, tmp_path):
    _project, session = screened
    order, decided = session.snapshot()
    ranking = RankingProcess(tmp_path / "nowhere", TA, "Reviewer A", session.order)
    try:
        with pytest.raises(RankingStopped, match="could not open the project"):
            ranking.rank(session.labels(), as_bytes(order), decided, None, True)
    finally:
        ranking.close()
