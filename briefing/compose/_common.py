"""What every output format says the same way: citations, titles, dates, attribution, marks."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import unquote, urlsplit

from briefing.config import DEFAULTS
from briefing.text.dates import parse_date
from briefing.types import (
    FLAG_LEGEND,
    Briefing,
    BriefingInfo,
    EventGroup,
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

OUTLET_MISSING = "outlet not given"
"""Said where a source names no outlet, so a reader never guesses one from the file name."""

# Unicode bidi isolates (UAX #9, 6.3+). A metadata line mixes Arabic fields with an English
# date: without isolation the day "16" of "16 August 2025" after an Arabic outlet resolves as
# an Arabic number (rule W2) and jumps to the other side of the outlet. Each field wrapped in
# FSI...PDI is laid out on its own and counts as a neutral for its neighbours.
FSI = "\u2068"  # first strong isolate: direction from the field's first letter
LRI = "\u2066"  # left-to-right isolate: URLs, whose Arabic path must not reorder the host
RLI = "\u2067"  # right-to-left isolate: Arabic text inside an English line
PDI = "\u2069"  # pop directional isolate
BIDI_CONTROLS = FSI + LRI + RLI + PDI

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    """True when ``text`` holds an Arabic letter (it needs right-to-left treatment)."""
    return _ARABIC_LETTER.search(text) is not None


def isolate(text: str) -> str:
    """``text`` between FSI and PDI: laid out in its own direction, neutral to its neighbours."""
    return f"{FSI}{text}{PDI}"


def isolate_ltr(text: str) -> str:
    """``text`` between LRI and PDI (URLs and file paths, which are left-to-right even with Arabic)."""
    return f"{LRI}{text}{PDI}"


_ARABIC_RUN = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"
    "(?:[ /\u060c\u061b\u2013-]+[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)*"
)


def isolate_arabic_runs(text: str) -> str:
    """An English line with each run of Arabic words (``ألاسكا / أنكوريدج``) isolated right-to-left.

    Free text that names Arabic places or outlets (the overview's notes) would otherwise let the
    bidi algorithm pull the neighbouring ``[1]`` or ``;`` across the Arabic.
    """
    return _ARABIC_RUN.sub(lambda match: f"{RLI}{match.group()}{PDI}", text)


def group_notes(group: EventGroup) -> list[str]:
    """The lines shown above a group's tables: statuses, then the overview's notes, bidi-safe."""
    return [isolate_arabic_runs(line) for line in (*status_lines(group), *group.notes)]


def strip_bidi(text: str) -> str:
    """``text`` without the isolate controls (for comparisons and plain search)."""
    return text.translate({ord(ch): None for ch in BIDI_CONTROLS})


# Long enough for a host plus the distinctive start of a slug; a readable URL on a narrow
# phone column or 8.5 cm table cell is at most about two lines of small print.
URL_DISPLAY_LIMIT = 60


def display_url(url: str, *, limit: int = URL_DISPLAY_LIMIT) -> str:
    """A URL as a reader reads it: percent-escapes decoded, no scheme or ``www.``, shortened.

    ``https://www.x.example/%D8%A7...?id=7`` -> ``x.example/ا…?id=7`` (middle elided with
    ``…`` when longer than ``limit``). The link target stays the full URL.
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme and parts.netloc:
        host = parts.netloc.removeprefix("www.")
        rest = parts.path + (f"?{parts.query}" if parts.query else "")
        text = host + (rest if rest != "/" else "")
    text = unquote(text, errors="replace")
    text = unicodedata.normalize("NFC", text).rstrip("/")
    if len(text) <= limit:
        return text
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 1, 0)
    return text[:head].rstrip() + "…" + (text[-tail:] if tail else "")


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
        fields.append(Field("url", display_url(source.url), href=source.url.strip()))
    return fields


def technical_fields(source: SourceRef) -> list[tuple[str, str]]:
    """File, reader, encoding and metadata provenance: the appendix entry of a source."""
    fields = [
        ("file", source.path),
        ("format", source.format),
        ("encoding", source.encoding or "n/a (container)"),
    ]
    if source.url:
        fields.append(("full URL", source.url))
    if source.provenance:
        fields.append(("metadata from", ", ".join(f"{name}: {origin}" for name, origin in source.provenance)))
    return fields


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


