"""The outline of a briefing, decided once, that every format walks.

:func:`build_outline` turns a :class:`~briefing.types.Briefing` into frozen data that says what
the document shows and in which order: the title block, the contents, the marks legend, the
sources, the skipped inputs, the overview (groups, key points, differences), one section per
article (copies left out) and the appendix, with the labels, citations and flags already
worked out. ``docx``, ``html`` and ``markdown`` only format it; the JSON
form serializes the briefing itself but takes its title from here, and flags and point
citations from :mod:`~briefing.compose.marks` and :mod:`~briefing.compose.points`, as the
outline does. How single values are written (bidi isolates, dates, URLs) is
:mod:`~briefing.compose.labels`.

Text in the outline is plain (not escaped, not isolated); a line that wraps values in fixed
words takes the format's escape function, so the words are written once and each value is
escaped the way the format needs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from briefing._version import __version__
from briefing.compose.checks import CheckList, check_list, row_reasons
from briefing.compose.labels import (
    citation,
    compact_date_range,
    date_range,
    display_url,
    format_created,
    format_date,
    has_arabic,
    isolate,
    isolate_arabic_runs,
    readable_url,
)
from briefing.compose.links import link_target
from briefing.compose.marks import flag_legend_text, flag_mark, flag_order, flags_of
from briefing.compose.points import (
    HEADING_COPY_EXTRAS as HEADING_COPY_EXTRAS,  # the writers read every heading from here
)
from briefing.compose.points import (
    Duplicates,
    WordingIndex,
    also_published,
    copy_note,
    point_view,
)
from briefing.config import DEFAULTS
from briefing.types import (
    Briefing,
    BriefingInfo,
    EventGroup,
    GlossaryUse,
    KeyPoint,
    OverviewVersion,
    Skipped,
    SourceRef,
    Spelling,
    TranslatedSummary,
)

Escape = Callable[[str], str]
"""How a format makes plain text safe (HTML escaping, Markdown escaping, or none for DOCX)."""


def _same(text: str) -> str:
    """No escaping (DOCX runs take text as is)."""
    return text


# ------------------------------------------------------------------------------ labels

GENERATOR = "briefing"

HEADING_CONTENTS = "Contents"
HEADING_SOURCES = "Sources"
HEADING_SKIPPED = "Skipped sources"
HEADING_OVERVIEW = "Overview"
HEADING_ARTICLES = "Articles"
HEADING_APPENDIX = "Appendix: input files"
HEADING_KEY_POINTS = "Key points"
HEADING_DIFFERENCES = "Where sources differ"

CONTENTS_OVERVIEW = "Overview: what the sources agree on and where they differ"
"""The overview's contents entry where the contents has room to say what it holds."""

TABLE_HEADERS: tuple[str, str, str] = ("Ref.", "English", "العربية")
"""Reference, English and Arabic column headers of every table."""

NO_TRANSLATION = "(no translation)"
"""Shown (in italics) in place of an English sentence the translator returned empty."""

NO_ARTICLES = "No article could be used; see Skipped sources."

SOURCES_NOTE = "Sources: "
"""Starts the line of outlets under an overview point."""

SINGLE_SOURCE = "single source"
"""Added to the outlets of a key point only one source states."""

OUTLET_MISSING = "outlet not given"
"""Said where a source names no outlet, so a reader never guesses one from the file name."""

SINGLE_STORIES = "Reported by one source only (each summarized in its own section): "
"""Starts the overview's line listing the stories no other source reports."""


def arabic_title(article: TranslatedSummary) -> str:
    """The Arabic headline: cleaned title, else the metadata title, else the file name."""
    return article.summary.article.title or article.source.title or PurePath(article.source.path).name


def english_title(article: TranslatedSummary) -> str:
    """The English headline, or a plain label when the title was not translated."""
    if article.title_en and article.title_en.strip():
        return article.title_en.strip()
    return f"Article {article.id} (title not translated)"


