"""Arabic text for matching and scoring: one normaliser, one stemmer, one similarity.

Nothing here is ever shown to a reader: the briefing keeps each sentence as the source wrote
it. Summarizers, the overview and near-duplicate detection compare *normalised copies* so
that spelling variants (hamza on alef, taa marbuta written as haa, diacritics, tatweel,
Arabic-Indic digits) match. Every module of the package that compares Arabic text uses the
functions below, so a fix to the spelling rules reaches all of them at once.

* :func:`normalize_arabic` and :func:`tokenize`: the normaliser and its word tokens;
  ``tokenize(text, numbers=True)`` keeps a decimal number (``6.8``, ``٦٫٨``) one token.
* :func:`strip_clitics`: removes a glued conjunction/article only (the summarizer's light
  mode); :func:`stem`: the package's stemmer, NLTK's ISRI (Taghva et al. 2005).
* :func:`cosine`: cosine of two sparse vectors; :func:`char_ngrams`: character n-gram counts
  of a normalised text (spelling variants and unsplit clitics still share most n-grams).

The stemmer was chosen by measurement on the Arabic News Stance corpus (ANS, Khouja 2020):
each *agree* headline retrieves its paraphrase among all second headlines of the split
(TF-IDF cosine of stems, function words out; the corruptions of the same headline left out).
Accuracy@1 on dev / train: no stemming 0.769 / 0.728, clitics only 0.791 / 0.763, the
overview's former light stemmer 0.799 / 0.776, Tashaphyne 0.806 / 0.785, Snowball 0.780 /
0.777, ISRI 0.813 / 0.827 (``docs/notes/overview-research.md`` has the table and the script).
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
import threading
import types
import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pyarabic.araby as araby

__all__ = [
    "char_ngrams",
    "cosine",
    "light_stem",
    "normalize_arabic",
    "stem",
    "strip_clitics",
    "surface",
    "tokenize",
]

_ALEF_MAKSURA = "\u0649"
_YEH = "\u064a"
# Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) digits to ASCII.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# A number with a decimal part (6.8, 6,8 and the Arabic decimal separator ٫) or thousands
# groups (1,500 / ١٬٥٠٠) is one value; split on the separator it would read as two numbers.
_ARABIC_DECIMAL = str.maketrans({"\u066b": ".", "\u066c": ","})
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\d+", re.UNICODE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def normalize_arabic(text: str) -> str:
    """Return a matching copy of ``text``.

    NFKC (presentation forms to base letters), diacritics and tatweel removed, alef forms
    unified to bare alef, alef maqsura to yeh, taa marbuta to haa, Arabic-Indic digits to
    ASCII digits, lower-cased Latin.
    """
    text = unicodedata.normalize("NFKC", text)
    text = araby.strip_diacritics(text)
    text = araby.strip_tatweel(text)
    # Maqsura first: pyarabic's normalize_alef would otherwise turn it into alef.
    text = text.replace(_ALEF_MAKSURA, _YEH)
    text = araby.normalize_alef(text)
    text = araby.normalize_teh(text)
    return text.translate(_DIGITS).lower()


def _number(token: str) -> str:
    """A number token in one spelling: thousands groups joined, decimal comma as a point."""
    if _THOUSANDS.match(token):
        return token.replace(",", "")
    return token.replace(",", ".")


def tokenize(text: str, *, numbers: bool = False) -> list[str]:
    """Normalised word tokens of ``text`` (letters and digits; punctuation dropped).

    Args:
        text: Any text.
        numbers: Keep a decimal or grouped number one token (``6.8``, ``1500`` from
            ``1,500``), and split digits glued to letters. The default splits on every
            separator, as the summarizer's frequency tables were built that way.
    """
    if not numbers:
        return _TOKEN.findall(normalize_arabic(text))
    folded = normalize_arabic(text.translate(_ARABIC_DECIMAL))
    return [_number(t) if t[0].isdigit() else t for t in _NUMBER_TOKEN.findall(folded)]


# Clitics stripped by strip_clitics, longest first: conjunction/preposition + article, then
# the article alone, then the conjunction. Only when at least three letters remain, so short
# words such as `وقت` or `الي` keep their form.
_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "و")


def strip_clitics(token: str) -> str:
    """Strip a leading conjunction/article clitic from a *normalised* token (``والكتاب`` -> ``كتاب``).

    The summarizer's light mode: root stemmers merge unrelated words in a sentence-centrality
    graph, which lowered LexRank on the EASC benchmark.
    """
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            return token[len(prefix) :]
    return token


_ARTICLES = _PREFIXES[:-1]  # the article forms, without a bare و (وزير is not و + زير)

light_stem = strip_clitics
"""Former name of :func:`strip_clitics`, still used by the summarizer's stemming option."""


