"""Data passed between the stages.

``Article -> CleanArticle -> Sentences -> Summary -> TranslatedSummary -> Briefing``

Every type is a frozen dataclass with tuples for sequences, so a stage cannot change its
input. The Arabic text carried here is always the cleaned text *as the source wrote it*:
normalised copies (alef forms, diacritics, tatweel) exist only inside the summarizer's
scoring code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["line", "paragraph", "heading", "list_item", "table_row", "quote"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an article came from and what is known about it.

    Created once by ``ingest`` and carried unchanged to the attribution in the briefing.

    Attributes:
        path: The input path as given (a string, so it survives JSON round trips).
        format: Reader that produced the article: ``txt``, ``md``, ``html`` or ``docx``.
        encoding: Python codec name the bytes were decoded with (``utf-8``, ``cp1256``...),
            ``None`` for container formats that carry their own encoding (DOCX).
        title: Headline, from metadata or the first heading/line.
        outlet: Publication or site name.
        author: Byline.
        published: Publication date or date-time, ISO 8601 (``2025-08-16`` or with time).
        url: Canonical URL of the article.
        provenance: ``(field, origin)`` pairs saying where each metadata field came from,
            e.g. ``("title", "front-matter")`` or ``("outlet", "og:site_name")``.
    """

    path: str
    format: str
    encoding: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    provenance: tuple[tuple[str, str], ...] = ()

    def metadata(self) -> dict[str, str | None]:
        """The five attribution fields as a plain dict (JSON-ready)."""
        return {
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class Block:
    """One structural unit of an article: a raw line, a paragraph, a heading, a list item...

    Readers that only see lines (``.txt``, ``.md``) produce ``line`` blocks and let ``clean``
    recognise Markdown headings and list markers; HTML and DOCX readers produce typed blocks.
    """

    text: str
    kind: BlockKind = "line"
    level: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """A decoded article before cleaning (output of ``ingest``)."""

    source: SourceRef
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Dropped:
    """A piece of text that cleaning removed, and the rule that removed it."""

    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """An article with scrape noise and markup removed (output of ``clean``).

    ``blocks`` hold the cleaned text; headings are kept as ``heading`` blocks (segmenters
    treat them as their own sentences, summarizers may ignore them).
    """

    source: SourceRef
    title: str | None
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...] = ()

    @property
    def text(self) -> str:
        """The cleaned body, one block per line."""
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One Arabic sentence of an article, as written.

    Attributes:
        index: Position of the sentence in the article (0-based, document order).
        text: The sentence exactly as it appears in the cleaned text.
        block: Index of the block (paragraph, heading, list item) it comes from.
        kind: Kind of that block; ``heading`` sentences are not summary candidates.
    """

    index: int
    text: str
    block: int = 0
    kind: BlockKind = "paragraph"


@dataclass(frozen=True, slots=True)
class Sentences:
    """A cleaned article split into sentences (output of ``segment``)."""

    article: CleanArticle
    sentences: tuple[Sentence, ...]

    @property
    def source(self) -> SourceRef:
        return self.article.source


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    """A sentence chosen for the summary, with its position and score."""

    index: int
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Summary:
    """The chosen sentences of one article, in document order (output of ``summarize``)."""

    article: CleanArticle
    sentences: tuple[ScoredSentence, ...]
    total: int
    method: str

    @property
    def source(self) -> SourceRef:
        return self.article.source


TermMethod = Literal["model", "hypothesis", "replacement", ""]
"""How a glossary term got into the English: the model's own best translation already had it
(``model``), another of its hypotheses was chosen (``hypothesis``), or the words aligned to the
Arabic term were replaced (``replacement``); ``""`` when it was not applied."""


@dataclass(frozen=True, slots=True)
class TermUse:
    """A glossary term found in one source text, and whether the English uses it.

    Attributes:
        arabic: The term's words as the sentence writes them (clitics included).
        english: The glossary's rendering.
        applied: The English holds the rendering.
        method: How it got there (:data:`TermMethod`).
        reason: Why it could not be applied (empty when applied).
        origin: The glossary entry (``file:line`` or ``CLDR:<code>``).
    """

    arabic: str
    english: str
    applied: bool
    method: TermMethod = ""
    reason: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Translation:
    """What a translator returns for one source text."""

    text: str
    confidence: float | None = None
    """Mean token log-probability of the output (``<= 0``; closer to 0 is surer)."""
    flags: tuple[str, ...] = ()
    """Guards that tripped on this output (keys of ``FLAG_LEGEND``); backends set ``cap``."""
    terms: tuple[TermUse, ...] = ()
    """Glossary terms found in the source, applied or not (empty without a glossary)."""
    reasons: tuple[tuple[str, str], ...] = ()
    """``(flag, reason)``: why each flag fired, for the editor (set by the review, not backends)."""


@dataclass(frozen=True, slots=True)
class TranslatedSentence:
    """A summary sentence with its English translation.

    ``segments`` says how many pieces the Arabic sentence was split into for the model
    (more than 1 only for sentences longer than the model's limit); the English text is
    the pieces joined, so the pair stays one row of the briefing.
    """

    index: int
    arabic: str
    english: str
    score: float
    confidence: float | None = None
    segments: int = 1
    flags: tuple[str, ...] = ()
    """Translation guards that tripped (keys of ``FLAG_LEGEND``: ``numbers``, ``repetition``...)."""
    terms: tuple[TermUse, ...] = ()
    """Glossary terms found in the Arabic: applied (and how) or failed (with the reason)."""
    reasons: tuple[tuple[str, str], ...] = ()
    """``(flag, reason)`` for the flags of the review (what the editor should check)."""


FLAG_LEGEND: dict[str, str] = {
    "low-confidence": "the model was unsure of this translation",
    "numbers": "a number in the Arabic does not appear in the English (or the English adds one)",
    "repetition": "the English repeats itself (a decoding loop)",
    "length": "the English is implausibly short or long for the Arabic",
    "cap": "the English hit the decoding length limit and may be cut short",
    "term": "a glossary term could not be put into the English",
    "meaning": "the English seems to be about something else than the Arabic",
    "omission": "part of the Arabic seems to have no counterpart in the English",
    "addition": "part of the English seems to have no source in the Arabic",
}
"""Every flag a sentence, key point or version can carry, with the legend text shown to editors.

Translation guards add flags here (one place), so every output format can draw the same
marks and legend without knowing which guard produced them.
"""


@dataclass(frozen=True, slots=True)
class TranslatedSummary:
    """One article of the briefing (output of ``translate``)."""

    id: int
    summary: Summary
    title_en: str | None
    sentences: tuple[TranslatedSentence, ...]
    title_flags: tuple[str, ...] = ()
    """Review flags of the title's translation (as ``TranslatedSentence.flags``)."""
    title_reasons: tuple[tuple[str, str], ...] = ()
    """``(flag, reason)`` for ``title_flags``."""

    @property
    def source(self) -> SourceRef:
        return self.summary.source


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, and why (shown in the briefing and on the CLI)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer to one sentence of one article of the briefing.

    Attributes:
        article: ``TranslatedSummary.id`` of the article (1-based, as shown in documents).
        index: ``Sentence.index`` of the sentence in that article (0-based).
    """

    article: int
    index: int


@dataclass(frozen=True, slots=True)
class OverviewVersion:
    """One version of a disputed statement, or a merged key point.

    Attributes:
        values: The disputed values as this version states them (``"3"``, ``"Anchorage"``).
        citations: The article sentences this version is taken from.
        confidence: Translation confidence of ``english`` (mean token log-prob), if translated.
        flags: Translation guards that tripped on ``english`` (keys of ``FLAG_LEGEND``).
    """

    arabic: str
    english: str | None
    sources: tuple[int, ...]
    values: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    confidence: float | None = None
    flags: tuple[str, ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """A fact stated by one or more sources of a group, shown once.

    ``citations`` point at the sentence of each source that states it; ``confidence`` and
    ``flags`` describe the translation of ``english`` as for ``TranslatedSentence``.
    """

    arabic: str
    english: str | None
    sources: tuple[int, ...]
    score: float = 0.0
    citations: tuple[Citation, ...] = ()
    confidence: float | None = None
    flags: tuple[str, ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()
    """``(flag, reason)`` for the review flags of ``english``."""


@dataclass(frozen=True, slots=True)
class Difference:
    """A statement on which sources disagree (numbers, dates, places, durations).

    ``kind`` names what is disputed (``number``, ``date``, ``place``, ``negation``...).
    """

    topic: str
    versions: tuple[OverviewVersion, ...]
    kind: str = ""


ArticleStatus = Literal["preview", "report", "unknown"]
"""Whether an article announces an event still to come or reports one that took place."""


@dataclass(frozen=True, slots=True)
class EventGroup:
    """Articles about the same event, with what they agree and disagree on.

    Attributes:
        key_points: Facts two or more independent sources state (single-source facts are in
            the article's own section, not repeated here).
        duplicates: ``(kept, copy)`` pairs: the copy repeats the kept article.
        statuses: ``(article id, status)`` for each article of the group.
        notes: Short English sentences for the editor (previews vs reports, timeline).
        headline: What happened, in one line: the headline of the article that stands for
            the event, with the group's independent sources (copies are in ``duplicates``);
            None for a group of one article.
        copy_extras: Sentences a copy states that the article it copies does not: the copy's
            own news, kept here since the copy gets no section of its own.
    """

    articles: tuple[int, ...]
    key_points: tuple[KeyPoint, ...] = ()
    differences: tuple[Difference, ...] = ()
    duplicates: tuple[tuple[int, int], ...] = ()
    statuses: tuple[tuple[int, ArticleStatus], ...] = ()
    notes: tuple[str, ...] = ()
    headline: KeyPoint | None = None
    copy_extras: tuple[KeyPoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Overview:
    """Cross-source overview of a briefing.

    Attributes:
        groups: One per event.
        one_event: The editor said every article reports one event (``--one-event``): the
            one group is theirs, not found by the grouping rules (the document says so).
    """

    groups: tuple[EventGroup, ...]
    one_event: bool = False


@dataclass(frozen=True, slots=True)
class BriefingInfo:
    """Facts about the run shown on the title block."""

    title: str
    created: str
    """Local date-time of the build, ISO 8601."""
    model: str | None = None
    backend: str | None = None
    summarizer: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class GlossaryUse:
    """The glossary a briefing was translated with, and what it did (shown on the first page).

    Attributes:
        name: The lists it was made of (``CLDR places + desk.csv``).
        terms: Entries in the glossary.
        digest: Content hash (part of the translation cache key).
        found: Term occurrences found in the briefing's sentences.
        applied: Of those, the ones the English uses.
        failed: The ones it could not use (each a ``term`` flag on its sentence).
    """

    name: str
    terms: int
    digest: str
    found: int = 0
    applied: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class Spelling:
    """One name written one way across a briefing: the spelling used and the others seen.

    Attributes:
        arabic: The Arabic name, as a sentence writes it.
        english: The spelling the briefing now uses everywhere.
        variants: The other spellings the translations had (now replaced).
        basis: Why this spelling: ``glossary`` or ``most frequent``.
        sentences: How many sentences name it.
        articles: The articles (ids) of those sentences.
    """

    arabic: str
    english: str
    variants: tuple[str, ...]
    basis: str
    sentences: int = 0
    articles: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    """A composed briefing as plain data: what ``compose`` renders into any format.

    Attributes:
        info: Title, build time, model and backend used.
        articles: One entry per usable article, in input order; ``articles[i].id`` is the
            source number cited in the briefing (1-based).
        skipped: Inputs that could not be used, with the reason.
        overview: Cross-source overview, when built (two or more articles).
        glossary: The glossary used and how many of its terms were applied (None: none used).
        spellings: Names that came out spelled more than one way, and the one now used.
    """

    info: BriefingInfo
    articles: tuple[TranslatedSummary, ...]
    skipped: tuple[Skipped, ...] = ()
    overview: Overview | None = None
    glossary: GlossaryUse | None = None
    spellings: tuple[Spelling, ...] = ()