def outlet_label(source: SourceRef) -> str:
    """The outlet, or :data:`OUTLET_MISSING`."""
    return source.outlet.strip() if source.outlet and source.outlet.strip() else OUTLET_MISSING


def outlet_names(ids: Iterable[int], articles: Sequence[TranslatedSummary]) -> list[tuple[int, str]]:
    """``(source number, outlet)`` for each id, outlet or :data:`OUTLET_MISSING`."""
    by_id = {a.id: a for a in articles}
    return [(i, outlet_label(by_id[i].source) if i in by_id else OUTLET_MISSING) for i in ids]


@dataclass(frozen=True, slots=True)
class Field:
    """One piece of an attribution line.

    Attributes:
        kind: ``outlet``, ``author``, ``date``, ``url`` or ``missing`` (outlet not given).
        text: What is shown (a URL decoded and shortened).
        href: Link target for ``url`` fields.
    """

    kind: str
    text: str
    href: str | None = None


def attribution_fields(source: SourceRef) -> list[Field]:
    """Outlet · author · date · link of a source, for editors; technical facts are left out.

    The outlet is always present (:data:`OUTLET_MISSING` when not known); author, date and
    URL only when known. Each field is isolated by the formats when drawn (see :func:`isolate`).
    """
    fields = [
        Field("outlet", source.outlet.strip())
        if source.outlet and source.outlet.strip()
        else Field("missing", OUTLET_MISSING)
    ]
    if source.author and source.author.strip():
        fields.append(Field("author", source.author.strip()))
    published = format_date(source.published)
    if published:
        fields.append(Field("date", published))
    if source.url and source.url.strip():
        fields.append(Field("url", display_url(source.url), href=link_target(source.url)))
    return fields


def technical_fields(source: SourceRef) -> list[tuple[str, str]]:
    """File, reader, encoding and metadata provenance: the appendix entry of a source."""
    fields = [
        ("file", source.path),
        ("format", source.format),
        ("encoding", source.encoding or "n/a (container)"),
    ]
    if source.url:
        fields.append(("full URL", readable_url(source.url)))
    if source.provenance:
        fields.append(("metadata from", ", ".join(f"{name}: {origin}" for name, origin in source.provenance)))
    return fields


def generator_line(info: BriefingInfo, version: str) -> str:
    """``briefing 0.1.0 · model X (backend) · summarizer Y``."""
    parts = [f"{GENERATOR} {version}"]
    if info.model:
        parts.append(f"model {info.model}" + (f" ({info.backend})" if info.backend else ""))
    elif info.backend:
        parts.append(f"backend {info.backend}")
    if info.summarizer:
        parts.append(f"summarizer {info.summarizer}")
    return " · ".join(parts)


def glossary_line(use: GlossaryUse) -> str:
    """``glossary CLDR places + desk.csv (580 terms): 12 of 14 found applied, 2 failed``."""
    line = f"glossary {use.name} ({use.terms} terms): {use.applied} of {use.found} found applied"
    return line + (f", {use.failed} failed" if use.failed else "")


def term_facts(article: TranslatedSummary, spellings: Sequence[Spelling]) -> list[tuple[str, str]]:
    """The appendix's glossary report of one source: terms per sentence, and names re-spelled."""
    facts: list[tuple[str, str]] = []
    # English first, Arabic runs isolated: the value then reads left to right in every format.
    for sentence in article.sentences:
        for use in sentence.terms:
            how = f"applied ({use.method})" if use.applied else f"failed: {use.reason}"
            value = f"[{article.id}:{sentence.index + 1}] {use.english} for {use.arabic}: {how}"
            facts.append(("glossary term", isolate_arabic_runs(value)))
    for spelling in spellings:
        if article.id in spelling.articles:
            seen = ", ".join(spelling.variants)
            value = f"{spelling.english} for {spelling.arabic} ({spelling.basis}; also seen: {seen})"
            facts.append(("name spelling", isolate_arabic_runs(value)))
    return facts


