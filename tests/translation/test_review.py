"""The meaning review: flags fire on made faults, not on faithful translations.

The sentence pairs are written for this test (generic news, not from inputs/); the faults are
made as the benchmark makes them (tests/benchmarks/review.py): half the English cut at a clause,
an unrelated sentence appended, another pair's English, one number changed.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefing.config import calibrated
from briefing.translation import review as rv
from briefing.translation.clauses import arabic_clauses, english_clauses, halves, leave_one_out
from briefing.types import FLAG_LEGEND

TALKS = (
    "قال وزير الخارجية إن المحادثات مع الجانب الإيراني ستستأنف الأسبوع المقبل في العاصمة العمانية مسقط، "
    "بعد توقف دام ثلاثة أشهر بسبب خلافات حول آلية رفع العقوبات.",
    "The foreign minister said that talks with the Iranian side would resume next week in the Omani "
    "capital Muscat, after a three-month pause caused by disagreements over how sanctions would be lifted.",
)
OIL = (
    "ارتفعت أسعار النفط بنسبة 3 في المئة يوم الاثنين بعد أن أعلنت منظمة أوبك عن خفض جديد في الإنتاج "
    "اعتبارا من الشهر المقبل.",
    "Oil prices rose 3 percent on Monday after OPEC announced a new cut in production starting next month.",
)
FLOODS = (
    "أدت الأمطار الغزيرة إلى إغلاق عدد من الطرق الرئيسية في شمال البلاد، بينما أعلنت السلطات تعليق "
    "الدراسة في المدارس ليومين.",
    "Heavy rain closed several main roads in the north of the country, while the authorities announced "
    "that schools would be closed for two days.",
)
ELECTION = (
    "أعلنت اللجنة الانتخابية أن نسبة المشاركة في الانتخابات البلدية بلغت 41 في المئة، وهي أعلى نسبة "
    "منذ عام 2012.",
    "The electoral commission announced that turnout in the municipal elections reached 41 percent, "
    "the highest since 2012.",
)
FAITHFUL = (TALKS, OIL, FLOODS, ELECTION)
UNRELATED = "The national football team will play two friendly matches in Europe during the summer break."


@pytest.fixture(scope="module")
def faithful() -> list[rv.Verdict]:
    return rv.review_pairs(list(FAITHFUL))


def test_faithful_translations_are_not_flagged(faithful):
    assert [v.flags for v in faithful] == [()] * len(FAITHFUL)
    for verdict in faithful:
        scores = dict(verdict.scores)
        assert scores["cosine"] > rv.default_model().meaning_cosine
        assert scores["omission"] < 0 and scores["addition"] < 0


def test_translation_about_something_else_is_flagged_meaning():
    verdicts = rv.review_pairs([(TALKS[0], OIL[1]), (FLOODS[0], ELECTION[1])])
    for verdict in verdicts:
        assert "meaning" in verdict.flags
        assert verdict.reason("meaning").startswith("the English seems to be about something else")
        # "About something else" explains a missing or added part: one flag, one reason.
        assert "omission" not in verdict.flags and "addition" not in verdict.flags


def test_half_of_the_sentence_dropped_is_flagged_omission():
    cut = "The foreign minister said that talks with the Iranian side would resume next week."
    verdict = rv.review_pairs([(TALKS[0], cut)])[0]
    assert "omission" in verdict.flags
    reason = verdict.reason("omission")
    assert reason.startswith("about ") and "% of the Arabic has no English counterpart" in reason


def test_unrelated_sentence_appended_is_flagged_addition():
    verdict = rv.review_pairs([(FLOODS[0], f"{FLOODS[1]} {UNRELATED}")])[0]
    assert "addition" in verdict.flags
    assert "has no source in the Arabic" in verdict.reason("addition")
    assert "football" in verdict.reason("addition")  # the orphan clause is quoted for the editor


def test_changed_number_is_flagged_with_the_number_in_digits():
    verdict = rv.review_pairs([(OIL[0], OIL[1].replace("3 percent", "8 percent"))])[0]
    assert verdict.flags == ("numbers",)
    assert verdict.reason("numbers") == "the Arabic states 3; the English does not"


def test_every_flag_has_a_reason_and_a_legend_entry():
    pairs = [(TALKS[0], OIL[1]), (FLOODS[0], f"{FLOODS[1]} {UNRELATED}"), (OIL[0], "Oil prices rose.")]
    for verdict in rv.review_pairs(pairs):
        assert verdict.flags
        assert {flag for flag, _ in verdict.reasons} == set(verdict.flags)
        assert set(verdict.flags) <= set(FLAG_LEGEND)


def test_backend_flags_are_kept_and_explained():
    verdict = rv.review_pairs([OIL], [("cap",)])[0]
    assert verdict.flags == ("cap",)
    assert "length limit" in verdict.reason("cap")


def test_short_texts_are_judged_and_empty_english_is_not():
    verdicts = rv.review_pairs(
        [("غزة", "Gaza"), ("غزة", "The central bank raised interest rates."), (OIL[0], "")]
    )
    assert verdicts[0].flags == ()
    assert "meaning" in verdicts[1].flags
    assert verdicts[2].scores == ()


def test_guards_only_loads_no_encoder(monkeypatch):
    import briefing.text.vectors as vectors

    def refuse(texts):
        raise AssertionError("encoder called")

    monkeypatch.setattr(vectors, "encode", refuse)
    verdict = rv.review_pairs([(OIL[0], OIL[1].replace("3", "8"))], meaning=False)[0]
    assert verdict.flags == ("numbers",)


def test_all_texts_of_a_call_go_to_the_encoder_at_once(monkeypatch):
    import briefing.text.vectors as vectors

    calls: list[int] = []
    real = vectors.encode

    def counting(texts):
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(vectors, "encode", counting)
    open_all = replace(rv.default_model(), omission_screen=100.0, addition_screen=100.0)
    rv.review_pairs(list(FAITHFUL), model=open_all)
    # First stage: every sentence in one call; second: every piece of the pairs it did not clear.
    assert calls[0] == 2 * len(FAITHFUL)
    assert len(calls) == 2 and calls[1] > len(FAITHFUL)


def _counting_encoder(monkeypatch) -> list[list[str]]:
    import briefing.text.vectors as vectors

    calls: list[list[str]] = []
    real = vectors.encode

    def counting(texts):
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(vectors, "encode", counting)
    return calls


def test_translations_the_first_stage_clears_cost_two_sentence_vectors_each(monkeypatch):
    # English no longer than usual, whole sentences alike: the screens clear both without clauses.
    cleared = [OIL, ELECTION]
    model = rv.default_model()
    assert not any(rv.needs_clauses(f, model) for f in rv.sentence_features(cleared))
    calls = _counting_encoder(monkeypatch)
    verdicts = rv.review_pairs(cleared)
    assert calls == [[text for pair in cleared for text in pair]]
    assert [v.flags for v in verdicts] == [(), ()]
    for verdict in verdicts:  # the cleared scores are bounds, below the thresholds
        assert dict(verdict.scores)["omission"] < 0 and dict(verdict.scores)["addition"] < 0


def test_only_pairs_the_first_stage_cannot_clear_get_clauses(monkeypatch):
    model = rv.default_model()
    sent_on = [
        pair
        for pair, f in zip(FAITHFUL, rv.sentence_features(list(FAITHFUL)), strict=True)
        if rv.needs_clauses(f, model)
    ]
    assert 0 < len(sent_on) < len(FAITHFUL)
    calls = _counting_encoder(monkeypatch)
    rv.review_pairs(list(FAITHFUL))
    assert len(calls) == 2
    pieces = {t for a, e in sent_on for part in rv._pieces(a, e).values() for t in (a, e, *part)}
    assert set(calls[1]) <= pieces


def test_a_translation_about_something_else_needs_no_clauses(monkeypatch):
    calls = _counting_encoder(monkeypatch)
    verdict = rv.review_pairs([(TALKS[0], OIL[1])])[0]
    assert len(calls) == 1 and "meaning" in verdict.flags


def test_the_first_stage_keeps_the_full_verdict_of_pairs_it_sends_on():
    pairs = [*FAITHFUL, (FLOODS[0], f"{FLOODS[1]} {UNRELATED}"), (TALKS[0], TALKS[1].split(",")[0] + ".")]
    model = rv.default_model()
    staged = rv.review_pairs(pairs)
    full = [rv.judge(a, e, f, model=model) for (a, e), f in zip(pairs, rv.pair_features(pairs), strict=True)]
    assert [v.flags for v in staged] == [v.flags for v in full]


def test_constants_come_from_the_calibrated_table():
    table = calibrated("review")
    model = rv.default_model()
    assert model.meaning_cosine == table["meaning_cosine"]
    assert len(model.omission_weights) == len(model.addition_weights) == len(rv.FEATURES)
    with pytest.raises(ValueError, match="weights"):
        rv.ReviewModel.from_table({**table, "omission_weights": [1.0]})


def test_review_result_keeps_input_order_and_serialises():
    result = rv.review([OIL, (TALKS[0], OIL[1]), FLOODS])
    assert [s.index for s in result.sentences] == [0, 1, 2]
    assert [s.english for s in result.sentences] == [OIL[1], OIL[1], FLOODS[1]]
    assert [s.index for s in result.flagged] == [1]
    data = result.to_dict()
    assert data["flagged"] == 1
    assert set(data["sentences"][1]) == {"index", "arabic", "english", "flags", "reasons", "scores"}
    assert data["sentences"][1]["reasons"]["meaning"]


def test_clauses_split_at_conjunctions_and_punctuation():
    assert english_clauses(FLOODS[1]) == [
        "Heavy rain closed several main roads in the north of the country,",
        "while the authorities announced that schools would be closed for two days.",
    ]
    assert len(arabic_clauses(FLOODS[0])) == 2
    assert leave_one_out(["a b c", "d e f"]) == ["d e f", "a b c"]
    assert leave_one_out(["a b c"]) == []
    assert halves("one two three four five") == ("one two", "three four five")
    assert halves("too short") == ("too short", "too short")
