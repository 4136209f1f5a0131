"""Protocol files: the shipped one loads; malformed ones name the wrong key."""

import pytest

from places import PROTOCOL
from review.appraisal.setup import appraisal_setup
from review.base.errors import ProtocolError, ReviewError
from review.base.protocol import load_protocol
from review.project import init_project
from support.appraisal import GOOD


def test_partnerships_protocol_loads():
    p = load_protocol(PROTOCOL)
    assert p.blind is True and p.stages == ("title-abstract", "full-text")
    assert [c.code for c in p.inclusion_criteria] == ["I1", "I2", "I3"]
    assert [r.code for r in p.reasons_for("title-abstract")] == [f"E{i}" for i in range(1, 8)]
    assert [r.code for r in p.reasons_for("full-text")] == [f"E{i}" for i in range(1, 10)]
    assert p.reason("E5").advisory is True and p.reason("E1").advisory is False
    assert "partnership*" in p.highlight_include and p.appraisal_score is False
    assert p.appraisal_designs["mixed"] == ("partnerships-qualitative", "partnerships-quantitative")


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('title = "Partnerships', 'titel = "Partnerships', "titel"),
        ("blind = true", "blnd = false", "screening.blnd"),
        ("[screening]", "[screnning]", "screnning"),
        ("advisory = true", "advisry = true", "exclusion_reasons[4].advisry"),
        ('reviewers = ["Reviewer A", "Reviewer B"]', "reviewers = []", "reviewers"),
        ('reviewers = ["Reviewer A", "Reviewer B"]', 'reviewers = "A"', "reviewers"),
        ('reviewers = ["Reviewer A", "Reviewer B"]', 'reviewers = ["A", 3]', "reviewers[1]"),
        ("blind = true", 'blind = "yes"', "screening.blind"),
        ('order = "file"', 'order = "random"', "screening.order"),
        (
            'stages = ["title-abstract", "full-text"]\nblind',
            'stages = ["title-abstract", "abstract"]\nblind',
            "screening.stages[1]",
        ),
        ('label = "Not in English"', "", "exclusion_reasons[5].label"),
        ('code = "E2"', 'code = "E1"', "exclusion_reasons[1].code"),
        ('stages = ["full-text"]', 'stages = ["fulltext"]', "exclusion_reasons[7].stages[0]"),
        ("score = false", "score = 0", "appraisal.score"),
        ('title = "Partnerships', 'title = = "Partnerships', "(syntax)"),
    ],
)
def test_malformed_protocol_names_the_key(tmp_path, old, new, key):
    text = PROTOCOL.read_text()
    assert old in text
    path = tmp_path / "p.toml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    assert caught.value.key == key
    assert str(path) in str(caught.value)


def test_a_misspelt_key_is_named_with_the_likely_one(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(PROTOCOL.read_text().replace("blind = true", "blnd = false"))
    with pytest.raises(ProtocolError, match="did you mean 'blind'"):
        load_protocol(path)


def test_init_refuses_a_protocol_whose_checklist_does_not_exist(tmp_path):
    path = tmp_path / "p.toml"
    text = PROTOCOL.read_text()
    old = 'qualitative = ["partnerships-qualitative"]'
    assert old in text
    path.write_text(text.replace(old, 'qualitative = ["nonexistent-checklist"]'))
    with pytest.raises(ProtocolError) as caught:
        init_project(tmp_path / "project", path)
    assert caught.value.key == "appraisal.designs.qualitative[0]"
    assert not (tmp_path / "project").exists()


def test_init_takes_the_protocols_own_checklists_along(tmp_path):
    team = tmp_path / "team"
    (team / "checklists").mkdir(parents=True)
    (team / "checklists" / "mine.toml").write_text(GOOD)
    text = PROTOCOL.read_text().replace(
        "score = false", 'score = false\nchecklists = ["checklists/mine.toml"]'
    )
    (team / "protocol.toml").write_text(text)
    with init_project(tmp_path / "project", team / "protocol.toml") as project:
        assert (tmp_path / "project" / "checklists" / "mine.toml").read_text() == GOOD
        assert "mine" in appraisal_setup(project).checklists
    (tmp_path / "elsewhere.toml").write_text(GOOD)
    (team / "outside.toml").write_text(text.replace("checklists/mine.toml", "../elsewhere.toml"))
    with pytest.raises(ReviewError, match="climbs out of the protocol's folder"):
        init_project(tmp_path / "other", team / "outside.toml")
    assert not (tmp_path / "other").exists()
