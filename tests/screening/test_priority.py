"""Prioritised screening in the core: each reviewer's own ranking, cold start, simulate, stop."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from review.base.models import ParsedRecord
from review.reporting.prisma import compute_flow
from review.reporting.prisma.fields import flow_fields
from review.screening.outcomes import STOPPED, stage_outcomes
from review.screening.priority.features import build_features
from review.screening.priority.guidance import reviewer_estimate, reviewer_line
from review.screening.priority.ranker import ReviewerRanker, stage_features
from review.screening.priority.simulate import draw_priors, simulate
from review.screening.priority.stopping import stopping_estimate
from review.screening.queue import ScreeningSession
from support.topics import WANTED, add_topics, is_wanted

TA = "title-abstract"


@pytest.fixture
def prioritised(project):
    protocol = dataclasses.replace(project.protocol, orders={TA: "priority"})
    project.protocol = protocol
    return project


def ranked_order(project, reviewer: str) -> list[int]:
    """The order a reviewer's session shows after a ranking on their own decisions."""
    session = ScreeningSession(project, TA, reviewer)
    ranker = ReviewerRanker(stage_features(project, session.order))
    ranking = ranker.train(session.labels())
    if ranking is not None:
        session.rank(ranking.ranked, None)
    return session.order


def test_a_ranking_learns_only_from_the_reviewers_own_decisions(prioritised):
    ids = add_topics(prioritised)
    wanted = [r for r in ids if is_wanted(prioritised, r)]
    other = [r for r in ids if r not in wanted]
    a = ScreeningSession(prioritised, TA, "Reviewer A")
    a.decide(wanted[0], "include")
    a.decide(other[0], "exclude", "E1")
    before = ranked_order(prioritised, "Reviewer A")
    b = ScreeningSession(prioritised, TA, "Reviewer B")
    for rid in wanted[1:6]:  # B says the opposite of A about many records
        b.decide(rid, "exclude", "E1")
    for rid in other[1:6]:
        b.decide(rid, "include")
    assert ranked_order(prioritised, "Reviewer A") == before
    assert ranked_order(prioritised, "Reviewer B") != before


def test_the_queue_keeps_file_order_until_an_include_and_an_exclude(prioritised):
    ids = add_topics(prioritised)
    session = ScreeningSession(prioritised, TA, "Reviewer A")
    assert session.order == ids
    ranker = ReviewerRanker(stage_features(prioritised, session.order))
    session.decide(ids[0], "exclude", "E1")
    session.decide(ids[1], "exclude", "E1")
    assert ranker.train(session.labels()) is None and session.order == ids
    session.decide(ids[2], "include")  # the 3rd record is the first about the wanted topic
    ranking = ranker.train(session.labels())
    assert ranking is not None
    session.rank(ranking.ranked, 2)
    following = session.order[session.next_undecided(3) :]
    top = following[:8]
    assert all(is_wanted(prioritised, r) for r in top), top  # the likely includes come first
    assert session.order[:3] == ids[:3]  # what was decided stays where it was seen


def test_why_names_the_words_that_moved_a_record(prioritised):
    ids = add_topics(prioritised)
    session = ScreeningSession(prioritised, TA, "Reviewer A")
    session.decide(ids[2], "include")
    session.decide(ids[0], "exclude", "E1")
    ranker = ReviewerRanker(stage_features(prioritised, session.order))
    ranker.train(session.labels())
    wanted = next(r for r in ids[3:] if is_wanted(prioritised, r))
    other = next(r for r in ids[3:] if not is_wanted(prioritised, r))
    up, _down = ranker.why(wanted)
    _up, down = ranker.why(other)
    assert up and all(word.rstrip("…") in " ".join(WANTED) for word in up)  # words or starts
    assert down and any(
        w in " ".join(down)
        for w in ("fracture", "bone", "surgery", "implant", "healing", "orthopaedic")
    )