def scope_line(articles: Sequence[TranslatedSummary], skipped: int) -> str:
    """``5 sources, 16 August 2025 – 17 August 2025; 1 skipped``."""
    count = len(articles)
    text = f"{count} source" + ("" if count == 1 else "s")
    span = date_range(articles)
    if span:
        text += f", published {span}"
    if skipped:
        text += f"; {skipped} input" + (" skipped" if skipped == 1 else "s skipped")
    return text


def sentences_line(article: TranslatedSummary) -> str:
    """``5 of 31 sentences`` kept by the summarizer."""
    return f"{len(article.sentences)} of {article.summary.total} sentences"


# ------------------------------------------------------------------------ marks legend


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the marks legend: mark, flag name, explanation and how often it occurs."""

    mark: str
    flag: str
    text: str
    count: int

    def line(self, escape: Escape = _same) -> str:
        """``Low-confidence machine translation (...). Marked in this briefing: 2.``"""
        return f"{escape(self.text[0].upper() + self.text[1:])}. Marked in this briefing: {self.count}."


def legend(articles: Iterable[TranslatedSummary], overview: Iterable[GroupSection]) -> list[LegendEntry]:
    """Every mark the briefing uses (low-confidence always listed), with counts.

    Counts the sentences of every article (copies included) and the overview's point rows.
    """
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(article.title_flags)
        for s in article.sentences:
            counts.update(flags_of(s.confidence, s.flags))
    for row in _point_rows(overview):
        counts.update(row.flags)
    flags = ["low-confidence", *sorted((f for f in counts if f != "low-confidence"), key=flag_order)]
    return [LegendEntry(flag_mark(f), f, flag_legend_text(f), counts[f]) for f in flags]


_STATUS_WORDS = {
    "preview": "Written before the event (preview)",
    "report": "Written after the event (report)",
    "unknown": "Not clear whether written before or after the event",
}


def status_lines(group: EventGroup) -> list[str]:
    """The group's article statuses in words, in one line (an overview is read in a minute):
    ``Written before the event (preview): [1] · Written after the event (report): [4], [5]``.

    Empty when no status is known (all ``unknown`` or none given).
    """
    by_status: dict[str, list[int]] = {}
    for article_id, status in group.statuses:
        by_status.setdefault(status, []).append(article_id)
    if set(by_status) <= {"unknown"}:
        return []
    order = list(_STATUS_WORDS)
    ranked = sorted(by_status.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    said = [
        f"{_STATUS_WORDS.get(status, status)}: " + ", ".join(f"[{i}]" for i in ids) for status, ids in ranked
    ]
    return [" · ".join(said)]


_KIND_WORDS = {
    "number": "the numbers differ",
    "date": "the dates differ",
    "place": "the places differ",
    "duration": "the durations differ",
    "negation": "one source denies what another states",
}


def kind_label(kind: str) -> str:
    """``number`` -> ``the numbers differ`` (what the sources disagree on); empty for no kind."""
    return _KIND_WORDS.get(kind, f"{kind} differs" if kind else "")


def group_notes(group: EventGroup) -> list[str]:
    """The lines shown above a group's tables: statuses, then the overview's notes, bidi-safe."""
    return [isolate_arabic_runs(line) for line in (*status_lines(group), *group.notes)]


# ------------------------------------------------------------------------------ titles


DEFAULT_TITLE = DEFAULTS.title
"""The configured title that means "none given": the briefing then takes one from its articles."""

# A headline longer than this makes a title block of three lines; the event part is cut at a
# word boundary. Chosen on headlines written for the tests (40-120 characters).
_TITLE_EVENT_LIMIT = 70


def display_title(result: Briefing, *, isolated: bool = False) -> str:
    """The title: as given, or, for the default, the event and its dates drawn from the articles.

    The event is the English headline of the article the overview cites most in its largest
    group (the first article without an overview); the dates are the publication range:
    ``Kremlin: the Putin–Trump summit · 7–16 August 2025``.

    Args:
        result: The briefing.
        isolated: For a document's own title line: a headline holding Arabic is isolated (FSI
            … PDI), or a range after it (``7–16 August``) would be drawn ``16–7``, its numbers
            taken as Arabic ones. JSON and file properties take the plain text.
    """
    given = (result.info.title or "").strip()
    if given and given != DEFAULT_TITLE:
        return given
    if not result.articles:
        return given or DEFAULT_TITLE
    event = _title_event(_lead_article(result))
    span = compact_date_range(result.articles)
    if event and isolated and has_arabic(event):
        event = isolate(event)
    parts = [p for p in (event, span) if p]
    return " · ".join(parts) if parts else DEFAULT_TITLE


def _title_event(lead: TranslatedSummary) -> str | None:
    """The lead article's English headline, cut at a word when long; None when not translated."""
    event = lead.title_en.strip() if lead.title_en and lead.title_en.strip() else None
    if event and len(event) > _TITLE_EVENT_LIMIT:
        event = event[:_TITLE_EVENT_LIMIT].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return event


