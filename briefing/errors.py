"""Exceptions raised by briefing.

Every message says what was received, what is accepted, and what to do next.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class of every error briefing raises on purpose."""


class InputError(BriefingError):
    """An input article cannot be used. The pipeline skips it and goes on with the others."""


class UnsupportedFormatError(InputError):
    """The file's format (suffix or content) is not one briefing reads."""


class EmptyArticleError(InputError):
    """Nothing usable was left in the article (empty file, or only noise)."""


class DecodingError(InputError):
    """The bytes of the file could not be decoded confidently as text."""


class LanguageError(InputError):
    """The article is not mainly Arabic."""


class InputTooLargeError(InputError):
    """The file exceeds a size limit."""


class ConfigError(BriefingError):
    """A setting or option has an invalid value."""


class BackendUnavailableError(BriefingError):
    """An optional dependency (torch, transformers, ctranslate2) is not installed."""


class ModelLoadError(BriefingError):
    """The translation model cannot be found, downloaded or loaded."""


class OutputExistsError(BriefingError):
    """The output file exists and overwriting was not asked for."""


class MetadataError(InputError):
    """Metadata supplied with an input (front matter, manifest) is malformed."""


class GlossaryError(ConfigError):
    """A glossary file cannot be read or holds an invalid entry (the message names file and line)."""