def test_why_leaves_out_words_that_tell_nothing(prioritised):
    titles = ["Depression in the rat", "Fracture of a bone", "Anhedonia in the mouse",
              "Healing of a hip", "Stress in the forced swim test"]  # fmt: skip
    records = [ParsedRecord(position=n, source_record_id=f"w{n}", title=t, authors=["A, B."])
               for n, t in enumerate(titles, 1)]  # fmt: skip
    prioritised.store.add_source(name="Words", kind="database", records=records)
    ids = prioritised.store.record_ids()
    session = ScreeningSession(prioritised, TA, "Reviewer A")
    session.decide(ids[0], "include")
    session.decide(ids[1], "exclude", "E1")
    ranker = ReviewerRanker(stage_features(prioritised, session.order))
    ranker.train(session.labels())
    up, down = ranker.why(ids[2])
    assert "anhedonia" not in up + down  # unseen in training: no weight
    assert not {"in", "the", "of", "a"} & set(up + ranker.why(ids[1])[1])  # weighed, not shown
    assert "stress" not in up and ranker.why(ids[4])[0] == []  # nothing telling pushed it


def test_switching_order_loses_nothing(prioritised):
    ids = add_topics(prioritised)
    session = ScreeningSession(prioritised, TA, "Reviewer A")
    session.decide(ids[0], "exclude", "E1")
    at = session.switch_order("shuffle", 0)
    assert sorted(session.order) == sorted(ids) and session.order[at] == ids[0]
    session.switch_order("file", at)
    assert session.order == ids and session.decision(ids[0]).decision == "exclude"


def test_simulate_gives_the_same_order_twice_with_one_seed():
    ids = list(range(1, 81))
    texts = [
        ("rodent depression stress" if i % 4 == 0 else "bone fracture surgery") + f" w{i % 7}"
        for i in ids
    ]
    labels = {i: int(i % 4 == 0) for i in ids}
    features = build_features(ids, texts)
    priors = draw_priors(ids, [labels[i] for i in ids], 1, 1, seed=7)
    first = simulate(features, labels, priors)
    again = simulate(features, labels, draw_priors(ids, [labels[i] for i in ids], 1, 1, seed=7))
    assert first.order == again.order and sorted(first.order) == ids
    assert first.order[:2] == priors
    found = [labels[r] for r in first.order[:25]]
    assert sum(found) == 20  # every include within the first 25 records screened


def test_features_are_scikit_learns_tf_idf_built_in_place():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from review.screening.priority.features import MAX_DF, words

    rng = random.Random(3)
    vocabulary = ["the", "rodent", "depression", "stress", "bone", "fracture", "analysis"]
    texts = [" ".join(["the"] + rng.choices(vocabulary, k=rng.randint(0, 30))) for _ in range(60)]
    texts[5] = ""  # a record with no words at all
    ids = list(range(1, 61))
    ours = build_features(ids, iter(texts))  # read once, as from the store
    theirs = TfidfVectorizer(analyzer=words, sublinear_tf=True, max_df=MAX_DF, dtype=np.float32)
    expected = theirs.fit_transform(texts)
    assert "the" not in ours.vocabulary  # in every record: dropped
    assert list(ours.vocabulary) == list(theirs.get_feature_names_out())
    assert abs(ours.matrix - expected).max() < 1e-6 and ours.matrix.nnz == expected.nnz
    alike = build_features(ids[:30], ["the same words"] * 30)  # every term everywhere: kept
    assert list(alike.vocabulary) == ["same", "the", "words", "word~"]


def test_the_stopping_tests_cdf_is_scipys():
    import numpy as np
    from scipy.stats import hypergeom

    from review.screening.priority.hypergeometric import hypergeom_cdf

    rng = np.random.default_rng(5)
    for _ in range(40):  # urns of a few records to 200,000; counts summed here and by scipy
        urn = int(rng.integers(1, 200_000))
        marked, draws = rng.integers(0, urn + 1, 60), rng.integers(0, urn + 1, 60)
        k = rng.integers(-1, 150, 60)
        expected = hypergeom.cdf(k, urn, marked, draws)
        assert np.abs(hypergeom_cdf(k, np.full(60, urn), marked, draws) - expected).max() < 1e-8


def test_the_stopping_test_waits_for_evidence():
    found_early = [1] * 100 + [0] * 1400
    early = stopping_estimate(found_early[:300], total=2000)
    late = stopping_estimate(found_early, total=2000)
    assert not early.safe_to_stop and late.safe_to_stop
    assert late.since_last_include == 1400 and late.includes == 100
    assert late.recall_at_least is not None and late.recall_at_least >= 0.9
    assert stopping_estimate([], total=10).recall_at_least is None


