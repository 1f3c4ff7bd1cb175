"""One spelling per name across a briefing, and the glossary's tally."""

from __future__ import annotations

from briefing.glossary import Glossary, Term
from briefing.translation.spelling import SpellingLog, SpellingTally, glossary_use, skeleton, unify_spellings
from briefing.types import TermUse, TranslatedSentence, TranslatedSummary
from tests.builders import make_summary


def _article(number: int, *pairs: tuple[str, str]) -> TranslatedSummary:
    summary = make_summary(*(arabic for arabic, _ in pairs))
    sentences = tuple(
        TranslatedSentence(index=i, arabic=arabic, english=english, score=1.0)
        for i, (arabic, english) in enumerate(pairs)
    )
    return TranslatedSummary(id=number, summary=summary, title_en=None, sentences=sentences)


def test_skeletons_of_transliteration_variants_agree() -> None:
    assert skeleton("Muhammad") == skeleton("Mohammed") == skeleton("Mohamed")
    assert skeleton("Hezbollah") == skeleton("Hizbullah")
    assert skeleton("Qaddafi") == skeleton("Kaddafi")
    assert skeleton("Putin") != skeleton("Paris")


def test_the_most_frequent_spelling_wins_and_variants_are_listed() -> None:
    first = _article(
        1,
        ("التقى محمد الوزير", "Mohammed met the minister"),
        ("وقال محمد إن المحادثات بناءة", "Mohammed said the talks were constructive"),
    )
    second = _article(2, ("وأعلن محمد موعد القمة", "Muhammad announced the date of the summit"))
    articles, spellings = unify_spellings([first, second])
    assert articles[1].sentences[0].english == "Mohammed announced the date of the summit"
    assert articles[0].sentences == first.sentences  # already spelled the chosen way
    assert len(spellings) == 1
    spelling = spellings[0]
    assert (spelling.arabic, spelling.english, spelling.variants, spelling.basis) == (
        "محمد",
        "Mohammed",
        ("Muhammad",),
        "most frequent",
    )
    assert spelling.articles == (1, 2) and spelling.sentences == 3


def test_the_glossary_spelling_wins_over_the_most_frequent() -> None:
    article = _article(
        1,
        ("التقى محمد الوزير", "Muhammad met the minister"),
        ("وقال محمد إن المحادثات بناءة", "Muhammad said the talks were constructive"),
        ("وأعلن محمد موعد القمة", "Mohammed announced the date of the summit"),
    )
    glossary = Glossary((Term("محمد", "Mohammed"),))
    articles, spellings = unify_spellings([article], glossary)
    assert {s.english.split()[0] for s in articles[0].sentences} == {"Mohammed"}
    assert spellings[0].basis == "glossary"


def test_similar_names_of_different_arabic_words_are_left_alone() -> None:
    article = _article(
        1,
        ("التقى محمد الوزير", "Mohammed met the minister"),
        ("وصل حامد إلى المدينة", "Hamid arrived in the city"),
        ("وقال حمد إن الاتفاق قريب", "Hamad said the deal was near"),
    )
    articles, spellings = unify_spellings([article])
    assert spellings == () and articles[0] == article


def test_glossary_tally() -> None:
    article = _article(1, ("قال أمل", "said Amal"))
    uses = (TermUse("أمل", "Amal", True, "replacement"), TermUse("حزب الله", "Hezbollah", False, reason="x"))
    article = TranslatedSummary(
        id=1,
        summary=article.summary,
        title_en=None,
        sentences=(
            TranslatedSentence(index=0, arabic="قال أمل", english="said Amal", score=1.0, terms=uses),
        ),
    )
    use = glossary_use([article], Glossary((Term("أمل", "Amal"),), name="desk.csv"))
    assert (use.name, use.terms, use.found, use.applied, use.failed) == ("desk.csv", 1, 2, 1, 1)


def test_a_derived_word_is_not_a_spelling_of_the_name() -> None:
    article = _article(
        1,
        ("وصل الوفد إلى أوكرانيا", "The delegation arrived in Ukraine"),
        ("وقالت أوكرانيا إن الجيش الأوكراني مستعد", "Ukraine said the Ukrainian army was ready"),
    )
    articles, spellings = unify_spellings([article])
    assert spellings == () and articles[0] == article


_MEETINGS = [
    ("التقى محمد الوزير", "Mohammed met the minister"),
    ("وقال محمد إن المحادثات بناءة", "Mohammed said the talks were constructive"),
    ("وأعلن محمد موعد القمة", "Muhammad announced the date of the summit"),
    ("وصل الوفد إلى المدينة", "The delegation arrived in the city"),
]


def test_tallies_of_parts_merge_into_the_tally_of_the_whole() -> None:
    whole = SpellingTally().add_all(_MEETINGS)
    first, second = SpellingTally().add_all(_MEETINGS[:2]), SpellingTally().add_all(_MEETINGS[2:])
    assert not first.plan() and not second.plan()  # neither part alone has two spellings
    merged = first.merge(second).plan()
    assert merged == whole.plan()
    [respelling] = merged.respellings
    assert (respelling.english, respelling.variants, respelling.word) == ("Mohammed", ("Muhammad",), "محمد")


def test_the_tally_grows_with_the_names_not_the_articles() -> None:
    once = SpellingTally().add_all(_MEETINGS)
    many = SpellingTally()
    for _ in range(50):
        many.add_all(_MEETINGS)
    assert len(many) == len(once)
    assert many.plan() == once.plan()


def test_a_tie_goes_to_the_same_spelling_in_any_order() -> None:
    pairs = [_MEETINGS[0], _MEETINGS[2]]  # Mohammed once, Muhammad once
    forward = SpellingTally().add_all(pairs).plan()
    assert forward == SpellingTally().add_all(reversed(pairs)).plan()
    assert forward.respellings[0].english == "Mohammed"  # the first in alphabetical order


def test_respell_and_log_say_what_was_replaced_where() -> None:
    plan = SpellingTally().add_all(_MEETINGS).plan()
    english, hits = plan.respell("Muhammad and the Ukrainian army")
    assert english == "Mohammed and the Ukrainian army"
    assert [(r.english, replaced) for r, replaced in hits] == [("Mohammed", ("Muhammad",))]
    assert plan.respell("Mohammed arrived")[0] == "Mohammed arrived"
    log = SpellingLog()
    log.note(1, "وأعلن محمد موعد القمة", hits)
    log.note(1, "وقال محمد", plan.respell("Mohammed said")[1])
    log.note(2, "قال محمد", plan.respell("Mohammed said")[1])
    [(spelling, articles)] = log.records()
    assert (spelling.arabic, spelling.sentences, articles, spelling.articles) == ("محمد", 3, 2, ())
