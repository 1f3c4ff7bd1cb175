"""Small constructors for stage data, so tests of one stage never go through another."""

from __future__ import annotations

from briefing.types import (
    Block,
    CleanArticle,
    ScoredSentence,
    Sentence,
    Sentences,
    SourceRef,
    Summary,
)


def make_source(path: str = "test.txt", **metadata: str | None) -> SourceRef:
    """A SourceRef with the given metadata (title, outlet, author, published, url)."""
    return SourceRef(path=path, format=path.rsplit(".", 1)[-1], encoding="utf-8", **metadata)


def make_article(*paragraphs: str, title: str | None = "عنوان", path: str = "test.txt") -> CleanArticle:
    """A cleaned article whose blocks are ``paragraphs``."""
    return CleanArticle(
        source=make_source(path, title=title),
        title=title,
        blocks=tuple(Block(text=p, kind="paragraph") for p in paragraphs),
    )


def make_sentences(*texts: str, title: str | None = "عنوان", path: str = "test.txt") -> Sentences:
    """An article of one paragraph per sentence, already segmented."""
    article = make_article(*texts, title=title, path=path)
    return Sentences(
        article=article,
        sentences=tuple(Sentence(index=i, text=t, block=i) for i, t in enumerate(texts)),
    )


def make_summary(*texts: str, title: str | None = "عنوان", path: str = "test.txt") -> Summary:
    """A summary choosing every sentence of ``texts`` (score 1.0 each)."""
    sentences = make_sentences(*texts, title=title, path=path)
    return Summary(
        article=sentences.article,
        sentences=tuple(ScoredSentence(index=s.index, text=s.text, score=1.0) for s in sentences.sentences),
        total=len(texts),
        method="test",
    )