def test_stopping_excludes_what_nobody_decided_and_undo_reverses_it(prioritised, cli):
    ids = add_topics(prioritised, count=30)
    a = ScreeningSession(prioritised, TA, "Reviewer A")
    b = ScreeningSession(prioritised, TA, "Reviewer B")
    for rid in ids[:10]:
        a.decide(
            rid,
            "include" if is_wanted(prioritised, rid) else "exclude",
            None if is_wanted(prioritised, rid) else "E1",
        )
    for rid in ids[:6]:
        b.decide(
            rid,
            "include" if is_wanted(prioritised, rid) else "exclude",
            None if is_wanted(prioritised, rid) else "E1",
        )
    result = cli(
        "--project",
        prioritised.root,
        "stop",
        "--by",
        "Reviewer A",
        "--rule",
        "hypergeometric test, 95% recall, 95% confidence",
        "--json",
    )
    assert result.code == 0, result.err
    done = json.loads(result.out)
    assert done["excluded_by_rule"] == 20 and done["waiting_for_a_second_reviewer"] == 4
    assert set(done["figures"]) == {"Reviewer A", "Reviewer B"}
    outcomes = stage_outcomes(prioritised, TA)
    assert sum(o.basis == STOPPED for o in outcomes.values()) == 20
    assert ScreeningSession(prioritised, TA, "Reviewer B").order[:4] == ids[6:10]  # B's turn first
    fields = flow_fields(compute_flow(prioritised))
    assert fields["excluded_automatic"] == 20 and fields["records_screened"] == 10
    assert any("hypergeometric test" in note for note in compute_flow(prioritised).notes)
    again = cli("--project", prioritised.root, "stop", "--by", "Reviewer A", "--rule", "again")
    assert again.code == 2 and "already stopped" in again.err
    undone = cli("--project", prioritised.root, "stop", "--by", "Reviewer A", "--undo")
    assert undone.code == 0, undone.err
    assert not any(o.basis == STOPPED for o in stage_outcomes(prioritised, TA).values())
    assert flow_fields(compute_flow(prioritised))["excluded_automatic"] == 0
    assert len(ScreeningSession(prioritised, TA, "Reviewer B").order) == 30


def test_a_reviewers_estimate_counts_their_own_screening(prioritised):
    ids = add_topics(prioritised, count=20)
    a = ScreeningSession(prioritised, TA, "Reviewer A")
    a.decide(ids[2], "include")
    a.decide(ids[0], "exclude", "E1")
    a.decide(ids[1], "unsure")
    estimate = reviewer_estimate(prioritised, TA, "Reviewer A")
    assert (estimate.screened, estimate.includes, estimate.total) == (3, 2, 20)
    assert estimate.target == prioritised.protocol.stop_recall
    line = reviewer_line(prioritised, TA, "Reviewer A")  # the verdict first, unsure said
    assert line.startswith(("keep screening: recall ≥", "safe to stop: recall ≥")), line
    assert line.endswith("screened 3/20 · includes 2 (with 1 unsure)"), line


def test_simulate_without_scikit_learn_says_which_extra(tmp_path):
    import subprocess
    import sys

    labelled = tmp_path / "labelled.csv"
    labelled.write_text("record_id,title,label\n1,a,1\n2,b,0\n", encoding="utf-8")
    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from review.cli.main import main\n"
        f"sys.exit(main(['simulate', {str(labelled)!r}, '--label', 'label']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pip install 'review[ranking]'" in result.stderr


def test_simulate_names_a_bad_label_by_line(tmp_path, cli):
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("record_id,title,label\n1,a,1\n2,b,maybe\n", encoding="utf-8")
    result = cli("simulate", labelled, "--label", "label")
    assert result.code == 2 and "line 3" in result.err and "maybe" in result.err


def test_simulate_writes_the_whole_order(tmp_path, cli):
    rows = ["record_id,title,abstract,label"]
    for n in range(1, 41):
        topic = "rodent depression stress" if n % 5 == 0 else "bone fracture surgery"
        rows.append(f"{100 + n},{topic} {n},{topic} study,{int(n % 5 == 0)}")
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("\n".join(rows) + "\n", encoding="utf-8")
    order = tmp_path / "order.txt"
    result = cli(
        "simulate", labelled, "--label", "label", "--seed", "3", "--order-out", order, "--json"
    )
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    ids = [int(line) for line in order.read_text().split()]
    assert sorted(ids) == list(range(101, 141)) and ids[:2] == figures["priors"]
    assert figures["records"] == 40 and figures["includes"] == 8 and figures["wss95"] > 0.5
