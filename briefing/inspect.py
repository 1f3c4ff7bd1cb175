"""``briefing inspect``: what briefing makes of each input, for editors and for debugging.

For every input: whether it would be used (``ok``) or skipped (with the reason), the
detected format and encoding, the metadata and where each field came from, the cleaned
text as sentences, and every dropped line with the rule that dropped it. Inputs go through
the same stages as ``briefing build`` (discover, ingest, clean, language check, segment)
but nothing is summarized or translated, so it is fast and needs no model.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from briefing.clean.cleaner import clean
from briefing.clean.language import ensure_arabic
from briefing.errors import InputError
from briefing.ingest.discover import discover
from briefing.ingest.inputs import display_path, failure_reason, format_of
from briefing.ingest.read import ingest
from briefing.ingest.readers import Limits
from briefing.segment import segment
from briefing.types import CleanArticle, Dropped, SourceRef

__all__ = ["InspectReport", "format_reports", "inspect_inputs"]

_FIELDS = ("title", "outlet", "author", "published", "url")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InspectReport:
    """What briefing made of one input.

    Attributes:
        source: The input path as shown everywhere else.
        status: ``ok`` when ``briefing build`` would use it, ``skipped`` otherwise.
        reason: Why it is skipped (``None`` when ok).
        format: Reader format (``txt``, ``md``, ``html``, ``docx``), when known.
        encoding: Python codec name the text was decoded with, when known.
        ref: The article's metadata as ingest and clean found it, when it got that far.
        sentences: The cleaned text as sentences, when it got that far.
        dropped: Lines removed by cleaning, with their rules.
    """

    source: str
    status: Literal["ok", "skipped"]
    reason: str | None = None
    format: str | None = None
    encoding: str | None = None
    ref: SourceRef | None = None
    sentences: tuple[str, ...] = ()
    dropped: tuple[Dropped, ...] = ()

    @property
    def metadata(self) -> dict[str, str | None]:
        """The five attribution fields (``None`` where unknown)."""
        return self.ref.metadata() if self.ref else dict.fromkeys(_FIELDS)

    @property
    def provenance(self) -> dict[str, str]:
        """Where each known metadata field (and the encoding) came from."""
        return dict(self.ref.provenance) if self.ref else {}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``source``, ``status``, ``reason``, ``format``, ``encoding``,
        ``metadata`` (title, outlet, author, published, url), ``provenance``, ``sentences``,
        ``dropped`` (``text``, ``rule``)."""
        return {
            "source": self.source,
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "encoding": self.encoding,
            "metadata": self.metadata,
            "provenance": self.provenance,
            "sentences": list(self.sentences),
            "dropped": [{"text": item.text, "rule": item.rule} for item in self.dropped],
        }


def _sentences(article: CleanArticle) -> tuple[str, ...]:
    """The cleaned article's sentences as the summarizer will see them."""
    return tuple(sentence.text for sentence in segment(article).sentences)


def _safe_sentences(article: CleanArticle) -> tuple[str, ...]:
    """The sentences of an article that is being skipped; none when segmenting fails too."""
    try:
        return _sentences(article)
    except Exception:
        log.info("%s: segmenting failed too", article.source.path, exc_info=True)
        return ()


