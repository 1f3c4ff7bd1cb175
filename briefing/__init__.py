"""briefing: Arabic news articles in, side-by-side English/Arabic briefings out.

Importing this package is cheap: torch, transformers and ctranslate2 load only when a
model is first used.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from briefing._version import __version__
from briefing.errors import (
    BackendUnavailableError,
    BriefingError,
    ConfigError,
    EmptyArticleError,
    InputError,
    MetadataError,
    ModelLoadError,
    OutputExistsError,
    UnsupportedFormatError,
)
from briefing.ingest.textinput import ArticleText
from briefing.result import BriefingResult
from briefing.translation.stage import FakeTranslator, Translator
from briefing.types import SourceRef, Translation

__all__ = [
    "ArticleText",
    "BackendUnavailableError",
    "Briefer",
    "BriefingError",
    "BriefingResult",
    "ConfigError",
    "EmptyArticleError",
    "FakeTranslator",
    "InputError",
    "MetadataError",
    "ModelLoadError",
    "OutputExistsError",
    "SourceRef",
    "Translation",
    "Translator",
    "UnsupportedFormatError",
    "__version__",
    "build_briefing",
]


if TYPE_CHECKING:
    from briefing.briefer import Briefer, build_briefing


def __getattr__(name: str) -> Any:  # pragma: no cover - thin lazy re-export
    # build_briefing pulls in every stage; keep `import briefing` light for the CLI's --help.
    if name == "build_briefing":
        from briefing.briefer import build_briefing

        return build_briefing
    if name == "Briefer":
        from briefing.briefer import Briefer

        return Briefer
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")


logging.getLogger(__name__).addHandler(logging.NullHandler())