def _lead_article(result: Briefing) -> TranslatedSummary:
    """The article that stands for the briefing's main event."""
    articles = result.articles
    groups = result.overview.groups if result.overview is not None else ()
    if not groups:
        return articles[0]
    group = max(groups, key=lambda g: len(g.articles))
    wordings = WordingIndex(articles)
    cited: Counter[int] = Counter()
    for point in group.key_points:
        cited.update({a for a, _ in point_view(point, wordings).citations} or set(point.sources))
    by_id = {a.id: a for a in articles}
    candidates = [i for i in group.articles if i in by_id] or [articles[0].id]
    return by_id[max(candidates, key=lambda i: (cited[i], -i))]


# ------------------------------------------------------------------------------ outline


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The first page's facts: title, scope and build time, and what built the briefing.

    Attributes:
        title: The display title (see :func:`display_title`).
        scope: ``5 sources, published 7 August 2025 – 16 August 2025; 1 input skipped``.
        created: The build time in words (``24 November 2026, 09:00``).
        generator: ``briefing 0.1.0 · backend X · summarizer Y``.
        software: ``briefing 0.1.0`` (document metadata).
    """

    title: str
    scope: str
    created: str
    generator: str
    software: str

    def meta_lines(self, escape: Escape = _same) -> tuple[str, str]:
        """The two lines under the title: scope and build time, then what generated it."""
        return (
            f"{escape(self.scope)} · created {escape(self.created)}",
            f"Generated by {escape(self.generator)}",
        )


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    """One line of the contents.

    Attributes:
        part: ``sources``, ``skipped``, ``overview``, ``article`` or ``appendix``; each format
            makes its own link target from it (and ``number``).
        label: The entry as listed (``Skipped sources (1)``, ``3. English title``).
        heading: The heading of the part it leads to (Markdown lists these, its anchors being
            made from headings).
        number: The source number whose section an ``article`` entry leads to (a copy's
            entry leads to the article it copies).
        arabic: The Arabic title of an ``article`` entry.
    """

    part: str
    label: str
    heading: str
    number: int | None = None
    arabic: str | None = None


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One source in the Sources part (every article, copies included)."""

    number: int
    english_title: str
    arabic_title: str
    attribution: tuple[Field, ...]
    copy_note: str | None


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation of an article sentence.

    Attributes:
        article: Source number.
        index: Sentence position, 0-based.
        in_articles: The sentence has a row in the articles part (link there, else to the source).
    """

    article: int
    index: int
    in_articles: bool

    @property
    def label(self) -> str:
        """``[2:14]``."""
        return citation(self.article, self.index)


@dataclass(frozen=True, slots=True)
class PointRow:
    """A row of a key-point or difference table.

    Attributes:
        cites: Where the point is said (overview citations, else the quoted summary sentence).
        english: The translation (None or empty: not translated).
        arabic: The wording shown.
        flags: Flags to mark.
        outlets: ``(source number, outlet)`` of each source that states it.
        values: Disputed values to highlight (differences only).
        single_source: A key point only one source states (said under the outlets).
    """

    cites: tuple[Cite, ...]
    english: str | None
    arabic: str
    flags: tuple[str, ...]
    outlets: tuple[tuple[int, str], ...]
    values: tuple[str, ...] = ()
    single_source: bool = False
    reasons: tuple[tuple[str, str], ...] = ()
    """``(flag, reason)`` of the review, drawn under the English (:func:`~briefing.compose.checks.note`)."""


@dataclass(frozen=True, slots=True)
class DifferenceBlock:
    """One point the sources disagree on: topic, what differs, one row per version."""

    topic: str
    kind_label: str
    rows: tuple[PointRow, ...]


@dataclass(frozen=True, slots=True)
class DuplicateNote:
    """``[2]–[200] repeat [1]: shown once, under [1].``: the copies of one article, in one line.

    Attributes:
        first: The article kept.
        copies: The articles that repeat it, in source order.
        first_title: The kept article's English headline.
        adds: Copies whose own sentences are listed under "What copies add".
    """

    first: int
    copies: tuple[int, ...]
    first_title: str
    adds: tuple[int, ...] = ()

    def sentence(self, link: Callable[[int], str] = lambda n: f"[{n}]", *, named: bool = False) -> str:
        """The note, each source number drawn by ``link``; ``named`` adds the kept article's title."""
        first = link(self.first) + (f" ({self.first_title})" if named else "")
        verb = "repeats" if len(self.copies) == 1 else "repeat"
        line = f"{source_span(self.copies, link)} {verb} {first}: shown once, under {link(self.first)}."
        if self.adds:
            line += f" What {source_span(self.adds, link)} add{'s' if len(self.adds) == 1 else ''} is listed."
        return line


