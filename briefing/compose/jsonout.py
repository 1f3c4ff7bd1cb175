"""JSON form of a briefing: the full result, versioned, described by ``briefing.schema.json``.

``to_dict`` -> ``from_dict`` -> ``to_dict`` gives the same data. The JSON holds what the
briefing shows (metadata, chosen sentences with positions and scores, translations,
confidence, skipped inputs, overview), not the full cleaned article text: a result rebuilt
with :func:`from_dict` has articles whose ``blocks`` are empty.

Versioning: ``schema_version`` is ``MAJOR.MINOR``. A minor version only adds keys; readers
must ignore keys they do not know (the schema allows them in every object). A key is removed
or changes meaning only with a new major version. 2.0 made ``provenance`` an object and added
the overview's citations, confidence, flags, disputed values, statuses and notes;
:func:`from_dict` still reads 1.x files. 2.1 added each group's ``headline`` (what happened,
with its independent sources) and ``copy_extras`` (sentences a copy adds to the article it copies);
the review's ``reasons`` (an object: flag -> what to check) beside every ``flags``, an article's
``title_flags``/``title_reasons``, and ``checks`` (how many translations are flagged, of how
many); each sentence's glossary ``terms``, the briefing's ``glossary`` and ``spellings``.

Sentence positions (``index``, and ``index`` in each citation) count from 0, as in
``Sentence.index``; documents show them counted from 1 (``[2:14]`` is index 13 of source 2).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from importlib import resources
from typing import Any, TypeVar

from briefing._version import __version__
from briefing.compose.checks import check_list, row_reasons
from briefing.compose.marks import flags_of, is_low_confidence
from briefing.compose.outline import display_title
from briefing.compose.points import WordingIndex, point_view
from briefing.errors import ConfigError
from briefing.types import (
    FLAG_LEGEND,
    Briefing,
    BriefingInfo,
    Citation,
    CleanArticle,
    Difference,
    EventGroup,
    GlossaryUse,
    KeyPoint,
    Overview,
    OverviewVersion,
    ScoredSentence,
    Skipped,
    SourceRef,
    Spelling,
    Summary,
    TermUse,
    TranslatedSentence,
    TranslatedSummary,
)

SCHEMA_VERSION = "2.2"
"""Version of the JSON shape written by :func:`to_dict` (see the module docstring)."""

SCHEMA_RESOURCE = "briefing.schema.json"


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) shipped with the package."""
    return json.loads(schema_text())


def schema_text() -> str:
    """The JSON Schema as shipped (what ``briefing schema`` prints)."""
    return resources.files("briefing.compose").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


def _source_dict(src: SourceRef) -> dict[str, Any]:
    return {
        "path": src.path,
        "format": src.format,
        "encoding": src.encoding,
        "provenance": dict(src.provenance),
    }


def _article_dict(article: TranslatedSummary) -> dict[str, Any]:
    src = article.source
    summary = article.summary
    return {
        "id": article.id,
        "source": src.path,
        "metadata": src.metadata(),
        "source_info": _source_dict(src),
        "title_ar": summary.article.title,
        "title_en": article.title_en,
        "sentence_count": summary.total,
        "method": summary.method,
        "sentences": [
            {
                "index": s.index,
                "arabic": s.arabic,
                "english": s.english,
                "confidence": s.confidence,
                "score": s.score,
                "segments": s.segments,
                "flags": list(flags_of(s.confidence, s.flags)),
                "terms": [asdict(use) for use in s.terms],
                "reasons": dict(row_reasons(flags_of(s.confidence, s.flags), s.reasons, s.confidence)),
            }
            for s in article.sentences
        ],
        "title_flags": list(article.title_flags),
        "title_reasons": dict(row_reasons(article.title_flags, article.title_reasons)),
    }


def _version_dict(version: OverviewVersion | KeyPoint, wordings: WordingIndex) -> dict[str, Any]:
    view = point_view(version, wordings)
    data: dict[str, Any] = {
        "arabic": version.arabic,
        "english": version.english,
        "sources": list(version.sources),
        "citations": [{"article": a, "index": i} for a, i in view.citations],
        "confidence": view.confidence,
        "flags": list(view.flags),
        "reasons": dict(row_reasons(view.flags, version.reasons, view.confidence)),
    }
    if isinstance(version, KeyPoint):
        data["score"] = version.score
    else:
        data["values"] = list(version.values)
    return data