_IMPORT_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _isri() -> Any:
    """NLTK's ISRI stemmer, imported on first use, without the rest of NLTK."""
    with _IMPORT_LOCK:
        return _isri_module().ISRIStemmer()


def _isri_module() -> types.ModuleType:
    """``nltk.stem.isri`` with only what it imports (``nltk.redos``, ``nltk.stem.api``).

    ``import nltk`` runs the package's ``__init__``, which imports all of NLTK (numpy, the
    chunkers, the translation metrics): 0.56 s of a 1.2 s fully cached ``briefing build`` of
    the five samples. ISRI needs two small modules of it, so the two packages are stood in
    for by bare ones while those load, then taken out again: a later ``import nltk`` by
    anyone runs the real ``__init__`` and finds these modules already loaded.
    """
    if "nltk" in sys.modules:  # NLTK is loaded already: nothing to save
        return importlib.import_module("nltk.stem.isri")
    spec = importlib.util.find_spec("nltk")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module("nltk.stem.isri")  # ModuleNotFoundError, as before
    root = next(iter(spec.submodule_search_locations))
    standins = {"nltk": root, "nltk.stem": f"{root}/stem"}
    for name, path in standins.items():
        package = types.ModuleType(name)
        package.__path__ = [path]
        sys.modules[name] = package
    try:
        return importlib.import_module("nltk.stem.isri")
    finally:
        for name in standins:
            sys.modules.pop(name, None)


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The package's stemmer (ISRI) for one *normalised* token; numbers and Latin unchanged.

    ISRI removes affixes and reduces most words to a root (``ارتفاع``, ``يرتفع`` -> ``رفع``);
    words of three letters or fewer and words it cannot reduce keep their (prefix-less) form.
    """
    if not token or token.isascii() or token[0].isdigit():
        return token
    # The normaliser writes taa marbuta as haa, and ISRI treats both inconsistently
    # (ساعة -> سعة but ساعات -> ساع): a final haa is a suffix either way (taa marbuta or
    # "his"), so it goes first.
    # The definite article goes first too, so that a short word keeps its haa with or
    # without it (القمه ~ قمه).
    for prefix in _ARTICLES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            token = token[len(prefix) :]
            break
    if token.endswith("ه") and len(token) > 3:
        token = token[:-1]
    return str(_isri().stem(token))


_PUNCT_EDGES = re.compile(r"^[^\w\u064b-\u065f\u0670]+|[^\w\u064b-\u065f\u0670]+$")


def surface(text: str, token: str) -> str:
    """The word of ``text`` as written whose normalised form is ``token`` (``token`` if none).

    Matching works on normalised tokens (``نقطه``); what an editor reads must be the source's
    spelling (``نقطة``). A glued letter or article is kept as written (``بالقاهرة``).
    """
    words = [_PUNCT_EDGES.sub("", w) for w in text.split()]
    for word in words:
        if token in tokenize(word, numbers=True):
            return word or token
    # Glued to a preposition or conjunction the caller has taken off (بالقاهرة -> القاهرة).
    for word in words:
        folded = tokenize(word, numbers=True)
        if len(folded) == 1 and folded[0].endswith(token) and 0 < len(folded[0]) - len(token) <= 2:
            return word[len(folded[0]) - len(token) :]
    return token


def char_ngrams(text: str, n: int = 3) -> Counter[str]:
    """Counts of the character ``n``-grams of each normalised word of ``text`` (``#`` pads ends)."""
    grams: Counter[str] = Counter()
    for token in tokenize(text, numbers=True):
        padded = f"#{token}#"
        grams.update(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors (0.0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0