def source_span(ids: Sequence[int], link: Callable[[int], str] = lambda n: f"[{n}]") -> str:
    """Source numbers with runs shortened: ``[2]–[200]``, ``[2], [5]–[7]``."""
    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = [
        link(r[0])
        if len(r) == 1
        else f"{link(r[0])}, {link(r[1])}"
        if len(r) == 2
        else f"{link(r[0])}–{link(r[-1])}"
        for r in runs
    ]
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class GroupSection:
    """One event group of the overview.

    Attributes:
        number: Event number, from 1.
        articles: Source numbers of the group.
        several: The overview has more than one group (each gets a heading).
        notes: Statuses and the overview's notes, bidi-safe (see :func:`group_notes`).
        headline: What happened and who reports it: the headline that stands for the event,
            with the outlets of every source (None: no headline row).
        key_points: The key-point rows, each stated by two or more sources (empty: no table).
        differences: The differences (empty: no part).
        duplicates: Near-duplicate notes, one per article copied.
        copy_extras: What copies state that the article they copy does not.
        given: The editor said the articles are one event (``--one-event``); the opening
            line says the grouping is theirs.
    """

    number: int
    articles: tuple[int, ...]
    several: bool
    notes: tuple[str, ...]
    key_points: tuple[PointRow, ...]
    differences: tuple[DifferenceBlock, ...]
    duplicates: tuple[DuplicateNote, ...]
    headline: PointRow | None = None
    copy_extras: tuple[PointRow, ...] = ()
    given: bool = False

    def intro(self, refs: str) -> str:
        """The group's heading (several groups) or opening line (one), ``refs`` its sources as drawn."""
        if self.several:
            return f"Event {self.number}: sources {refs}"
        said = ", as the editor said (--one-event)" if self.given else ""
        return f"All {len(self.articles)} sources are about the same event{said}: {refs}."


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """A row of an article's table: one summary sentence and its translation.

    Attributes:
        cite: The sentence's citation (its own row).
        english: The translation (None or empty: not translated).
        arabic: The sentence.
        flags: Flags to mark.
    """

    cite: Cite
    english: str | None
    arabic: str
    flags: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...] = ()
    """``(flag, reason)`` of the review, drawn under the English (:func:`~briefing.compose.checks.note`)."""


