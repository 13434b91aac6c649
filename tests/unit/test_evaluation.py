"""The review: scores against SDMetrics, warnings on planted defects, privacy.

Planted defects use two random halves of the full Adult table: half A plays
the real data and half B, changed in one way per test, the synthetic data.
Unchanged, B against A raises no warning of high severity, so every high
warning on a changed B must come from the change.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from synthdesk.core.evaluation import (
    Thresholds,
    association_matrices,
    evaluate,
    intersection_table,
    review_counts,
)
from synthdesk.core.evaluation import scores as score_module
from synthdesk.core.evaluation.scores import split_halves

SEED = 1
# A small distance sample keeps each planted-defect review fast; the
# distance check itself is tested on its own.
FAST = {"distance_sample": 300}


@pytest.fixture(scope="module")
def adult(adult_table):
    return adult_table.model_frame(), adult_table.specs


@pytest.fixture(scope="module")
def halves(adult):
    frame, specs = adult
    first, second = split_halves(len(frame), SEED)
    real = frame.iloc[first].reset_index(drop=True)
    synthetic = frame.iloc[second].reset_index(drop=True)
    return real, synthetic, specs


def _find(evaluation, kind, columns=None, values=None):
    return [
        warning
        for warning in evaluation["warnings"]
        if warning["kind"] == kind
        and (columns is None or warning["columns"] == columns)
        and (values is None or warning["values"] == values)
    ]


def _high_outside(evaluation, touched: set[str]) -> list[dict]:
    """High warnings that name none of the changed columns."""
    return [
        warning
        for warning in evaluation["warnings"]
        if warning["severity"] == "high"
        and warning["kind"] != "real_rows_copied"
        and not touched & set(warning["columns"])
    ]


# --- Half against half ---------------------------------------------------------


def test_halves_raise_no_high_warning(halves):
    real, synthetic, specs = halves
    evaluation = evaluate(real, synthetic, specs, seed=SEED)
    high = [w["message"] for w in evaluation["warnings"] if w["severity"] == "high"]
    assert high == []
    assert evaluation["warning_counts"]["high"] == 0
    assert evaluation["traffic_light"]["colour"] == "green"
    assert evaluation["scores"]["overall"] > 0.95


def test_evaluate_keeps_result_keys(halves):
    real, synthetic, specs = halves
    evaluation = evaluate(real.head(3000), synthetic.head(3000), specs, **FAST)
    for key in (
        "scores",
        "score_sentence",
        "warnings",
        "privacy",
        "thresholds",
        "real_rows",
        "synthetic_rows",
        "seconds",
        "yardstick",
        "traffic_light",
        "warning_groups",
    ):
        assert key in evaluation, key
    assert "copied_rows" in evaluation["privacy"]
    assert "copied_unique_rows" in evaluation["privacy"]
    for warning in evaluation["warnings"]:
        assert warning["severity"] in ("high", "medium", "low")
        assert warning["plot"]["type"] in ("column", "pair", "intersection", "privacy")


# --- Planted defects -------------------------------------------------------------


def test_removed_rare_category_is_missing(halves):
    real, synthetic, specs = halves
    counts = real["native-country"].value_counts()
    value = counts[(counts >= 16) & (counts <= 40)].index[0]
    changed = synthetic.copy()
    changed.loc[changed["native-country"] == value, "native-country"] = "United-States"
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(
        evaluation, "category_missing", ["native-country"], {"native-country": value}
    )
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["real_count"] == counts[value]
    assert found[0]["synthetic_count"] == 0
    assert _high_outside(evaluation, {"native-country"}) == []


def test_impossible_pair_is_invented(halves):
    real, synthetic, specs = halves
    changed = synthetic.copy()
    husbands = changed.index[changed["relationship"] == "Husband"][:300]
    changed.loc[husbands, "sex"] = "Female"
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(
        evaluation,
        "combination_invented",
        ["relationship", "sex"],
        {"relationship": "Husband", "sex": "Female"},
    )
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["real_count"] <= 1
    assert found[0]["synthetic_count"] >= 300
    assert found[0]["plot"] == {
        "type": "intersection",
        "columns": ["relationship", "sex"],
    }
    assert found[0]["folded"] > 0
    assert _high_outside(evaluation, {"relationship", "sex"}) == []


def _absent_triple(real, synthetic, columns, least_pair=30):
    """Values of three columns whose pairs are all common but which never meet."""
    seen_real = set(real.groupby(columns).size().index)
    seen_synthetic = set(synthetic.groupby(columns).size().index)
    pairs = {
        (x, y): real.groupby([columns[x], columns[y]]).size()
        for x, y in itertools.combinations(range(3), 2)
    }
    choices = [real[column].dropna().unique() for column in columns]
    best = None
    for values in itertools.product(*choices):
        if values in seen_real or values in seen_synthetic:
            continue
        weakest = min(pairs[(x, y)].get((values[x], values[y]), 0) for x, y in pairs)
        if weakest >= least_pair and (best is None or weakest > best[0]):
            best = (weakest, values)
    return best[1] if best else None


def test_impossible_triple_is_invented(halves):
    real, synthetic, specs = halves
    columns = ["workclass", "education", "race"]
    values = _absent_triple(real, synthetic, columns)
    assert values is not None
    workclass, education, race = values
    changed = synthetic.copy()
    rows = changed.index[
        (changed["education"] == education)
        & changed["workclass"].notna()
        & (changed["race"] != race)
    ][:120]
    changed.loc[rows, "workclass"] = workclass
    changed.loc[rows, "race"] = race
    evaluation = evaluate(real, changed, specs, **FAST)
    expected = dict(zip(columns, values, strict=True))
    found = _find(evaluation, "combination_invented", columns, expected)
    assert len(found) == 1
    assert found[0]["real_count"] == 0
    assert found[0]["synthetic_count"] >= 120
    assert found[0]["severity"] == "high"
    assert _high_outside(evaluation, set(columns)) == []


def test_halved_minority_is_imbalance(halves):
    real, synthetic, specs = halves
    rng = np.random.default_rng(SEED)
    black = synthetic.index[synthetic["race"] == "Black"]
    dropped = rng.choice(black, len(black) // 2, replace=False)
    others = synthetic.index[synthetic["race"] != "Black"]
    filler = rng.choice(others, len(dropped), replace=False)
    changed = synthetic.copy()
    changed.loc[dropped] = synthetic.loc[filler].to_numpy()
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(evaluation, "imbalance_amplified", ["race"], {"race": "Black"})
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["synthetic_count"] < 0.6 * found[0]["expected_count"]
    assert _high_outside(evaluation, {"race"}) == []


def test_shrunk_rare_value_is_underrepresented(halves):
    real, synthetic, specs = halves
    rng = np.random.default_rng(SEED)
    rare = synthetic.index[synthetic["race"] == "Amer-Indian-Eskimo"]
    dropped = rng.choice(rare, int(len(rare) * 0.8), replace=False)
    white = synthetic.index[synthetic["race"] == "White"]
    changed = synthetic.copy()
    changed.loc[dropped] = synthetic.loc[
        rng.choice(white, len(dropped), replace=False)
    ].to_numpy()
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(
        evaluation,
        "category_underrepresented",
        ["race"],
        {"race": "Amer-Indian-Eskimo"},
    )
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert _high_outside(evaluation, {"race"}) == []


def test_values_out_of_range(halves):
    real, synthetic, specs = halves
    changed = synthetic.copy()
    changed.loc[changed.index[:200], "age"] = np.linspace(100, 150, 200)
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(evaluation, "value_out_of_range", ["age"])
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["synthetic_count"] >= 200
    assert "150" in found[0]["message"]
    assert _high_outside(evaluation, {"age"}) == []


def test_unknown_category_out_of_range(halves):
    real, synthetic, specs = halves
    changed = synthetic.copy()
    changed.loc[changed.index[:400], "workclass"] = "Astronaut"
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(
        evaluation, "value_out_of_range", ["workclass"], {"workclass": "Astronaut"}
    )
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["synthetic_count"] == 400


def test_added_empty_cells(halves):
    real, synthetic, specs = halves
    changed = synthetic.copy()
    changed.loc[changed.index[::4], "hours-per-week"] = np.nan
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(evaluation, "missing_values_changed", ["hours-per-week"])
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["real_count"] == 0
    assert found[0]["synthetic_count"] == len(changed.index[::4])
    assert _high_outside(evaluation, {"hours-per-week"}) == []


def test_broken_association_is_weakened(halves):
    real, synthetic, specs = halves
    changed = synthetic.copy()
    rng = np.random.default_rng(SEED)
    changed["education-num"] = rng.permutation(changed["education-num"].to_numpy())
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(evaluation, "relationship_weakened", ["education", "education-num"])
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["plot"]["type"] == "pair"
    assert _high_outside(evaluation, {"education-num"}) == []


def test_copied_unique_rows(halves):
    real, synthetic, specs = halves
    keys = real.astype(str).agg("|".join, axis=1)
    unique = real.index[~keys.duplicated(keep=False)][:300]
    changed = synthetic.copy()
    changed.iloc[:300] = real.loc[unique].to_numpy()
    evaluation = evaluate(real, changed, specs, **FAST)
    found = _find(evaluation, "real_rows_copied")
    assert len(found) == 1
    assert found[0]["severity"] == "high"
    assert found[0]["real_count"] >= 300
    assert evaluation["privacy"]["copied_unique_rows"] >= 300
    assert evaluation["privacy"]["copied_rows"] >= 300


# --- Scores ------------------------------------------------------------------------


def test_scores_match_sdmetrics_on_defects(halves):
    real, synthetic, specs = halves
    changed = synthetic.head(4000).copy()
    changed.loc[changed.index[:500], "sex"] = "Female"
    changed.loc[changed.index[:300], "age"] = np.nan
    changed["capital-gain"] = changed["capital-gain"] * 3
    counts = review_counts(real.head(4000), changed, specs)
    own = score_module.quality_scores(counts)
    reference = score_module.sdmetrics_quality_scores(real.head(4000), changed, specs)
    assert reference["overall"] is not None
    assert abs(own["overall"] - reference["overall"]) <= 0.01
    assert abs(own["column_shapes"] - reference["column_shapes"]) <= 0.01
    assert abs(own["column_pairs"] - reference["column_pairs"]) <= 0.01
    assert score_module.largest_difference(own, reference) <= 0.01


def test_scores_match_sdmetrics_with_dates(data_dir):
    from synthdesk.core import pipeline

    table = pipeline.load(str(data_dir / "AirQualityUCI.csv"))
    frame = table.model_frame()
    first, second = split_halves(len(frame), SEED)
    real = frame.iloc[first].reset_index(drop=True)
    changed = frame.iloc[second].reset_index(drop=True)
    changed["Date"] = changed["Date"] + pd.Timedelta(days=30)
    counts = review_counts(real, changed, table.specs)
    own = score_module.quality_scores(counts)
    reference = score_module.sdmetrics_quality_scores(real, changed, table.specs)
    assert score_module.largest_difference(own, reference) <= 0.01


def test_yardstick_and_traffic_light(adult):
    frame, specs = adult
    yardstick = score_module.yardstick_scores(frame, specs, seed=SEED)
    assert yardstick["overall"] > 0.95
    assert yardstick["rows"] == [len(frame) // 2, len(frame) - len(frame) // 2]
    quality = {"overall": yardstick["overall"] - 0.1}
    light = score_module.traffic_light(quality, yardstick)
    assert light["colour"] == "amber"
    assert "10 points" in light["sentence"]
    assert score_module.traffic_light({"overall": 0.5}, yardstick)["colour"] == "red"
    assert score_module.traffic_light(yardstick, yardstick)["colour"] == "green"


# --- Explorer data -------------------------------------------------------------------


def test_intersection_table_marks_status(halves):
    real, synthetic, specs = halves
    changed = synthetic.copy()
    husbands = changed.index[changed["relationship"] == "Husband"][:300]
    changed.loc[husbands, "sex"] = "Female"
    married = changed.index[changed["marital-status"] == "Married-civ-spouse"]
    changed.loc[married[changed.loc[married, "relationship"] == "Wife"], "sex"] = "Male"
    table = intersection_table(real, changed, specs, ["relationship", "sex"])
    assert list(table.columns[:2]) == ["relationship", "sex"]
    for column in ("real", "synthetic", "expected", "status"):
        assert column in table
    husband = table[(table["relationship"] == "Husband") & (table["sex"] == "Female")]
    assert husband["status"].tolist() == ["invented"]
    wife = table[(table["relationship"] == "Wife") & (table["sex"] == "Female")]
    assert wife["status"].tolist() == ["vanished"]
    assert set(table["status"]) <= {"ok", "invented", "vanished"}
    assert table["real"].sum() == len(real)
    assert table["synthetic"].sum() == len(changed)


def test_intersection_table_bins_numbers(halves):
    real, synthetic, specs = halves
    counts = review_counts(real, synthetic, specs)
    table = intersection_table(
        None, None, None, ["age", "sex", "income"], counts=counts
    )
    assert table["age"].nunique() == Thresholds().numeric_bins
    assert (table["status"] == "ok").all()


def test_association_matrices(halves):
    real, synthetic, specs = halves
    real_matrix, synthetic_matrix = association_matrices(real, synthetic, specs)
    assert list(real_matrix.index) == list(real_matrix.columns)
    assert real_matrix.loc["education", "education-num"] > 0.95
    assert abs(real_matrix.loc["sex", "relationship"] - 0.65) < 0.05
    assert (real_matrix - synthetic_matrix).abs().max().max() < 0.05


# --- Privacy ---------------------------------------------------------------------------


def test_distance_to_closest_record(halves):
    from synthdesk.core.evaluation.privacy import closest_record_distances

    real, synthetic, specs = halves
    fair = closest_record_distances(real, synthetic, specs, sample=1000)
    assert fair["sample_rows"] == 1000
    assert fair["closer_than_holdout_5pct"] < 0.10
    leaked = pd.concat([real.sample(2000, random_state=SEED), synthetic.head(100)])
    copied = closest_record_distances(real, leaked, specs, sample=1000)
    assert copied["synthetic_median"] < fair["synthetic_median"]
    assert copied["closer_than_holdout_5pct"] > 0.3
    assert "may reproduce real people" in copied["sentence"]


# --- GaussianCopula on the full table ---------------------------------------------------


@pytest.fixture(scope="session")
def gaussian_copula_adult(adult_table):
    from synthdesk.core.generators import create_generator
    from synthdesk.core.progress import Progress

    frame = adult_table.model_frame()
    generator = create_generator("gaussian_copula", 7)
    generator.fit(frame, adult_table.specs, Progress())
    return frame, generator.sample(len(frame), Progress()), adult_table.specs


@pytest.mark.slow
def test_gaussian_copula_female_husbands(gaussian_copula_adult):
    real, synthetic, specs = gaussian_copula_adult
    evaluation = evaluate(real, synthetic, specs)
    found = _find(
        evaluation,
        "combination_invented",
        ["relationship", "sex"],
        {"relationship": "Husband", "sex": "Female"},
    )
    assert len(found) == 1
    assert found[0]["real_count"] == 1
    assert found[0]["synthetic_count"] >= 1000
    assert found[0]["severity"] == "high"
    assert len(evaluation["warnings"]) < 600
    assert len(evaluation["warning_groups"]) < 200
    assert evaluation["traffic_light"]["colour"] in ("amber", "red")


@pytest.mark.slow
def test_gaussian_copula_scores_match_sdmetrics(gaussian_copula_adult):
    real, synthetic, specs = gaussian_copula_adult
    own = score_module.quality_scores(review_counts(real, synthetic, specs))
    reference = score_module.sdmetrics_quality_scores(real, synthetic, specs)
    assert score_module.largest_difference(own, reference) <= 0.01
