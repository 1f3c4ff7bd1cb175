"""The result of a build: what editorial code inspects without opening the DOCX.

:class:`BriefingResult` is the plain :class:`~briefing.types.Briefing` data with shortcuts
that hand it to ``compose`` (save, JSON); the writing itself lives in ``compose``.

``compose`` is imported by the methods, not here: ``import briefing`` (and so ``briefing
--help``) loads this module, and the outline and the JSON writer would add 20 of our modules
to it (38 instead of 18, measured with ``sys.modules``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.types import Briefing


@dataclass(frozen=True, slots=True)
class BriefingResult(Briefing):
    """A composed briefing, ready to be saved in any supported format.

    Its fields (``info``, ``articles``, ``skipped``, ``overview``) are those of
    :class:`~briefing.types.Briefing`.
    """

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,
        overwrite: bool = False,
        paper: str = "a4",
        font_arabic: str | None = None,
    ) -> Path:
        """Write the briefing, picking the format from the suffix unless ``format`` is given.

        Args:
            path: Output file (``.docx``, ``.md``, ``.html`` or ``.json``).
            format: One of ``docx``, ``md``, ``html``, ``json``; overrides the suffix.
            overwrite: Replace an existing file (the write is atomic either way).
            paper: ``a4`` or ``letter`` (DOCX page layout, HTML print size).
            font_arabic: Arabic typeface for DOCX and HTML (default ``Noto Naskh Arabic``).

        Returns:
            The path written.

        Raises:
            ConfigError: Unknown format or suffix.
            OutputExistsError: ``path`` exists and ``overwrite`` is false.
        """
        from briefing.compose import save

        return save(self, path, format=format, overwrite=overwrite, paper=paper, font_arabic=font_arabic)

    def save_docx(self, path: str | os.PathLike[str], *, overwrite: bool = False, paper: str = "a4") -> Path:
        """Write the DOCX briefing (see :meth:`save`)."""
        return self.save(path, format="docx", overwrite=overwrite, paper=paper)

    def to_dict(self, *, output: str | None = None) -> dict[str, Any]:
        """The full result as JSON-ready data (see ``briefing schema``); ``output``: file written."""
        from briefing.compose import jsonout

        return jsonout.to_dict(self, output=output)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The full result as a JSON string."""
        from briefing.compose import jsonout

        return jsonout.to_json(self, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BriefingResult:
        """Rebuild a result from :meth:`to_dict` output."""
        from briefing.compose import jsonout

        return jsonout.from_dict(data, cls)