@dataclass(frozen=True, slots=True)
class ArticleSection:
    """One article's section: headline in both languages, attribution, sentence rows."""

    number: int
    english_title: str
    arabic_title: str
    attribution: tuple[Field, ...]
    sentences_line: str
    also_published: str | None
    rows: tuple[SentenceRow, ...]
    title_flags: tuple[str, ...] = ()
    """Review flags of the English headline (marked after it)."""
    title_reasons: tuple[tuple[str, str], ...] = ()

    @property
    def heading(self) -> str:
        """``3. English headline`` (the section heading and its contents entry)."""
        return f"{self.number}. {self.english_title}"


@dataclass(frozen=True, slots=True)
class AppendixEntry:
    """File, reader, encoding and metadata provenance of one source."""

    number: int
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Outline:
    """A briefing laid out once, in reading order, for every format to draw.

    Attributes:
        title: The title block.
        contents: The contents entries, in order.
        legend: The marks legend (low-confidence always listed).
        sources: Every source.
        skipped: Inputs that could not be used (empty: no part).
        overview: The overview's groups of two or more articles (None: no overview part).
        single_stories: Source numbers of the stories only one source tells (listed in one
            line of the overview, each summarized in its own section).
        articles: One section per article, copies left out.
        articles_note: Said in the articles part when no article could be used.
        appendix: One entry per source (empty: no appendix).
        checks: The translations to check, for the first page (None: nothing translated).
    """

    title: TitleBlock
    contents: tuple[ContentsEntry, ...]
    legend: tuple[LegendEntry, ...]
    sources: tuple[SourceEntry, ...]
    skipped: tuple[Skipped, ...]
    overview: tuple[GroupSection, ...] | None
    single_stories: tuple[int, ...]
    articles: tuple[ArticleSection, ...]
    articles_note: str | None
    appendix: tuple[AppendixEntry, ...]
    checks: CheckList | None = None


@dataclass(frozen=True, slots=True)
class _Facts:
    """What several parts of the outline look up: the briefing, point matches, sections."""

    briefing: Briefing
    wordings: WordingIndex
    duplicates: Duplicates
    sections: tuple[TranslatedSummary, ...]
    shown: frozenset[tuple[int, int]]

    @classmethod
    def of(cls, briefing: Briefing) -> _Facts:
        duplicates = Duplicates.of(briefing.overview)
        sections = tuple(duplicates.sections(briefing.articles))
        return cls(
            briefing=briefing,
            wordings=WordingIndex(briefing.articles),
            duplicates=duplicates,
            sections=sections,
            shown=frozenset((a.id, s.index) for a in sections for s in a.sentences),
        )

    def cite(self, article: int, index: int) -> Cite:
        """The citation of a sentence, knowing whether the articles part shows it."""
        return Cite(article, index, (article, index) in self.shown)


def build_outline(briefing: Briefing) -> Outline:
    """Decide what the briefing shows, once, for every format.

    Args:
        briefing: The briefing.

    Returns:
        The outline; formats walk it in order and only draw.
    """
    facts = _Facts.of(briefing)
    articles = briefing.articles
    groups = briefing.overview.groups if briefing.overview is not None else ()
    # A story one source tells is in its own section; the overview only lists its number.
    events = [g for g in groups if len(g.articles) > 1]
    single = tuple(i for g in groups if len(g.articles) == 1 for i in g.articles)
    overview = tuple(_group_section(facts, n, g, len(events) > 1) for n, g in enumerate(events, 1))
    return Outline(
        title=_title_block(briefing),
        contents=_contents(briefing, facts.duplicates, has_overview=bool(groups)),
        legend=tuple(legend(articles, overview)),
        sources=tuple(_source_entry(a, facts.duplicates) for a in articles),
        skipped=tuple(briefing.skipped),
        overview=overview if groups else None,
        single_stories=single,
        articles=tuple(_article_section(facts, a) for a in facts.sections),
        articles_note=None if articles else NO_ARTICLES,
        appendix=tuple(
            AppendixEntry(a.id, (*technical_fields(a.source), *term_facts(a, briefing.spellings)))
            for a in articles
        ),
        checks=_checks(briefing),
    )