def _overview_dict(overview: Overview, wordings: WordingIndex) -> dict[str, Any]:
    return {
        "groups": [
            {
                "articles": list(group.articles),
                "key_points": [_version_dict(p, wordings) for p in group.key_points],
                "differences": [
                    {
                        "topic": d.topic,
                        "kind": d.kind,
                        "values": _difference_values(d),
                        "versions": [_version_dict(v, wordings) for v in d.versions],
                    }
                    for d in group.differences
                ],
                "duplicates": [list(pair) for pair in group.duplicates],
                "statuses": [{"article": a, "status": s} for a, s in group.statuses],
                "notes": list(group.notes),
                "headline": _version_dict(group.headline, wordings) if group.headline is not None else None,
                "copy_extras": [_version_dict(p, wordings) for p in group.copy_extras],
            }
            for group in overview.groups
        ],
        "one_event": overview.one_event,
    }


def overview_to_dict(overview: Overview, articles: Iterable[TranslatedSummary] = ()) -> dict[str, Any]:
    """The overview as JSON-ready data, in the shape ``build --json`` gives it (``briefing schema``).

    Args:
        overview: The overview.
        articles: The briefing's translated articles, if any: a point whose wording is one of
            their summary sentences borrows that sentence's citation and confidence when the
            overview gave none (``briefing overview`` has no translations and passes none).

    Returns:
        A dict of plain JSON types.
    """
    return _overview_dict(overview, WordingIndex(articles))


def _difference_values(difference: Difference) -> list[str]:
    """Every disputed value of a difference, in version order, without repeats."""
    seen: list[str] = []
    for version in difference.versions:
        seen.extend(v for v in version.values if v not in seen)
    return seen


def to_dict(result: Briefing, *, output: str | None = None) -> dict[str, Any]:
    """The full result as JSON-ready data (shape: ``briefing schema``).

    Args:
        result: The briefing.
        output: Path of the written briefing, recorded as ``"output"`` (None when not saved).

    Returns:
        A dict of plain JSON types.
    """
    info = result.info
    wordings = WordingIndex(result.articles)
    checks = check_list(result)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "briefing", "version": __version__},
        "info": {
            "title": display_title(result),
            "created": info.created,
            "model": info.model,
            "backend": info.backend,
            "summarizer": info.summarizer,
            "extra": [[key, value] for key, value in info.extra],
        },
        "articles": [_article_dict(a) for a in result.articles],
        "skipped": [{"source": s.source, "reason": s.reason} for s in result.skipped],
        "overview": _overview_dict(result.overview, wordings) if result.overview is not None else None,
        "glossary": asdict(result.glossary) if result.glossary is not None else None,
        "spellings": [
            {**asdict(s), "variants": list(s.variants), "articles": list(s.articles)}
            for s in result.spellings
        ],
        "checks": {"flagged": checks.flagged, "total": checks.total},
        "output": output,
    }


def to_json(result: Briefing, *, indent: int | None = 2, output: str | None = None) -> str:
    """The full result as a JSON string (Arabic written as is, not ``\\u`` escaped)."""
    return json.dumps(to_dict(result, output=output), ensure_ascii=False, indent=indent)


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """``[[k, v], ...]`` (1.x) or ``{k: v}`` (2.x) as pairs."""
    items = value.items() if isinstance(value, dict) else (value or ())
    return tuple((str(k), str(v)) for k, v in items)


def _article_from(data: dict[str, Any]) -> TranslatedSummary:
    meta = data.get("metadata") or {}
    info = data.get("source_info") or {}
    source = SourceRef(
        path=data["source"],
        format=info.get("format", "txt"),
        encoding=info.get("encoding"),
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        published=meta.get("published"),
        url=meta.get("url"),
        provenance=_pairs(info.get("provenance")),
    )
    sentences = tuple(
        TranslatedSentence(
            index=s["index"],
            arabic=s["arabic"],
            english=s["english"],
            score=s.get("score", 0.0),
            confidence=s.get("confidence"),
            segments=s.get("segments", 1),
            flags=_flags(s, s.get("confidence")),
            terms=tuple(TermUse(**use) for use in s.get("terms", ())),
            reasons=_reasons(s),
        )
        for s in data["sentences"]
    )
    clean = CleanArticle(source=source, title=data.get("title_ar"), blocks=())
    summary = Summary(
        article=clean,
        sentences=tuple(ScoredSentence(index=s.index, text=s.arabic, score=s.score) for s in sentences),
        total=data.get("sentence_count", len(sentences)),
        method=data.get("method", "unknown"),
    )
    return TranslatedSummary(
        id=data["id"],
        summary=summary,
        title_en=data.get("title_en"),
        sentences=sentences,
        title_flags=tuple(data.get("title_flags", ())),
        title_reasons=_reasons(data, "title_reasons"),
    )


def _citations(data: dict[str, Any]) -> tuple[Citation, ...]:
    return tuple(
        Citation(article=int(x["article"]), index=int(x["index"])) for x in data.get("citations", ())
    )


