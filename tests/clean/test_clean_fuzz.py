"""Property-based tests: cleaning never crashes on arbitrary Unicode and never invents text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.clean.cleaner import clean, clean_text
from briefing.errors import EmptyArticleError
from briefing.types import Article, Block, SourceRef

# Arabic, Latin, digits, punctuation, Markdown marks, invisible and control characters.
_ALPHABET = st.sampled_from(
    [
        *"قمةبينالرئيسوتترامبأإآىةـًٌٍَُِّْ٠١٢٣abcXYZ0123456789 .,:;!?؟،؛-–—*_#>|[]()!@©«»“”\"'\t",
        *(
            "\u200b",
            "\u200f",
            "\u202b",
            "\u2066",
            "\ufeff",
            "\ufefb",
            "\x00",
            "\x07",
            "\u00a0",
            "…",
            "•",
            "\n",
        ),
    ]
)
_LINES = st.lists(st.text(_ALPHABET, max_size=80), max_size=12)
_KINDS = st.sampled_from(["line", "paragraph", "heading", "list_item", "table_row", "quote"])
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640\x00-\x08]")
_FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _letters(text: str) -> str:
    return "".join(char for char in clean_text(text) if char.isalnum())


@_FAST
@given(lines=_LINES, fmt=st.sampled_from(["txt", "md", "html"]), kind=_KINDS)
def test_clean_never_raises_unexpectedly(lines: list[str], fmt: str, kind: str) -> None:
    article = Article(
        SourceRef(f"f.{fmt}", fmt), tuple(Block(line, "line" if fmt != "html" else kind) for line in lines)
    )
    try:
        cleaned = clean(article)
    except EmptyArticleError:
        return
    source_letters = _letters("".join(lines))
    for block in cleaned.blocks:
        assert block.text and block.text == block.text.strip()
        assert not _INVISIBLE.search(block.text)
        assert block.kind in {"paragraph", "heading", "list_item", "table_row", "quote"}
        # Cleaning removes and rearranges markup; it never adds letters the source lacks.
        assert set(_letters(block.text)) <= set(source_letters)
    assert any(block.kind != "heading" for block in cleaned.blocks)


@_FAST
@given(text=st.text(max_size=200))
def test_clean_text_is_idempotent_and_strips_invisibles(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert not _INVISIBLE.search(once)


def test_presentation_form_that_maps_to_tatweel_is_cleaned_once() -> None:
    # U+FE77 (ARABIC FATHA MEDIAL FORM) is NFKC tatweel + fatha: found by the property above.
    assert clean_text("\ufe77") == "\u064e" == clean_text(clean_text("\ufe77"))