def _checks(briefing: Briefing) -> CheckList | None:
    """The first page's list of translations to check (None when nothing was translated)."""
    checks = check_list(briefing)
    return checks if checks.total else None


def _title_block(briefing: Briefing) -> TitleBlock:
    """Title, scope, build time and generator of the first page."""
    return TitleBlock(
        title=display_title(briefing, isolated=True),
        scope=scope_line(briefing.articles, len(briefing.skipped)),
        created=format_created(briefing.info.created),
        generator=" · ".join(
            [generator_line(briefing.info, __version__)]
            + ([glossary_line(briefing.glossary)] if briefing.glossary else [])
        ),
        software=f"{GENERATOR} {__version__}",
    )


COPY_ENTRY = "a copy of {kept}, shown there"
"""The contents entry of a near-duplicate, which has no section of its own."""

COPIES_ENTRY = "copies of {kept}, shown there"
"""The contents entry of three or more consecutive copies of one article (after their count)."""


def _contents(briefing: Briefing, duplicates: Duplicates, *, has_overview: bool) -> tuple[ContentsEntry, ...]:
    """Sources, skipped inputs, overview, each article (a copy too, leading to the article it
    copies, so that the numbers run on), appendix: the parts that exist."""
    entries = [ContentsEntry("sources", HEADING_SOURCES, HEADING_SOURCES)]
    if briefing.skipped:
        label = f"{HEADING_SKIPPED} ({len(briefing.skipped)})"
        entries.append(ContentsEntry("skipped", label, HEADING_SKIPPED))
    if has_overview:
        entries.append(ContentsEntry("overview", CONTENTS_OVERVIEW, HEADING_OVERVIEW))
    entries += _article_entries(briefing.articles, duplicates)
    if briefing.articles:
        entries.append(ContentsEntry("appendix", HEADING_APPENDIX, HEADING_APPENDIX))
    return tuple(entries)


def _article_entries(articles: Sequence[TranslatedSummary], duplicates: Duplicates) -> list[ContentsEntry]:
    """Each article's entry, a copy too, in its place (numbers run 10, 11, 12, 13).

    A copy leads to the article it copies. Consecutive copies of one article are one entry
    ("2–200. 199 copies of 1, shown there"): a page per 15 identical entries tells nothing.
    """
    entries: list[ContentsEntry] = []
    run: list[TranslatedSummary] = []

    def close_run() -> None:
        if len(run) > 2:
            kept = duplicates.kept_of[run[0].id]
            label = f"{run[0].id}–{run[-1].id}. {len(run)} {COPIES_ENTRY.format(kept=kept)}"
            entries.append(ContentsEntry("article", label, label, kept))
        else:
            entries.extend(_article_entry(a, duplicates) for a in run)
        run.clear()

    for article in articles:
        kept = duplicates.kept_of.get(article.id)
        if run and (kept is None or duplicates.kept_of[run[-1].id] != kept or run[-1].id != article.id - 1):
            close_run()
        if kept is None:
            entries.append(_article_entry(article, duplicates))
        else:
            run.append(article)
    close_run()
    return entries


def _article_entry(article: TranslatedSummary, duplicates: Duplicates) -> ContentsEntry:
    """An article's entry; a copy's leads to the article it copies."""
    heading = f"{article.id}. {english_title(article)}"
    kept = duplicates.kept_of.get(article.id)
    if kept is not None:
        heading = f"{heading} — {COPY_ENTRY.format(kept=kept)}"
    return ContentsEntry("article", heading, heading, kept or article.id, arabic_title(article))