def sentences_line(article: TranslatedSummary) -> str:
    """``5 of 31 sentences`` kept by the summarizer."""
    return f"{len(article.sentences)} of {article.summary.total} sentences"


# ------------------------------------------------------------------------ marks and flags

# One mark per flag, from characters every text face carries (Calibri, Noto Sans, Arial,
# DejaVu, Liberation), distinct at 8 pt. "low-confidence" keeps the dagger briefings used
# before flags existed. A flag added to FLAG_LEGEND without a mark here gets "*".
FLAG_MARKS: dict[str, str] = {
    "low-confidence": LOW_CONFIDENCE_MARK,
    "numbers": "‡",
    "repetition": "§",
    "length": "¶",
    "cap": "‖",
}
_UNKNOWN_MARK = "*"


def _flag_order(flag: str) -> tuple[int, str]:
    order = list(FLAG_LEGEND)
    return (order.index(flag) if flag in order else len(order), flag)


def flags_of(confidence: float | None, flags: Iterable[str]) -> tuple[str, ...]:
    """The flags to mark: the given ones, plus ``low-confidence`` below the threshold, in legend order."""
    found = set(flags)
    if is_low_confidence(confidence):
        found.add("low-confidence")
    return tuple(sorted(found, key=_flag_order))


def flag_mark(flag: str) -> str:
    """The mark drawn for ``flag``."""
    return FLAG_MARKS.get(flag, _UNKNOWN_MARK)


def flag_legend_text(flag: str) -> str:
    """What the mark of ``flag`` tells the reader."""
    if flag == "low-confidence":
        return (
            f"low-confidence machine translation (mean token log-probability below "
            f"{LOW_CONFIDENCE_THRESHOLD:.1f}): check it against the Arabic"
        )
    return FLAG_LEGEND.get(flag, flag)


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the marks legend: mark, flag name, explanation and how often it occurs."""

    mark: str
    flag: str
    text: str
    count: int


def legend(result: Briefing) -> list[LegendEntry]:
    """Every mark the briefing uses (low-confidence always listed), with counts."""
    counts: Counter[str] = Counter()
    for article in result.articles:
        for s in article.sentences:
            counts.update(flags_of(s.confidence, s.flags))
    wordings = WordingIndex(result.articles)
    for group in result.overview.groups if result.overview is not None else ():
        for point in group.key_points:
            counts.update(point_view(point, wordings).flags)
        for difference in group.differences:
            for version in difference.versions:
                counts.update(point_view(version, wordings).flags)
    flags = ["low-confidence", *sorted((f for f in counts if f != "low-confidence"), key=_flag_order)]
    return [LegendEntry(flag_mark(f), f, flag_legend_text(f), counts[f]) for f in flags]


# ------------------------------------------------------------------------ overview points


@dataclass(frozen=True, slots=True)
class PointView:
    """What a format draws for a key point or difference version.

    Attributes:
        citations: ``(article, sentence index)`` pairs, index 0-based.
        confidence: Translation confidence of the English.
        flags: Flags to mark (see :func:`flags_of`).
        derived: True when the citation was found by matching the Arabic to a summary
            sentence rather than given by the overview.
    """

    citations: tuple[tuple[int, int], ...]
    confidence: float | None
    flags: tuple[str, ...]
    derived: bool = False


def point_view(version: KeyPoint | OverviewVersion, wordings: WordingIndex) -> PointView:
    """Citations, confidence and flags of an overview point.

    The overview's own ``citations``/``confidence``/``flags`` win; where it gives none, a point
    whose Arabic is exactly one of the summary sentences of a source it lists takes that
    sentence's citation, confidence and flags (the same words, the same translation).
    """
    citations = tuple((c.article, c.index) for c in version.citations)
    confidence = version.confidence
    flags: tuple[str, ...] = tuple(version.flags)
    derived = False
    if not citations:
        found = wordings.find(version)
        if found is not None:
            citations = ((found[0], found[1].index),)
            derived = True
            if confidence is None:
                confidence = found[1].confidence
            if not flags:
                flags = found[1].flags
    return PointView(citations, confidence, flags_of(confidence, flags), derived)


def overview_citations(overview: Overview | None, wordings: WordingIndex) -> dict[tuple[int, int], str]:
    """Article sentences the overview also shows, mapped to where (``key point``/``difference``).

    Lets the article sections say "also in Overview" rather than repeat a sentence silently.
    """
    seen: dict[tuple[int, int], str] = {}
    for group in overview.groups if overview is not None else ():
        for point in group.key_points:
            for cite in point_view(point, wordings).citations:
                seen.setdefault(cite, "key point")
        for difference in group.differences:
            for version in difference.versions:
                for cite in point_view(version, wordings).citations:
                    seen.setdefault(cite, "difference")
    return seen


REPEAT_NOTE = "also in Overview"
"""Said under the citation of an article sentence the overview shows too."""


def highlight_spans(text: str, values: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_disputed_value)`` pieces, each value found marked.

    Longer values are matched first, so "3 hours" wins over "3"; a value that does not occur
    in ``text`` (it is given in the other language) marks nothing.
    """
    wanted = sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True)
    if not text:
        return []
    if not wanted:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(v) for v in wanted))
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


