"""What every output format says the same way: citations, titles, dates, attribution, marks."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from briefing.dates import parse_date
from briefing.types import (
    BriefingInfo,
    KeyPoint,
    Overview,
    OverviewVersion,
    SourceRef,
    TranslatedSentence,
    TranslatedSummary,
)

# Confidence is the translator's mean token log-probability (<= 0). -1.0 means the model gave
# its own output tokens a geometric-mean probability below e**-1 (about 0.37). On opus-mt-ar-en,
# fluent, faithful news sentences land around -0.1 to -0.6; outputs below -1.0 are the ones that
# drop clauses, repeat themselves or guess at names, so that is where a reader is told to check
# the Arabic. A tuned threshold belongs in this one constant, shared by every format.
LOW_CONFIDENCE_THRESHOLD = -1.0

LOW_CONFIDENCE_MARK = "†"
"""Shown after a low-confidence English sentence (present in every common font)."""

LOW_CONFIDENCE_LEGEND = (
    f"{LOW_CONFIDENCE_MARK} Low-confidence machine translation (mean token log-probability below "
    f"{LOW_CONFIDENCE_THRESHOLD:.1f}): check it against the Arabic. Sentences without the mark scored "
    "higher, or the translator reported no confidence."
)

CITATION_LEGEND = (
    "Citations such as [2:14] name the source (2, see Sources) and the sentence's position in that "
    "article (14th sentence)."
)

GENERATOR = "briefing"


def is_low_confidence(confidence: float | None) -> bool:
    """True when a known confidence falls below :data:`LOW_CONFIDENCE_THRESHOLD`."""
    return confidence is not None and confidence < LOW_CONFIDENCE_THRESHOLD


def citation(article_id: int, sentence_index: int) -> str:
    """``[source:sentence]`` with the sentence counted from 1, as a reader counts."""
    return f"[{article_id}:{sentence_index + 1}]"


def source_refs(ids: Iterable[int]) -> str:
    """``[2][4][5]`` for a list of source numbers."""
    return "".join(f"[{i}]" for i in ids)


def arabic_title(article: TranslatedSummary) -> str:
    """The Arabic headline: cleaned title, else the metadata title, else the file name."""
    return article.summary.article.title or article.source.title or PurePath(article.source.path).name


def english_title(article: TranslatedSummary) -> str:
    """The English headline, or a plain label when the title was not translated."""
    if article.title_en and article.title_en.strip():
        return article.title_en.strip()
    return f"Article {article.id} (title not translated)"


def location(source: SourceRef) -> str:
    """URL when known, else the input file."""
    return source.url or source.path


def format_date(value: str | None) -> str | None:
    """``16 August 2025`` for an ISO date; the original text when it is not one."""
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        return value.strip()
    return f"{parsed.day} {parsed:%B %Y}"


def format_created(value: str) -> str:
    """``24 November 2026, 06:48`` for the build time (ISO 8601), with its zone when it has one.

    ``UTC`` for a zero offset, ``UTC+02:00`` otherwise; the text as given when it is not ISO 8601.
    """
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    text = f"{moment.day} {moment:%B %Y, %H:%M}"
    offset = moment.utcoffset()
    if offset is None:
        return text
    if not offset:
        return f"{text} UTC"
    zone = moment.strftime("%z")
    return f"{text} UTC{zone[:3]}:{zone[3:5]}"


def date_range(articles: Sequence[TranslatedSummary]) -> str | None:
    """Earliest to latest publication date of the articles, or None when none is known."""
    dates = sorted(d for d in (parse_date(a.source.published) for a in articles) if d is not None)
    if not dates:
        return None
    first, last = dates[0], dates[-1]
    if first == last:
        return f"{first.day} {first:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


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


@dataclass(frozen=True, slots=True)
class SourceLine:
    """The fields of one sources-list entry, in reading order (label, value)."""

    number: int
    title: str
    fields: tuple[tuple[str, str], ...]


def source_line(article: TranslatedSummary) -> SourceLine:
    """Title, outlet, author, date, URL or file, and encoding of one source."""
    src = article.source
    fields: list[tuple[str, str]] = []
    if src.outlet:
        fields.append(("outlet", src.outlet))
    if src.author:
        fields.append(("author", src.author))
    published = format_date(src.published)
    if published:
        fields.append(("published", published))
    if src.url:
        fields.append(("url", src.url))
    fields.append(("file", src.path))
    fields.append(("encoding", src.encoding or f"n/a ({src.format})"))
    return SourceLine(number=article.id, title=arabic_title(article), fields=tuple(fields))


def attribution(article: TranslatedSummary) -> str:
    """One line under a headline: ``Source [2] · Outlet · Author · 16 August 2025 · URL``."""
    src = article.source
    parts = [f"Source [{article.id}]"]
    parts.extend(p for p in (src.outlet, src.author, format_date(src.published)) if p)
    parts.append(location(src))
    return " · ".join(parts)


def sentences_line(article: TranslatedSummary) -> str:
    """``5 of 31 sentences`` kept by the summarizer."""
    return f"{len(article.sentences)} of {article.summary.total} sentences"


class WordingIndex:
    """Finds the summary sentence an overview point quotes, to cite it like any other sentence.

    The overview shows one source's wording of a point; when that wording is one of the
    summary sentences of a source the point lists, the point gets that sentence's citation
    (``[4:1]``) and its translation confidence.
    """

    def __init__(self, articles: Iterable[TranslatedSummary]) -> None:
        self._by_text: dict[str, list[tuple[int, TranslatedSentence]]] = {}
        for article in articles:
            for sentence in article.sentences:
                self._by_text.setdefault(_key(sentence.arabic), []).append((article.id, sentence))

    def find(self, version: KeyPoint | OverviewVersion) -> tuple[int, TranslatedSentence] | None:
        """``(source number, sentence)`` whose Arabic is the point's wording, or None."""
        for article_id, sentence in self._by_text.get(_key(version.arabic), ()):
            if article_id in version.sources:
                return article_id, sentence
        return None