def _flags(data: dict[str, Any], confidence: float | None) -> tuple[str, ...]:
    """Flags as stored, less the low-confidence mark the confidence itself implies."""
    flags = tuple(data.get("flags", ()))
    if is_low_confidence(confidence):
        flags = tuple(f for f in flags if f != "low-confidence")
    return flags


def _reasons(data: dict[str, Any], key: str = "reasons") -> tuple[tuple[str, str], ...]:
    """The review's reasons as stored, less those the data implies: low-confidence's (from the
    confidence) and a reason that only repeats the legend (written for a flag without one)."""
    stored = data.get(key) or {}
    return tuple(
        (str(k), str(v)) for k, v in stored.items() if k != "low-confidence" and v != FLAG_LEGEND.get(k)
    )


def _version_from(data: dict[str, Any]) -> OverviewVersion:
    confidence = data.get("confidence")
    return OverviewVersion(
        arabic=data["arabic"],
        english=data.get("english"),
        sources=tuple(data["sources"]),
        values=tuple(data.get("values", ())),
        citations=_citations(data),
        confidence=confidence,
        flags=_flags(data, confidence),
        reasons=_reasons(data),
    )


def _point_from(data: dict[str, Any]) -> KeyPoint:
    confidence = data.get("confidence")
    return KeyPoint(
        arabic=data["arabic"],
        english=data.get("english"),
        sources=tuple(data["sources"]),
        score=data.get("score", 0.0),
        citations=_citations(data),
        confidence=confidence,
        flags=_flags(data, confidence),
        reasons=_reasons(data),
    )


def _overview_from(data: dict[str, Any]) -> Overview:
    return Overview(
        groups=tuple(
            EventGroup(
                articles=tuple(g["articles"]),
                key_points=tuple(_point_from(p) for p in g.get("key_points", ())),
                differences=tuple(
                    Difference(
                        topic=d["topic"],
                        versions=tuple(_version_from(v) for v in d["versions"]),
                        kind=d.get("kind", ""),
                    )
                    for d in g.get("differences", ())
                ),
                duplicates=tuple((int(a), int(b)) for a, b in g.get("duplicates", ())),
                statuses=tuple((int(x["article"]), x["status"]) for x in g.get("statuses", ())),
                notes=tuple(g.get("notes", ())),
                headline=_point_from(g["headline"]) if g.get("headline") else None,
                copy_extras=tuple(_point_from(p) for p in g.get("copy_extras", ())),
            )
            for g in data["groups"]
        ),
        one_event=bool(data.get("one_event", False)),
    )


B = TypeVar("B", bound=Briefing)

_READS = ("1", "2")
"""Major schema versions :func:`from_dict` reads (1.x: provenance as pairs, no overview citations)."""


def from_dict(data: dict[str, Any], cls: type[B] = Briefing) -> B:  # type: ignore[assignment]
    """Rebuild a briefing from :func:`to_dict` output (or a ``.json`` briefing).

    ``cls`` is the class to build (``Briefing`` or a subclass such as ``BriefingResult``).

    Raises:
        ConfigError: The data is from an unsupported major schema version, or lacks a
            required key.
    """
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] not in _READS:
        raise ConfigError(
            f"briefing JSON has schema_version {version or 'missing'!r}; this version of briefing "
            f"reads {' and '.join(f'{m}.x' for m in _READS)} (see `briefing schema`)"
        )
    try:
        raw_info = data["info"]
        info = BriefingInfo(
            title=raw_info["title"],
            created=raw_info["created"],
            model=raw_info.get("model"),
            backend=raw_info.get("backend"),
            summarizer=raw_info.get("summarizer"),
            extra=_pairs(raw_info.get("extra")),
        )
        articles = tuple(_article_from(a) for a in data["articles"])
        skipped = tuple(Skipped(source=s["source"], reason=s["reason"]) for s in data.get("skipped", ()))
        overview = _overview_from(data["overview"]) if data.get("overview") else None
        glossary = GlossaryUse(**data["glossary"]) if data.get("glossary") else None
        spellings = tuple(_spelling_from(item) for item in data.get("spellings", ()))
    except (KeyError, TypeError) as exc:
        raise ConfigError(
            f"briefing JSON is missing or has a malformed field ({exc}); "
            "validate it against `briefing schema`"
        ) from None
    return cls(
        info=info,
        articles=articles,
        skipped=skipped,
        overview=overview,
        glossary=glossary,
        spellings=spellings,
    )


def _spelling_from(data: dict[str, Any]) -> Spelling:
    return Spelling(
        **{**data, "variants": tuple(data["variants"]), "articles": tuple(data.get("articles", ()))}
    )
