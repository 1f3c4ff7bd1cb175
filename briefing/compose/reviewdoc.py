"""A review of translations made elsewhere (``briefing review``) as a briefing to render.

The reviewed pairs become one "article" whose rows are the pairs in input order, so the review
is drawn by the same side-by-side tables, marks, reasons and first-page list of translations to
check as a briefing, in every format.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

from briefing.translation.review import ReviewResult
from briefing.types import (
    Briefing,
    BriefingInfo,
    CleanArticle,
    ScoredSentence,
    SourceRef,
    Summary,
    TranslatedSentence,
    TranslatedSummary,
)


def review_briefing(
    result: ReviewResult, *, source: str, shape: str = "tsv", title: str | None = None
) -> Briefing:
    """The reviewed pairs of ``source`` (a file name) as a one-article briefing.

    Args:
        result: The review.
        source: The reviewed file, named as the user gave it.
        shape: ``tsv`` or ``jsonl`` (shown in the appendix).
        title: The document title; default ``Review of <file name>``.
    """
    name = PurePath(source).name
    ref = SourceRef(path=source, format=shape, title=name)
    sentences = tuple(
        TranslatedSentence(
            index=p.index,
            arabic=p.arabic,
            english=p.english,
            score=0.0,
            flags=p.flags,
            reasons=p.reasons,
        )
        for p in result.sentences
    )
    summary = Summary(
        article=CleanArticle(source=ref, title=None, blocks=()),
        sentences=tuple(ScoredSentence(index=s.index, text=s.arabic, score=0.0) for s in sentences),
        total=len(sentences),
        method="review",
    )
    article = TranslatedSummary(
        id=1, summary=summary, title_en=f"Translations in {name}", sentences=sentences
    )
    info = BriefingInfo(
        title=title or f"Review of {name}",
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
    )
    return Briefing(info=info, articles=(article,))