def _source_entry(article: TranslatedSummary, duplicates: Duplicates) -> SourceEntry:
    """A source's entry: both titles, attribution, and the copy note of a near-duplicate."""
    return SourceEntry(
        number=article.id,
        english_title=english_title(article),
        arabic_title=arabic_title(article),
        attribution=tuple(attribution_fields(article.source)),
        copy_note=copy_note(article, duplicates),
    )


def _group_section(facts: _Facts, number: int, group: EventGroup, several: bool) -> GroupSection:
    """An event group: notes, key-point rows, differences and duplicate notes."""
    titles = {a.id: english_title(a) for a in facts.briefing.articles}
    return GroupSection(
        number=number,
        articles=tuple(group.articles),
        several=several,
        given=facts.briefing.overview is not None and facts.briefing.overview.one_event,
        notes=tuple(group_notes(group)),
        key_points=tuple(_point_row(facts, p, key_point=True) for p in group.key_points),
        differences=tuple(
            DifferenceBlock(
                topic=d.topic,
                kind_label=kind_label(d.kind),
                rows=tuple(_point_row(facts, v, key_point=False) for v in d.versions),
            )
            for d in group.differences
        ),
        duplicates=tuple(_duplicate_notes(group, titles)),
        # The headline names who reports the event; "single source" is for key points only.
        headline=_point_row(facts, group.headline, key_point=False) if group.headline is not None else None,
        copy_extras=tuple(_point_row(facts, p, key_point=True) for p in group.copy_extras),
    )


def _duplicate_notes(group: EventGroup, titles: dict[int, str]) -> list[DuplicateNote]:
    """One note per article copied: all its copies in one line (200 copies are one line)."""
    copies: dict[int, list[int]] = {}
    for kept, copy in group.duplicates:
        copies.setdefault(kept, []).append(copy)
    adding = {i for p in group.copy_extras for i in p.sources}
    return [
        DuplicateNote(
            kept, tuple(sorted(c)), titles.get(kept, f"source {kept}"), tuple(sorted(adding & set(c)))
        )
        for kept, c in sorted(copies.items())
    ]


def _point_row(facts: _Facts, version: KeyPoint | OverviewVersion, *, key_point: bool) -> PointRow:
    """A key point, headline or copy's sentence, or a difference version (values disputed)."""
    view = point_view(version, facts.wordings)
    return PointRow(
        cites=tuple(facts.cite(a, i) for a, i in view.citations),
        english=version.english,
        arabic=version.arabic,
        flags=view.flags,
        outlets=tuple(outlet_names(version.sources, facts.briefing.articles)),
        values=tuple(version.values) if not key_point and isinstance(version, OverviewVersion) else (),
        single_source=key_point and len(version.sources) == 1,
        reasons=row_reasons(view.flags, version.reasons, view.confidence),
    )


def _point_rows(overview: Iterable[GroupSection]) -> Iterator[PointRow]:
    """Every key-point and difference row of the overview's groups."""
    for group in overview:
        if group.headline is not None:
            yield group.headline
        yield from group.key_points
        yield from group.copy_extras
        for difference in group.differences:
            yield from difference.rows


def _article_section(facts: _Facts, article: TranslatedSummary) -> ArticleSection:
    """An article's section: headline, attribution and one row per summary sentence."""
    return ArticleSection(
        number=article.id,
        english_title=english_title(article),
        arabic_title=arabic_title(article),
        attribution=tuple(attribution_fields(article.source)),
        sentences_line=sentences_line(article),
        also_published=also_published(article, facts.duplicates, facts.briefing.articles),
        rows=tuple(
            SentenceRow(
                cite=facts.cite(article.id, s.index),
                english=s.english,
                arabic=s.arabic,
                flags=flags_of(s.confidence, s.flags),
                reasons=row_reasons(flags_of(s.confidence, s.flags), s.reasons, s.confidence),
            )
            for s in article.sentences
        ),
        title_flags=tuple(article.title_flags),
        title_reasons=row_reasons(article.title_flags, article.title_reasons),
    )
