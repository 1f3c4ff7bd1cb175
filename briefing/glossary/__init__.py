"""The desk's glossary: terms and names the briefing must render one way.

Loading and matching live here, below the translation stage (``briefing/translation/glossary.py``
applies a glossary while translating): :func:`load_glossary` reads a CSV, TSV or TOML file,
:func:`starter_glossary` is the list that ships (countries and cities from CLDR),
:func:`resolve_glossary` combines them as the settings ask, :func:`check_glossary` is
``briefing glossary check``.
"""

from __future__ import annotations

from briefing.glossary.check import GlossaryReport, check_glossary
from briefing.glossary.load import GLOSSARY_SUFFIXES, load_glossary
from briefing.glossary.starter import STARTER_NAME, starter_glossary
from briefing.glossary.terms import Glossary, Term, TermHit, merge
from briefing.glossary.use import resolve_glossary

__all__ = [
    "GLOSSARY_SUFFIXES",
    "STARTER_NAME",
    "Glossary",
    "GlossaryReport",
    "Term",
    "TermHit",
    "check_glossary",
    "load_glossary",
    "merge",
    "resolve_glossary",
    "starter_glossary",
]