_STATUS_WORDS = {
    "preview": "Written before the event (preview)",
    "report": "Written after the event (report)",
    "unknown": "Not clear whether written before or after the event",
}


def status_lines(group: EventGroup) -> list[str]:
    """The group's article statuses in words: ``Written after the event (report): [4], [5]``.

    Empty when no status is known (all ``unknown`` or none given).
    """
    by_status: dict[str, list[int]] = {}
    for article_id, status in group.statuses:
        by_status.setdefault(status, []).append(article_id)
    if set(by_status) <= {"unknown"}:
        return []
    order = list(_STATUS_WORDS)
    ranked = sorted(by_status.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    return [
        f"{_STATUS_WORDS.get(status, status)}: " + ", ".join(f"[{i}]" for i in ids) for status, ids in ranked
    ]


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


# ------------------------------------------------------------------------------ titles


DEFAULT_TITLE = DEFAULTS.title
"""The configured title that means "none given": the briefing then takes one from its articles."""

# A headline longer than this makes a title block of three lines; the event part is cut at a
# word boundary. Chosen on headlines written for the tests (40-120 characters).
_TITLE_EVENT_LIMIT = 70


def display_title(result: Briefing) -> str:
    """The title: as given, or, for the default, the event and its dates drawn from the articles.

    The event is the English headline of the article the overview cites most in its largest
    group (the first article without an overview); the dates are the publication range:
    ``Kremlin: the Putin–Trump summit · 7–16 August 2025``.
    """
    given = (result.info.title or "").strip()
    if given and given != DEFAULT_TITLE:
        return given
    if not result.articles:
        return given or DEFAULT_TITLE
    lead = _lead_article(result)
    event = lead.title_en.strip() if lead.title_en and lead.title_en.strip() else None
    if event and len(event) > _TITLE_EVENT_LIMIT:
        event = event[:_TITLE_EVENT_LIMIT].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    span = compact_date_range(result.articles)
    parts = [p for p in (event, span) if p]
    return " · ".join(parts) if parts else DEFAULT_TITLE


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


def compact_date_range(articles: Sequence[TranslatedSummary]) -> str | None:
    """``7–16 August 2025``, ``30 July – 2 August 2025`` or one date; None when none is known."""
    dates = sorted(d for d in (parse_date(a.source.published) for a in articles) if d is not None)
    if not dates:
        return None
    first, last = dates[0], dates[-1]
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


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
        names.append(f"[{copy}] {isolate(label)}" if label else f"[{copy}]")
    return "Also published by " + ", ".join(names) + " (a copy or light rewrite; not repeated)"


def copy_note(article: TranslatedSummary, duplicates: Duplicates) -> str | None:
    """``Copy or light rewrite of [1]; shown under [1]`` for a copy, or None."""
    kept = duplicates.kept_of.get(article.id)
    if kept is None:
        return None
    return f"Copy or light rewrite of [{kept}]; its sentences are shown under [{kept}]"
