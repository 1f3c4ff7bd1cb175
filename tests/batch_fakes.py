"""Test doubles for ``briefing batch``, importable by Ray workers and subprocesses.

Markers written into a test article decide what goes wrong with it:

* ``RAISE_MARK``: the summarizer raises (a bug on odd input).
* ``KILL_READ_MARK``: the summarizer kills its process (a crash in a native library).
* ``KILL_TRANSLATE_MARK``: the translator kills its process when it sees that sentence.

``BRIEFING_TEST_DELAY`` (seconds, default 0) slows every translation call, so that a test can
kill a run while it is half done.

:func:`named_article` and :class:`NameSpellingTranslator` make articles whose names the
"model" spells differently from one article to the next (the batch's spelling pass).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence

from briefing.summarize import Length, get_summarizer
from briefing.translation.stage import FakeTranslator
from briefing.types import Sentences, Summary, Translation

RAISE_MARK = "RAISEMARK"
KILL_READ_MARK = "KILLREADMARK"
KILL_TRANSLATE_MARK = "KILLTRANSLATEMARK"

# Arabic sentences written for these tests (news-like, varied enough to summarize).
_SENTENCES = (
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية.",
    "وقال وزير الزراعة إن الخطة تشمل قروضا ميسرة وتدريبا على الري الحديث.",
    "ورحب اتحاد المزارعين بالقرار ودعا إلى تنفيذه قبل موسم الحصاد.",
    "وأشار خبراء إلى أن الجفاف أضر بمحاصيل القمح خلال العامين الماضيين.",
    "ومن المنتظر أن يناقش البرلمان تفاصيل التمويل الأسبوع المقبل.",
    "وأكدت الوزارة أن المرحلة الأولى ستبدأ في ثلاث محافظات.",
)


def article_text(number: int, mark: str = "") -> str:
    """A small Arabic article, different for each ``number``; ``mark`` goes into its body."""
    lines = [f"خبر رقم {number}: خطة لدعم المزارعين"]
    for offset in range(4):
        sentence = _SENTENCES[(number + offset) % len(_SENTENCES)]
        lines.append(f"{sentence[:-1]} في التقرير {number}.")
    if mark:
        lines.append(f"وذكر المراسل {mark} أن الاجتماع انتهى مساء أمس في العاصمة.")
    return "\n\n".join(lines) + "\n"


class SlowFakeTranslator(FakeTranslator):
    """``FakeTranslator`` that can be slowed down and killed by a marker (see module doc)."""

    name = "fake"

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        if any(KILL_TRANSLATE_MARK in text for text in texts):
            os._exit(17)
        delay = float(os.environ.get("BRIEFING_TEST_DELAY", "0") or 0)
        if delay:
            time.sleep(delay)
        return super().translate_batch(texts)


class RaisingTranslator(FakeTranslator):
    """Raises on any batch that holds ``RAISE_MARK`` (a model failing on one input)."""

    name = "fake"

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        if any(RAISE_MARK in text for text in texts):
            raise RuntimeError("the model failed on this text")
        return super().translate_batch(texts)


class PoisonSummarizer:
    """The default summarizer, except on articles carrying a marker (see module doc)."""

    name = "default"

    def __call__(self, sentences: Sentences, length: Length) -> Summary:
        text = " ".join(s.text for s in sentences.sentences)
        if RAISE_MARK in text:
            raise RuntimeError("summarizer bug triggered by this article")
        if KILL_READ_MARK in text:
            os._exit(19)
        return get_summarizer("default")(sentences, length)


# The spellings a model gives each name, chosen by the article's number (its first digits).
NAME_SPELLINGS = {
    "محمد": ("Mohammed", "Muhammad"),
    "أوكرانيا": ("Ukraine",),
    "الأوكراني": ("Ukrainian",),
}
_NAMED_SENTENCES = (
    "وقال محمد إن المحادثات مع الوفد كانت بناءة في الجولة {n}.",
    "ووصل الوفد إلى أوكرانيا لإجراء محادثات جديدة في الجولة {n}.",
    "وقالت أوكرانيا إن الجيش الأوكراني مستعد للمحادثات في البيان رقم {n}.",
    "وأشار خبراء إلى أن الجفاف أضر بمحاصيل القمح في التقرير {n}.",
)


def named_article(number: int, *, names: int = 1) -> str:
    """An article naming محمد ``names`` times, and Ukraine with the derived word "Ukrainian"."""
    lines = [f"خبر رقم {number}: محادثات الوفد"]
    lines += [f"وأعلن محمد موعد القمة المقبلة في البيان رقم {number}."] * (names - 1)
    lines += [sentence.format(n=number) for sentence in _NAMED_SENTENCES]
    return "\n\n".join(lines) + "\n"


class NameSpellingTranslator(FakeTranslator):
    """``FakeTranslator`` that writes the names of :data:`NAME_SPELLINGS` in English.

    Article ``n`` gets spelling ``n % len(spellings)`` of each name, as a model translating each
    article on its own may give one person two spellings across a batch.
    """

    name = "fake"

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        return [
            Translation(text=_spell(done.text), confidence=done.confidence)
            for done in super().translate_batch(texts)
        ]


def _spell(text: str) -> str:
    digits = re.search(r"\d+", text)
    number = int(digits.group()) if digits else 0
    for arabic in sorted(NAME_SPELLINGS, key=len, reverse=True):
        spellings = NAME_SPELLINGS[arabic]
        text = text.replace(arabic, spellings[number % len(spellings)])
    return text
