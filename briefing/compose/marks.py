"""What a mark means in every format: the low-confidence threshold, one mark per flag, the legends."""

from __future__ import annotations

from collections.abc import Iterable

from briefing.types import FLAG_LEGEND

# Confidence is the translator's mean token log-probability (<= 0). -1.0 means the model gave
# its own output tokens a geometric-mean probability below e**-1 (about 0.37). On opus-mt-ar-en,
# fluent, faithful news sentences land around -0.1 to -0.6; outputs below -1.0 are the ones that
# drop clauses, repeat themselves or guess at names, so that is where a reader is told to check
# the Arabic. A tuned threshold belongs in this one constant, shared by every format.
LOW_CONFIDENCE_THRESHOLD = -1.0

LOW_CONFIDENCE_MARK = "†"
"""Shown after a low-confidence English sentence (present in every common font)."""

CITATION_LEGEND = (
    "Citations such as [2:14] name the source (2, see Sources) and the sentence's position in that "
    "article (14th sentence)."
)


def is_low_confidence(confidence: float | None) -> bool:
    """True when a known confidence falls below :data:`LOW_CONFIDENCE_THRESHOLD`."""
    return confidence is not None and confidence < LOW_CONFIDENCE_THRESHOLD


# One mark per flag, from characters every text face carries (Calibri, Noto Sans, Arial,
# DejaVu, Liberation), distinct at 8 pt. "low-confidence" keeps the dagger briefings used
# before flags existed. A flag added to FLAG_LEGEND without a mark here gets "*".
FLAG_MARKS: dict[str, str] = {
    "low-confidence": LOW_CONFIDENCE_MARK,
    "numbers": "‡",
    "repetition": "§",
    "length": "¶",
    "cap": "‖",
    "term": "◊",
    # The meaning review (briefing/translation/review.py): "times" (Latin-1: "≠" is drawn broken
    # by Carlito, Calibri's stand-in on Linux), "minus" (U+2212, something taken away) and "plus"
    # (something put in), all in the WGL4 set every face above carries.
    "meaning": "×",
    "omission": "−",
    "addition": "+",
}
_UNKNOWN_MARK = "*"


def flag_order(flag: str) -> tuple[int, str]:
    """Sort key: flags in :data:`~briefing.types.FLAG_LEGEND` order, unknown ones after, by name."""
    order = list(FLAG_LEGEND)
    return (order.index(flag) if flag in order else len(order), flag)


def flags_of(confidence: float | None, flags: Iterable[str]) -> tuple[str, ...]:
    """The flags to mark: the given ones, plus ``low-confidence`` below the threshold, in legend order."""
    found = set(flags)
    if is_low_confidence(confidence):
        found.add("low-confidence")
    return tuple(sorted(found, key=flag_order))


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
