"""Agreement statistics checked against tables computed by hand."""

import json
import math

import pytest

from review.screening.agreement import agreement_from_pairs


def _pairs(table: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    return [pair for pair, count in table.items() for _ in range(count)]


def test_two_by_two_by_hand():
    # 20 both include, 5 A-include/B-exclude, 10 A-exclude/B-include, 65 both exclude.
    result = agreement_from_pairs(
        "title-abstract",
        ("A", "B"),
        _pairs(
            {
                ("include", "include"): 20,
                ("include", "exclude"): 5,
                ("exclude", "include"): 10,
                ("exclude", "exclude"): 65,
            }
        ),
    )
    assert result.categories == ("include", "exclude")
    assert result.table == ((20, 5), (10, 65))
    assert result.n == 100
    assert result.percent_agreement == pytest.approx(0.85)
    # pe = 0.25*0.30 + 0.75*0.70 = 0.60; kappa = (0.85-0.60)/0.40 = 0.625
    assert result.kappa == pytest.approx(0.625)
    assert result.pabak == pytest.approx(0.70)
    low, high = result.kappa_ci
    assert low < 0.625 < high and high - low == pytest.approx(2 * 1.96 * 0.0867, abs=0.01)


def test_three_by_three_with_a_category_one_reviewer_never_used():
    # B never answers unsure.
    result = agreement_from_pairs(
        "title-abstract",
        ("A", "B"),
        _pairs(
            {
                ("include", "include"): 10,
                ("exclude", "exclude"): 30,
                ("unsure", "include"): 4,
                ("unsure", "exclude"): 6,
            }
        ),
    )
    assert result.categories == ("include", "exclude", "unsure")
    assert result.table == ((10, 0, 0), (0, 30, 0), (4, 6, 0))
    po = 40 / 50
    pe = (10 / 50) * (14 / 50) + (30 / 50) * (36 / 50) + (10 / 50) * 0
    assert result.percent_agreement == pytest.approx(po)
    assert result.kappa == pytest.approx((po - pe) / (1 - pe))
    assert result.pabak == pytest.approx((3 * po - 1) / 2)


def test_kappa_undefined_when_everything_excluded():
    result = agreement_from_pairs("title-abstract", ("A", "B"), [("exclude", "exclude")] * 12)
    assert result.percent_agreement == 1.0 and result.kappa is None and result.kappa_ci is None
    assert "undefined" in result.kappa_note and result.pabak == 1.0
    encoded = json.dumps(result.as_dict())
    assert '"kappa": null' in encoded and "NaN" not in encoded


def test_no_records_in_common():
    result = agreement_from_pairs("full-text", None, [])
    assert result.n == 0 and result.percent_agreement is None and result.kappa is None


def test_matches_sklearn_when_installed():
    metrics = pytest.importorskip("sklearn.metrics")
    pairs = _pairs(
        {
            ("include", "include"): 7,
            ("include", "unsure"): 2,
            ("exclude", "exclude"): 19,
            ("unsure", "exclude"): 3,
            ("exclude", "include"): 1,
        }
    )
    result = agreement_from_pairs("title-abstract", ("A", "B"), pairs)
    expected = metrics.cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs])
    assert math.isclose(result.kappa, expected, rel_tol=1e-9)


def test_confidence_interval_stays_within_kappas_range():
    result = agreement_from_pairs(
        "title-abstract",
        ("A", "B"),
        _pairs(
            {
                ("include", "include"): 3,
                ("include", "exclude"): 1,
                ("exclude", "exclude"): 1,
            }
        ),
    )
    low, high = result.kappa_ci
    assert -1.0 <= low < result.kappa < high == 1.0
