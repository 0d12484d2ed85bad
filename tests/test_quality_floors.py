"""The measured quality floors: the development set (shared with the held-out set's
authors) and our own independently written cases. Figures, not timings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Assistant
from bot.evaluate import evaluate, read_cases
from tests.conftest import DEV_EVAL

OWN = Path(__file__).parent / "eval"
URGENT_DEV = DEV_EVAL.parent / "urgent-dev.yaml"
URGENCY_BLIND = OWN / "urgency-blind"


@pytest.fixture(scope="module")
def dev_summary(assistant: Assistant) -> dict[str, object]:
    if not DEV_EVAL.exists():
        pytest.skip(f"development set not found at {DEV_EVAL}")
    return evaluate(assistant, read_cases(DEV_EVAL)).summary()


def test_dev_set_top1(dev_summary: dict[str, float]) -> None:
    # measured 0.971 with fourteen and sixteen corpus authors (0.981 with twelve, 0.933 with nine)
    assert dev_summary["top1"] >= 0.97


def test_dev_set_urgent_recall_is_total(dev_summary: dict[str, float]) -> None:
    assert dev_summary["urgent_recall"] == 1.0


def test_dev_set_rarely_answers_out_of_scope(dev_summary: dict[str, float]) -> None:
    assert dev_summary["out_of_scope_answered"] <= 0.05


def test_off_topic_tuning_set_holds_its_floor(assistant: Assistant) -> None:
    """150 messages Pathways must not answer with a CSE topic, by an author who saw nothing
    of the knowledge, written to read its misses (session 9): 0.873 top-1 when first scored,
    0.907 once a ranker sure of a specific out-of-scope entry answers an adult's message
    before the adult cues' general entry; 0.115 of those expecting no topic still get one
    ("dog grooming chorley", Prevent training, a child's self-harm read as urgent)."""
    cases = read_cases(OWN / "offtopic-tune" / "offtune1-1.yaml")
    summary = evaluate(assistant, cases).summary()
    assert summary["top1"] >= 0.90
    assert summary["out_of_scope_answered"] <= 0.12


@pytest.mark.parametrize(
    "path",
    [
        OWN / "own-tune.yaml",
        OWN / "own-holdout.yaml",
        OWN.parent.parent / "benchmarks/eval/own2.yaml",
        OWN.parent.parent / "benchmarks/eval/own3.yaml",
    ],
)
def test_own_cases_hold_their_floors(assistant: Assistant, path: Path) -> None:
    summary = evaluate(assistant, read_cases(path)).summary()
    assert summary["urgent_recall"] == 1.0
    # measured 0.909-1.000 with the trained urgency model (issue 9); the rules alone gave 1.0
    # on these sets because they were written against them
    assert summary["urgent_precision"] >= 0.90
    assert summary["top1"] >= 0.85
    assert summary["out_of_scope_answered"] <= 0.15


def test_urgent_dev_set_every_emergency_leads_with_999(assistant: Assistant) -> None:
    """Issue 9's target on the public urgency development set (never trained on)."""
    if not URGENT_DEV.exists():
        pytest.skip(f"urgency development set not found at {URGENT_DEV}")
    summary = evaluate(assistant, read_cases(URGENT_DEV)).summary()
    assert summary["urgent_recall"] == 1.0
    assert summary["urgent_precision"] >= 0.95


def test_urgency_blind_set_holds_its_floor(assistant: Assistant) -> None:
    """Our own blind set: scored here, its misses never read (a failure means a new blind set
    is needed after investigating, not tuning towards this one)."""
    cases = [case for path in sorted(URGENCY_BLIND.glob("*.yaml")) for case in read_cases(path)]
    assert len(cases) >= 300
    summary = evaluate(assistant, cases).summary()
    assert summary["urgent_recall"] >= 0.98
    assert summary["urgent_precision"] >= 0.92
    assert summary["urgent_or_possible_recall"] == 1.0


def test_second_urgency_blind_set_holds_its_floor(assistant: Assistant) -> None:
    """Written after the model was built and scored once (recall 0.993, precision 0.909: the
    precision target of 0.92 is not met there; the floor holds what was measured). Retrained
    with five more topic authors' calm messages (2026-12-03): 0.993 / 0.892."""
    folder = OWN / "urgency-blind2"
    cases = [case for path in sorted(folder.glob("*.yaml")) for case in read_cases(path)]
    assert len(cases) >= 300
    summary = evaluate(assistant, cases).summary()
    assert summary["urgent_recall"] >= 0.98
    assert summary["urgent_precision"] >= 0.89


@pytest.mark.parametrize(
    ("folder", "top1", "off_topic"),
    [
        ("matching-blind", 0.92, 0.05),
        ("matching-blind2", 0.95, 0.06),
        ("matching-blind3", 0.95, 0.01),
        ("matching-blind4", 0.935, 0.03),
        ("matching-blind5", 0.95, 0.11),
        ("matching-blind6", 0.94, 0.05),
        ("matching-blind7", 0.94, 0.03),
        ("matching-blind8", 0.96, 0.08),
        ("matching-blind9", 0.945, 0.08),
        ("matching-blind10", 0.95, 0.03),
        ("matching-blind11", 0.935, 0.13),
        ("matching-blind12", 0.95, 0.15),
    ],
)
def test_matching_blind_sets_hold_their_floors(
    assistant: Assistant, folder: str, top1: float, off_topic: float
) -> None:
    """Blind topic sets (issue 10), misses never read; the target is 0.93 top-1 and 0.03
    off-topic answered. matching-blind and matching-blind2 were scored after many changes, so
    they are tuning figures by now. With fourteen corpus authors (2026-12-03), top-1 /
    off-topic answered: matching-blind 0.930 / 0.025, matching-blind2 0.964 / 0.050;
    matching-blind3 0.964 / 0.000; matching-blind4 0.936 / 0.000 (its author named out-of-scope
    entries by id, which the scorer credits since Reply.scope_id: 0.824 when first scored
    without it); matching-blind5, by a new author, scored with nine, eleven, twelve and fourteen
    corpus authors: 0.921 / 0.150, 0.939 / 0.150, 0.939 / 0.125, 0.945 / 0.100 (off-topic
    misses its target); matching-blind6, scored with twelve and fourteen: 0.942 / 0.073, then
    0.948 / 0.024; matching-blind7, written while the last two corpus authors wrote and scored
    once, with the final model: 0.952 / 0.025; matching-blind8, by another new author, scored
    once with that model (2026-12-03): 0.948 / 0.075, and matching-blind9, by a ninth, likewise:
    0.939 / 0.075 (off-topic misses its target on both). With a fifteenth corpus author
    (sidelong, words of the field in other senses: 2026-12-03, session 8) every set kept its
    off-topic count; top-1 moved by one case or two (matching-blind 0.927, matching-blind4
    0.933, matching-blind9 0.942); matching-blind10, by a tenth author, scored once with that
    model: 0.958 / 0.025. With a sixteenth (childadjacent, children's and family services next
    door to CSE: session 9), matching-blind11, by an eleventh author, scored once: 0.918 /
    0.122 (5 of 41 off-topic answered: misses both targets); the others moved by a case or two
    (matching-blind 0.933 / 0.050, matching-blind4 0.930 / 0.026, matching-blind8 0.952 /
    0.050). Pooled over blind3 to blind11, off-topic answered 18 of 361, 0.050. With a
    seventeenth (wideworld, the rest of life, sharing the field's words), matching-blind12, by a
    twelfth author, scored once: 0.952 / 0.146 (6 of 42: misses the off-topic target);
    matching-blind6 went from 1 to 2 of 41 off-topic answered, the others kept their counts;
    pooled over blind3 to blind12, 25 of 403, 0.062. Then an adult's message went to the
    ranker's own out-of-scope entry when it was sure of one (found on an off-topic tuning set,
    not on these): top-1 rose on every set (matching-blind11 0.942, matching-blind12 0.958,
    the others 0.936-0.967; their second scoring), off-topic counts unchanged."""
    cases = [case for path in sorted((OWN / folder).glob("*.yaml")) for case in read_cases(path)]
    assert len(cases) >= 300
    summary = evaluate(assistant, cases).summary()
    assert summary["top1"] >= top1
    assert summary["out_of_scope_answered"] <= off_topic
