"""Language check: is a cleaned article mainly Arabic?

Two signals: the share of letters in Arabic script (cheap and decisive for English,
French... articles), and py3langid, which ships its model, to tell Arabic from other
languages written in Arabic script (Persian, Urdu, Pashto...). Latin-script names,
tickers and quotes inside an Arabic article do not matter: the share only has to be a
majority.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from briefing.errors import LanguageError
from briefing.types import CleanArticle

__all__ = ["ARABIC_CODES", "arabic_ratio", "detect_language", "ensure_arabic"]

log = logging.getLogger(__name__)

ARABIC_CODES = frozenset({"ar", "arz", "ary"})
"""py3langid labels that mean Arabic (Modern Standard, Egyptian, Moroccan)."""

_ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u0750-\u077f\u08a0-\u08c9]"
)
# Other languages written in Arabic script that the model can tell apart from Arabic.
_OTHER_ARABIC_SCRIPT = frozenset({"fa", "ur", "ps", "ug", "ku", "sdh"})
_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "ru": "Russian",
    "tr": "Turkish", "fa": "Persian", "ur": "Urdu", "ps": "Pashto", "ug": "Uyghur", "ku": "Kurdish",
    "sdh": "Southern Kurdish", "he": "Hebrew", "zh": "Chinese", "pt": "Portuguese", "nl": "Dutch",
    "uk": "Ukrainian", "id": "Indonesian", "hi": "Hindi",
}  # fmt: skip
MIN_ARABIC_RATIO = 0.5
"""Arabic-script letters must make at least this share of all letters."""
# The model separates Arabic from Persian/Urdu reliably only on some text and when sure.
_MIN_LETTERS_FOR_MODEL = 80
# Letters of Persian, Urdu, Pashto... that Arabic does not use (Persian keheh and farsi yeh
# replace Arabic kaf and yeh in every word). Arabic news has them only in the odd foreign
# name (گ, ڤ is Arabic), so a text where they make under 1% of the Arabic-script letters is
# Arabic without asking the model, which saves its ~0.5 s load on every run.
_NON_ARABIC_LETTERS = re.compile(
    "[\u067e\u0686\u0698\u06a9\u06af\u06cc\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]"
)
_NON_ARABIC_SHARE = 0.01
_MIN_CONFIDENCE = 0.9
_SAMPLE_CHARS = 20_000


def arabic_ratio(text: str) -> float:
    """Share of the letters in ``text`` that are Arabic-script letters (0.0 when no letters)."""
    letters = sum(1 for char in text if char.isalpha())
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER.findall(text)) / letters


@functools.cache
def _identifier() -> Any:
    """py3langid's identifier with normalised probabilities (loaded once, ~0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """``(code, probability)`` of the language of ``text`` according to py3langid."""
    code, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(code), float(probability)


def _name(code: str) -> str:
    return f"{_NAMES[code]} ({code})" if code in _NAMES else f"language '{code}'"


def ensure_arabic(article: CleanArticle, *, min_ratio: float = MIN_ARABIC_RATIO) -> None:
    """Raise :class:`~briefing.errors.LanguageError` unless the article is mainly Arabic.

    Args:
        article: A cleaned article.
        min_ratio: Smallest share of Arabic-script letters among all letters.

    Raises:
        LanguageError: Too few Arabic letters (the message names the language found), or
            Arabic script in another language (Persian, Urdu...) that the model is sure of.
    """
    text = article.text
    name = article.source.path
    ratio = arabic_ratio(text)
    if ratio < min_ratio:
        if not any(char.isalpha() for char in text):
            raise LanguageError(f"{name}: the text has no letters; is it an article?")
        code, _probability = detect_language(text)
        raise LanguageError(
            f"{name}: the text is mainly {_name(code)}, not Arabic (Arabic letters are {ratio:.0%} of "
            "its letters); briefing summarizes Arabic articles: remove it from the inputs or give "
            "its Arabic original"
        )
    arabic_letters = len(_ARABIC_LETTER.findall(text))
    if arabic_letters < _MIN_LETTERS_FOR_MODEL:
        return
    if len(_NON_ARABIC_LETTERS.findall(text)) < _NON_ARABIC_SHARE * arabic_letters:
        return
    code, probability = detect_language(text)
    if code in _OTHER_ARABIC_SCRIPT and probability >= _MIN_CONFIDENCE:
        raise LanguageError(
            f"{name}: the text is in Arabic script but reads as {_name(code)} "
            f"(language identification {probability:.0%} sure), not Arabic; the translation model "
            "reads Arabic only: remove it from the inputs"
        )
    log.debug("%s: Arabic letters %.0f%%, langid %s %.2f", name, ratio * 100, code, probability)
