"""Former home of the Arabic normaliser; everything now lives in :mod:`briefing.arabic`.

Kept so that ``from briefing.normalize import tokenize`` (scripts, other branches) keeps
working; new code imports :mod:`briefing.arabic`.
"""

from briefing.arabic import light_stem, normalize_arabic, tokenize

__all__ = ["light_stem", "normalize_arabic", "tokenize"]
