"""Clauses and halves of a sentence: the pieces the meaning review compares across languages.

A translation that drops half a sentence or appends one the source does not have still shares
most of its meaning with the source, so a whole-sentence similarity barely moves. Comparing
the pieces does: a dropped Arabic clause has no English clause close to it, an appended English
clause no Arabic one, and leaving the odd clause out *raises* the similarity.

Clauses are cut at punctuation and before the conjunctions and relative words that open a
clause (lists below, from docs/notes/usem3-research.md: the splitter the review features were
measured with on FLORES-200 and NTREX); pieces under :data:`MIN_CLAUSE_WORDS` words are merged
into their neighbour, so a clause is never a lone "and he".
"""

from __future__ import annotations

import re

MIN_CLAUSE_WORDS = 3
"""Words a clause needs to stand alone; shorter pieces join the previous one."""

_EN_CONJUNCTIONS = (
    "and|but|while|which|who|whom|whereas|although|though|because|after|before|when|where|since|"
    "as well as|including|according to|so that|until|unless|if"
)
_EN_SPLIT = re.compile(
    rf"(?<=[,;:!?])\s+|(?<=[a-z0-9)\"'][.])\s+(?=[A-Z\"])|\s+(?=(?:{_EN_CONJUNCTIONS})\b)|\s+(?=[(\-–—]\s)"
)

# Words that open a clause in news Arabic: conjunctions (حيث، بينما، لكن), relatives (الذي، التي),
# "that" (أن، إن and their forms), reporting verbs with و (وقال، وأضاف) and time words (بعد، قبل).
_AR_OPENERS = [
    "حيث",
    "بينما",
    "لكن",
    "ولكن",
    "لكنه",
    "لكنها",
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "عندما",
    "وعندما",
    "بعدما",
    "كما",
    "وكما",
    "وقد",
    "فقد",
    "وكان",
    "وكانت",
    "وهو",
    "وهي",
    "وهم",
    "ثم",
    "حتى",
    "لأن",
    "لان",
    "إذ",
    "إلا",
    "فيما",
    "وفيما",
    "وأن",
    "بأن",
    "أن",
    "وإن",
    "إن",
    "إنه",
    "أنه",
    "أنها",
    "بأنه",
    "بأنها",
    "وأنه",
    "وأضاف",
    "وقال",
    "وأشار",
    "وأكد",
    "وذلك",
    "ولم",
    "ولا",
    "وتم",
    "ويقول",
    "وتقول",
    "ويمكن",
    "ليتم",
    "مما",
    "وبعد",
    "وقبل",
    "قبل",
    "بعد",
    "خلال",
    "حين",
    "وحين",
    "إذا",
    "وإذا",
    "لو",
]
_AR_SPLIT = re.compile(r"(?<=[،,؛;:.!?؟])\s+|\s+(?=(?:" + "|".join(_AR_OPENERS) + r")(?:\s|$))")


def _merge(pieces: list[str]) -> list[str]:
    """Pieces with the short ones joined to a neighbour."""
    out: list[str] = []
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        if out and (len(piece.split()) < MIN_CLAUSE_WORDS or len(out[-1].split()) < MIN_CLAUSE_WORDS):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    if len(out) > 1 and len(out[-1].split()) < MIN_CLAUSE_WORDS:
        last = out.pop()
        out[-1] = f"{out[-1]} {last}"
    return out


def english_clauses(text: str) -> list[str]:
    """The clauses of an English sentence (at least one when ``text`` has words)."""
    return _merge(_EN_SPLIT.split(text))


def arabic_clauses(text: str) -> list[str]:
    """The clauses of an Arabic sentence (at least one when ``text`` has words)."""
    return _merge(_AR_SPLIT.split(text))


def leave_one_out(clauses: list[str]) -> list[str]:
    """The sentence once without each clause (none for a one-clause sentence)."""
    if len(clauses) < 2:
        return []
    return [" ".join(clauses[:k] + clauses[k + 1 :]) for k in range(len(clauses))]


def halves(text: str) -> tuple[str, str]:
    """The first and second half of ``text`` by words (the text twice under four words)."""
    words = text.split()
    if len(words) < 4:
        return text, text
    middle = len(words) // 2
    return " ".join(words[:middle]), " ".join(words[middle:])
