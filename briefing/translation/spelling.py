"""One spelling per name across a briefing, and the glossary's tally for the first page.

Glossary terms are already written the glossary's way (:mod:`briefing.translation.glossary`).
For other names a Marian model may write one person two ways in one briefing ("Mohammed",
"Muhammad"). :func:`unify_spellings` finds such pairs by what can be measured without a
model: two capitalised English words that are transliterations of each other (one
consonant skeleton, :func:`skeleton`) in sentences whose Arabic all hold one same word (not a
function word; the Arabic word names the person, the English words spell it). Each such name
is then written one way, the glossary's when it has one, else the most frequent, and the
briefing's appendix lists the spellings replaced.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from briefing.glossary import Glossary
from briefing.overview.text import STOPWORDS
from briefing.text.arabic import strip_clitics, surface, tokenize
from briefing.types import GlossaryUse, Spelling, TranslatedSentence, TranslatedSummary

__all__ = ["glossary_use", "skeleton", "unify_spellings"]

_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
# Transliteration variants of Arabic names differ in vowels, doubled letters and a few
# consonant spellings (q/k, dh/d, kh/k, ou/u); the skeleton keeps what they share.
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("q", "k"))
_ARTICLE = re.compile(r"^(?:al|el|ad|an|as|ash|at|az)-", re.IGNORECASE)
# Skeletons shorter than this are too common to tell names apart ("Sara"/"Syria" share "sr").
_MIN_SKELETON = 3
# The Arabic word must be in at least this share of the sentences that hold it alongside a
# spelling of the name, or it is a common word that happens to co-occur.
_MIN_SHARE = 0.5


def skeleton(word: str) -> str:
    """The consonant skeleton of a transliterated name: ``Muhammad`` and ``Mohammed`` -> ``mhmd``."""
    folded = _ARTICLE.sub("", word).casefold().replace("-", "")
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    consonants = re.sub(r"[aeiouyw']", "", folded[1:])
    out = folded[:1]
    for letter in consonants:
        if not out.endswith(letter):
            out += letter
    return out


_Key = tuple[int, int]  # (article id, sentence index)


def _arabic_words(text: str) -> set[str]:
    return {w for w in (strip_clitics(t) for t in tokenize(text)) if len(w) >= 3 and w not in STOPWORDS}


def _shared_word(keys: set[_Key], arabic: dict[_Key, set[str]]) -> str | None:
    """An Arabic word in every sentence of *keys* that is mostly seen with them, if any."""
    common = set.intersection(*(arabic[k] for k in keys))
    for word in sorted(common):
        holders = sum(1 for words in arabic.values() if word in words)
        if len(keys) / holders >= _MIN_SHARE:
            return word
    return None


def _variant_groups(
    articles: Sequence[TranslatedSummary],
) -> tuple[dict[str, Counter[str]], dict[str, dict[str, set[_Key]]], dict[_Key, set[str]]]:
    """Spellings by skeleton (with counts), where each is used, and each sentence's Arabic words."""
    counts: dict[str, Counter[str]] = {}
    where: dict[str, dict[str, set[_Key]]] = {}
    arabic: dict[_Key, set[str]] = {}
    for article in articles:
        for sentence in article.sentences:
            key = (article.id, sentence.index)
            arabic[key] = _arabic_words(sentence.arabic)
            for name in _NAME.findall(sentence.english):
                shape = skeleton(name)
                if len(shape) >= _MIN_SKELETON:
                    counts.setdefault(shape, Counter())[name] += 1
                    where.setdefault(shape, {}).setdefault(name, set()).add(key)
    return counts, where, arabic


def _respell(sentence: TranslatedSentence, variants: Sequence[str], chosen: str) -> TranslatedSentence:
    english = sentence.english
    for variant in variants:
        english = re.sub(rf"\b{re.escape(variant)}\b", chosen, english)
    return sentence if english == sentence.english else replace(sentence, english=english)


_Change = tuple[list[str], str]  # (spellings to replace, the one to use)


def _derived(a: str, b: str) -> bool:
    """True when one word is the other plus an ending (Ukraine/Ukrainian, Russia/Russian)."""
    short, long = sorted((a, b), key=len)
    return len(short) < len(long) and long.startswith(short[:-1])


def _spellings(seen: Counter[str]) -> list[str]:
    """The spellings of one skeleton that are variants, not derived words, most frequent first."""
    kept: list[str] = []
    for name, _ in seen.most_common():
        if not any(_derived(name, other) for other in kept):
            kept.append(name)
    return kept


def _choose(names: Sequence[str], renderings: set[str]) -> tuple[str, str]:
    """The spelling to use (the glossary's, else the most frequent: *names* come in that order)."""
    in_glossary = [name for name in names if name in renderings]
    return (in_glossary[0], "glossary") if in_glossary else (names[0], "most frequent")


def _plan(
    articles: Sequence[TranslatedSummary], renderings: set[str]
) -> tuple[dict[_Key, list[_Change]], list[Spelling]]:
    """Which sentences to re-spell, and how; one :class:`Spelling` per name with several spellings."""
    counts, where, arabic = _variant_groups(articles)
    changes: dict[_Key, list[_Change]] = {}
    spellings: list[Spelling] = []
    for shape, seen in counts.items():
        names = _spellings(seen)
        keys = set().union(*(where[shape][name] for name in names))
        word = _shared_word(keys, arabic) if len(names) > 1 else None
        if word is None:
            continue
        chosen, basis = _choose(names, renderings)
        variants = [name for name in names if name != chosen]
        for key in set().union(*(where[shape][v] for v in variants)):
            changes.setdefault(key, []).append((variants, chosen))
        written = next(
            (surface(s.arabic, word) for a in articles for s in a.sentences if (a.id, s.index) in keys), word
        )
        ids = tuple(sorted({article for article, _ in keys}))
        spellings.append(Spelling(written, chosen, tuple(variants), basis, len(keys), ids))
    return changes, spellings


def unify_spellings(
    articles: Sequence[TranslatedSummary], glossary: Glossary | None = None
) -> tuple[list[TranslatedSummary], tuple[Spelling, ...]]:
    """The articles with each name written one way, and the names that were not.

    Args:
        articles: The translated articles of one briefing (or of a whole batch).
        glossary: Its renderings win over the most frequent spelling.

    Returns:
        The articles (sentences re-spelled where needed) and one :class:`Spelling` per name
        that had several spellings.
    """
    renderings = {word for term in (glossary.terms if glossary else ()) for word in term.english.split()}
    changes, spellings = _plan(articles, renderings)
    if not changes:
        return list(articles), ()
    out = []
    for article in articles:
        sentences = list(article.sentences)
        for number, sentence in enumerate(sentences):
            for variants, chosen in changes.get((article.id, sentence.index), ()):
                sentences[number] = _respell(sentences[number], variants, chosen)
        out.append(replace(article, sentences=tuple(sentences)))
    return out, tuple(spellings)


def glossary_use(articles: Sequence[TranslatedSummary], glossary: Glossary) -> GlossaryUse:
    """The first page's tally: the glossary, and its terms found, applied and failed."""
    uses = [use for article in articles for sentence in article.sentences for use in sentence.terms]
    applied = sum(1 for use in uses if use.applied)
    return GlossaryUse(
        name=glossary.name,
        terms=len(glossary),
        digest=glossary.digest,
        found=len(uses),
        applied=applied,
        failed=len(uses) - applied,
    )
