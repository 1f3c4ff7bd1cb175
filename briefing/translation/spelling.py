"""One spelling per name across a briefing or a batch, and the glossary's tally for the first page.

Glossary terms are already written the glossary's way (:mod:`briefing.translation.glossary`).
For other names a Marian model may write one person two ways ("Mohammed", "Muhammad"). Such
pairs are found by what can be measured without a model: two capitalised English words that
are transliterations of each other (one consonant skeleton, :func:`skeleton`) in sentences
whose Arabic all hold one same word (not a function word; the Arabic word names the person,
the English words spell it). Each such name is then written one way, the glossary's when it
has one, else the most frequent, and the spellings replaced are listed.

In three steps, so that a batch of any size can take them a shard at a time:

1. :class:`SpellingTally` gathers the evidence sentence by sentence: per skeleton, how often
   each spelling occurs and the Arabic words common to all its sentences; per Arabic word, how
   many sentences hold it. It grows with the distinct names and Arabic words, not with the
   articles, and tallies of parts of a collection merge (:meth:`SpellingTally.merge`).
2. :meth:`SpellingTally.plan` turns it into a :class:`SpellingPlan`: which spellings to replace
   by which. It depends only on the counts, never on the order sentences came in (ties go to
   the first spelling in alphabetical order), so shards read in any order give one plan.
3. :meth:`SpellingPlan.respell` re-spells one sentence; :class:`SpellingLog` notes what it did
   and gives the appendix (:class:`~briefing.types.Spelling`).

:func:`unify_spellings` takes the three steps over one briefing; ``briefing batch`` over its
shards (:mod:`briefing.batch.spellings`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from briefing.glossary import Glossary
from briefing.overview.text import STOPWORDS
from briefing.text.arabic import strip_clitics, surface, tokenize
from briefing.types import GlossaryUse, Spelling, TranslatedSummary

__all__ = [
    "Respelling",
    "SpellingLog",
    "SpellingPlan",
    "SpellingTally",
    "glossary_renderings",
    "glossary_use",
    "skeleton",
    "unify_spellings",
]

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


@functools.lru_cache(maxsize=65536)
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


@functools.lru_cache(maxsize=1 << 17)
def _content_word(token: str) -> str | None:
    """``token`` without its clitics, or None for a function word or one too short to name anyone."""
    word = strip_clitics(token)
    return word if len(word) >= 3 and word not in STOPWORDS else None


def _arabic_words(text: str) -> frozenset[str]:
    # Cached per token: a batch's tally pass reads every sentence, and news words repeat.
    return frozenset(word for token in tokenize(text) if (word := _content_word(token)))


def _names_by_skeleton(english: str) -> dict[str, list[str]]:
    """The capitalised words of a sentence that may spell a name, by skeleton (every occurrence)."""
    found: dict[str, list[str]] = {}
    for name in _NAME.findall(english):
        shape = skeleton(name)
        if len(shape) >= _MIN_SKELETON:
            found.setdefault(shape, []).append(name)
    return found


def _derived(a: str, b: str) -> bool:
    """True when one word is the other plus an ending (Ukraine/Ukrainian, Russia/Russian)."""
    short, long = sorted((a, b), key=len)
    return len(short) < len(long) and long.startswith(short[:-1])


def _spellings(seen: Mapping[str, int]) -> list[str]:
    """The spellings of one skeleton that are variants, not derived words, most frequent first.

    Ties go to the first in alphabetical order, so that the order the sentences came in (a
    batch's shards are finished in any order) never changes the result.
    """
    kept: list[str] = []
    for name in sorted(seen, key=lambda name: (-seen[name], name)):
        if not any(_derived(name, other) for other in kept):
            kept.append(name)
    return kept


def _choose(names: Sequence[str], renderings: Collection[str]) -> tuple[str, str]:
    """The spelling to use (the glossary's, else the most frequent: *names* come in that order)."""
    in_glossary = [name for name in names if name in renderings]
    return (in_glossary[0], "glossary") if in_glossary else (names[0], "most frequent")


def _respell(english: str, variants: Sequence[str], chosen: str) -> str:
    for variant in variants:
        english = re.sub(rf"\b{re.escape(variant)}\b", chosen, english)
    return english


@dataclass(frozen=True, slots=True)
class Respelling:
    """One name to write one way.

    Attributes:
        skeleton: The consonant skeleton its spellings share (:func:`skeleton`).
        word: The Arabic word (normalised, clitics off) every sentence naming it holds.
        english: The spelling to use.
        variants: The other spellings seen, most frequent first; each is replaced.
        basis: Why ``english``: ``glossary`` or ``most frequent``.
    """

    skeleton: str
    word: str
    english: str
    variants: tuple[str, ...]
    basis: str

    @property
    def names(self) -> frozenset[str]:
        """Every spelling of the name (the one used and the variants)."""
        return frozenset((self.english, *self.variants))


_Hit = tuple[Respelling, tuple[str, ...]]
"""A planned name a sentence spells: its respelling, and the variants replaced there (may be none)."""


@dataclass(slots=True)
class _Group:
    """Sentences that spell one name one set of ways: how many, and the Arabic words all of them hold."""

    sentences: int
    words: frozenset[str]


@dataclass(slots=True)
class _Evidence:
    """What a tally knows of one skeleton: each spelling's occurrences, and its sentence groups."""

    spellings: Counter[str] = field(default_factory=Counter)
    # The set of spellings one sentence uses -> those sentences. Keyed by the set, not the
    # spelling, so that a sentence with two spellings counts once (as the share rule needs).
    groups: dict[frozenset[str], _Group] = field(default_factory=dict)

    def add(self, key: frozenset[str], sentences: int, words: frozenset[str]) -> None:
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = _Group(sentences, words)
        else:
            group.sentences += sentences
            group.words &= words


class SpellingTally:
    """The evidence for one spelling per name, fed sentence by sentence; see the module docstring.

    Memory: one counter per distinct skeleton (its spellings), one set of Arabic words per set
    of spellings a sentence uses (only the words all those sentences share: it shrinks as they
    come), and one count per distinct Arabic word. Nothing per article or per sentence.
    """

    __slots__ = ("_names", "_words")

    def __init__(self) -> None:
        self._names: dict[str, _Evidence] = {}
        self._words: Counter[str] = Counter()  # Arabic word -> sentences that hold it

    def __len__(self) -> int:
        """The distinct skeletons seen (names and other capitalised words)."""
        return len(self._names)

    def add(self, arabic: str, english: str) -> None:
        """Count one sentence: its Arabic source and its English translation."""
        words = _arabic_words(arabic)
        self._words.update(words)
        for shape, names in _names_by_skeleton(english).items():
            evidence = self._names.setdefault(shape, _Evidence())
            evidence.spellings.update(names)
            evidence.add(frozenset(names), 1, words)

    def add_all(self, pairs: Iterable[tuple[str, str]]) -> SpellingTally:
        """Count every ``(arabic, english)`` sentence of ``pairs``; returns this tally."""
        for arabic, english in pairs:
            self.add(arabic, english)
        return self

    def merge(self, other: SpellingTally) -> SpellingTally:
        """Add ``other``'s counts to this tally (two shards, two workers); returns this tally."""
        self._words.update(other._words)
        for shape, theirs in other._names.items():
            mine = self._names.setdefault(shape, _Evidence())
            mine.spellings.update(theirs.spellings)
            for key, group in theirs.groups.items():
                mine.add(key, group.sentences, group.words)
        return self

    def plan(self, renderings: Collection[str] = frozenset()) -> SpellingPlan:
        """The names to write one way (skeletons in alphabetical order).

        Args:
            renderings: English words the glossary uses (:func:`glossary_renderings`): a
                spelling among them wins over the most frequent.
        """
        found = (self._respelling(shape, renderings) for shape in sorted(self._names))
        return SpellingPlan(tuple(r for r in found if r is not None))

    def _respelling(self, shape: str, renderings: Collection[str]) -> Respelling | None:
        evidence = self._names[shape]
        names = _spellings(evidence.spellings)
        if len(names) < 2:
            return None
        kept = frozenset(names)
        word = self._shared_word([group for key, group in evidence.groups.items() if key & kept])
        if word is None:
            return None
        chosen, basis = _choose(names, renderings)
        return Respelling(shape, word, chosen, tuple(name for name in names if name != chosen), basis)

    def _shared_word(self, groups: Sequence[_Group]) -> str | None:
        """An Arabic word in every sentence of ``groups`` that is mostly seen with them, if any."""
        sentences = sum(group.sentences for group in groups)
        for word in sorted(frozenset.intersection(*(group.words for group in groups))):
            if sentences / self._words[word] >= _MIN_SHARE:
                return word
        return None


@dataclass(frozen=True)
class SpellingPlan:
    """The names to write one way (:meth:`SpellingTally.plan`); false when there are none."""

    respellings: tuple[Respelling, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.respellings)

    @functools.cached_property
    def _by_skeleton(self) -> dict[str, Respelling]:
        return {r.skeleton: r for r in self.respellings}

    def respell(self, english: str) -> tuple[str, tuple[_Hit, ...]]:
        """One sentence with each planned name written one way.

        Returns:
            The English (the same string when nothing changed) and one ``(respelling,
            variants replaced)`` per planned name the sentence spells, in any of its ways.
        """
        if not self.respellings:
            return english, ()
        hits: list[_Hit] = []
        for shape, names in _names_by_skeleton(english).items():
            respelling = self._by_skeleton.get(shape)
            if respelling is None or respelling.names.isdisjoint(names):  # a derived word only
                continue
            replaced = tuple(v for v in respelling.variants if v in names)
            if replaced:
                english = _respell(english, respelling.variants, respelling.english)
            hits.append((respelling, replaced))
        return english, tuple(hits)


@dataclass(slots=True)
class _Use:
    """Where one planned name was met: sentences, articles, and the Arabic as written."""

    sentences: int = 0
    articles: int = 0
    last: int | None = None
    ids: set[int] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)


class SpellingLog:
    """What :meth:`SpellingPlan.respell` did, for the appendix.

    Args:
        keep_ids: Keep the id of every article naming each name (a briefing's appendix cites
            them); without it only their number is kept (a batch of a million articles).
    """

    def __init__(self, *, keep_ids: bool = False) -> None:
        self._keep_ids = keep_ids
        self._uses: dict[Respelling, _Use] = {}  # in the order first met

    def note(self, article: int, arabic: str, hits: Iterable[_Hit]) -> list[str]:
        """Note one sentence's hits; ``article`` identifies its article (sentences of one come together).

        Returns:
            The name of each hit as the Arabic writes it (:func:`~briefing.text.arabic.surface`).
        """
        forms = []
        for respelling, _ in hits:
            use = self._uses.setdefault(respelling, _Use())
            use.sentences += 1
            forms.append(surface(arabic, respelling.word))
            use.forms[forms[-1]] += 1
            if use.last != article:
                use.last = article
                use.articles += 1
                if self._keep_ids:
                    use.ids.add(article)
        return forms

    def records(self) -> list[tuple[Spelling, int]]:
        """Each name met, in the order first met, with the number of articles naming it."""
        out = []
        for respelling, use in self._uses.items():
            # The Arabic as most sentences write it (ties: alphabetical), not the first seen.
            written = min(use.forms, key=lambda form: (-use.forms[form], form))
            spelling = Spelling(
                arabic=written,
                english=respelling.english,
                variants=respelling.variants,
                basis=respelling.basis,
                sentences=use.sentences,
                articles=tuple(sorted(use.ids)),
            )
            out.append((spelling, use.articles))
        return out

    def spellings(self) -> tuple[Spelling, ...]:
        """One :class:`~briefing.types.Spelling` per name met, in the order first met."""
        return tuple(spelling for spelling, _ in self.records())


def glossary_renderings(glossary: Glossary | None) -> frozenset[str]:
    """The English words of a glossary's renderings: a spelling among them wins."""
    return frozenset(word for term in (glossary.terms if glossary else ()) for word in term.english.split())


def unify_spellings(
    articles: Sequence[TranslatedSummary], glossary: Glossary | None = None
) -> tuple[list[TranslatedSummary], tuple[Spelling, ...]]:
    """The articles with each name written one way, and the names that were not.

    Args:
        articles: The translated articles of one briefing.
        glossary: Its renderings win over the most frequent spelling.

    Returns:
        The articles (sentences re-spelled where needed) and one :class:`Spelling` per name
        that had several spellings.
    """
    tally = SpellingTally()
    for article in articles:
        tally.add_all((s.arabic, s.english) for s in article.sentences)
    plan = tally.plan(glossary_renderings(glossary))
    if not plan:
        return list(articles), ()
    log = SpellingLog(keep_ids=True)
    return [_respell_article(article, plan, log) for article in articles], log.spellings()


def _respell_article(article: TranslatedSummary, plan: SpellingPlan, log: SpellingLog) -> TranslatedSummary:
    sentences = []
    for sentence in article.sentences:
        english, hits = plan.respell(sentence.english)
        log.note(article.id, sentence.arabic, hits)
        sentences.append(sentence if english == sentence.english else replace(sentence, english=english))
    return replace(article, sentences=tuple(sentences))


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