def inspect_inputs(
    inputs: Sequence[str | os.PathLike[str]], *, limits: Limits | None = None
) -> list[InspectReport]:
    """Run the reading stages on every input and report what came out.

    Args:
        inputs: Files, folders or manifests, as for ``briefing build``.
        limits: Size limits; defaults to :class:`~briefing.ingest.readers.base.Limits`.

    Returns:
        One report per file found (in the order ``build`` would use them), then one per
        input that could not be used at all (missing files, unsupported formats...).
    """
    files, skipped = discover(inputs, limits=limits)
    reports: list[InspectReport] = []
    for item in files:
        article = cleaned = None
        stage = "reading"
        try:
            article = ingest(item, limits=limits)
            stage = "cleaning"
            cleaned = clean(article)
            ensure_arabic(cleaned)
            stage = "segmenting"
            sentences = _sentences(cleaned)
            if not sentences:
                raise InputError(f"{cleaned.source.path}: no sentences left after cleaning")
        except Exception as exc:
            # As in build: one input's failure (expected or not) is reported, the rest inspected.
            ref = cleaned.source if cleaned else article.source if article else None
            source = ref.path if ref else display_path(item.path)
            log.info("%s: failed while %s", source, stage, exc_info=not isinstance(exc, InputError))
            reports.append(
                InspectReport(
                    source=source,
                    status="skipped",
                    reason=failure_reason(exc, source, stage),
                    format=ref.format if ref else format_of(item.path),
                    encoding=ref.encoding if ref else None,
                    ref=ref,
                    sentences=_safe_sentences(cleaned) if cleaned and stage != "segmenting" else (),
                    dropped=cleaned.dropped if cleaned else (),
                )
            )
            continue
        reports.append(
            InspectReport(
                source=cleaned.source.path,
                status="ok",
                format=cleaned.source.format,
                encoding=cleaned.source.encoding,
                ref=cleaned.source,
                sentences=sentences,
                dropped=cleaned.dropped,
            )
        )
    for entry in skipped:
        reports.append(
            InspectReport(
                source=entry.source, status="skipped", reason=entry.reason, format=format_of(entry.source)
            )
        )
    return reports


def format_reports(reports: Sequence[InspectReport]) -> str:
    """Human-readable text of ``reports`` (what ``briefing inspect`` prints without ``--json``)."""
    lines: list[str] = []
    for report in reports:
        lines.append(f"== {report.source}: {report.status}")
        for section in _SECTIONS:
            lines.extend(section(report))
        lines.append("")
    ok = sum(report.status == "ok" for report in reports)
    lines.append(f"{len(reports)} input(s): {ok} ok, {len(reports) - ok} skipped")
    return "\n".join(lines)


def _reason_lines(report: InspectReport) -> list[str]:
    """Why the input was skipped."""
    return [f"   reason: {report.reason}"] if report.reason else []


def _format_lines(report: InspectReport) -> list[str]:
    """The format and encoding, with where the encoding came from."""
    if not (report.format or report.encoding):
        return []
    origin = report.provenance.get("encoding")
    encoding = f"{report.encoding or '-'}" + (f" [{origin}]" if origin else "")
    return [f"   format: {report.format or '-'}   encoding: {encoding}"]


def _metadata_lines(report: InspectReport) -> list[str]:
    """Each metadata field with its value (``-`` when unknown) and where it came from."""
    if report.ref is None:
        return []
    provenance = report.provenance
    return [
        f"   {field + ':':<11}{value if value is not None else '-'}"
        + (f"   [{provenance[field]}]" if field in provenance else "")
        for field, value in report.metadata.items()
    ]


def _sentence_lines(report: InspectReport) -> list[str]:
    """The cleaned text as numbered sentences."""
    if not report.sentences:
        return []
    width = len(str(len(report.sentences)))
    return [
        f"   sentences ({len(report.sentences)}):",
        *(f"   {number:>{width}}. {text}" for number, text in enumerate(report.sentences, 1)),
    ]


def _dropped_lines(report: InspectReport) -> list[str]:
    """Every dropped line with its rule."""
    if not report.dropped:
        return []
    rule_width = max(len(item.rule) for item in report.dropped)
    return [
        f"   dropped ({len(report.dropped)}):",
        *(f"   - {item.rule:<{rule_width}}  {item.text}" for item in report.dropped),
    ]


# The parts of one report, in the order they are printed.
_SECTIONS: tuple[Callable[[InspectReport], list[str]], ...] = (
    _reason_lines,
    _format_lines,
    _metadata_lines,
    _sentence_lines,
    _dropped_lines,
)