def _key(text: str) -> str:
    """Whitespace-insensitive lookup key (the overview may re-join a sentence's lines)."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Duplicates:
    """Near-duplicate articles found by the overview: ``(kept, copy)`` pairs, looked up both ways.

    A copy keeps its entry in the sources list but gets no section of its own; the kept
    article's attribution says it was also published by the copy's source.
    """

    kept_of: dict[int, int]
    copies_of: dict[int, tuple[int, ...]]

    @classmethod
    def of(cls, overview: Overview | None) -> Duplicates:
        kept_of: dict[int, int] = {}
        copies: dict[int, list[int]] = {}
        for group in overview.groups if overview is not None else ():
            for kept, copy in group.duplicates:
                if copy != kept and copy not in kept_of:
                    kept_of[copy] = kept
                    copies.setdefault(kept, []).append(copy)
        return cls(kept_of=kept_of, copies_of={k: tuple(v) for k, v in copies.items()})

    def sections(self, articles: Sequence[TranslatedSummary]) -> list[TranslatedSummary]:
        """The articles that get a section of their own (copies left out)."""
        return [a for a in articles if a.id not in self.kept_of]


def also_published(
    article: TranslatedSummary, duplicates: Duplicates, articles: Sequence[TranslatedSummary]
) -> str | None:
    """``Also published by [3] Outlet, [5] file.txt`` for a kept article, or None."""
    copies = duplicates.copies_of.get(article.id)
    if not copies:
        return None
    by_id = {a.id: a for a in articles}
    names = []
    for copy in copies:
        other = by_id.get(copy)
        label = (other.source.outlet or PurePath(other.source.path).name) if other else None
        names.append(f"[{copy}] {label}" if label else f"[{copy}]")
    return "Also published by " + ", ".join(names) + " (a copy or light rewrite; not repeated)"


def copy_note(article: TranslatedSummary, duplicates: Duplicates) -> str | None:
    """``Copy or light rewrite of [1]; shown under [1]`` for a copy, or None."""
    kept = duplicates.kept_of.get(article.id)
    if kept is None:
        return None
    return f"Copy or light rewrite of [{kept}]; its sentences are shown under [{kept}]"
