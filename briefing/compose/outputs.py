"""Output naming: which files ``-o OUTPUT`` and ``--format`` ask for, and whether they are free.

Deciding the names is separate from writing them (:mod:`briefing.compose`), so a command can
refuse a bad ``-o`` or an existing file before any work is done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from briefing.compose import SUPPORTED_FORMATS, normalize_format, output_paths, parse_formats
from briefing.errors import ConfigError, OutputExistsError

DEFAULT_OUTPUT_DIR = Path("outputs")
"""Where a briefing goes when no ``-o`` is given (relative to the working folder)."""

DEFAULT_FORMAT = "docx"
"""The format when neither ``--format`` nor the output suffix names one."""


def resolve_outputs(
    output: str | None, format_values: Sequence[str] | None, *, stem: str = "briefing"
) -> list[tuple[Path, str]]:
    """The files to write: ``(path, format)`` pairs for ``-o OUTPUT`` and ``--format`` values.

    * no ``-o``: ``outputs/<stem>-<timestamp>.<format>``;
    * ``-o DIR/`` (trailing separator) or an existing folder: the same name inside it;
    * ``-o NAME.docx`` (``.md``, ``.html``, ``.json``): that file, format from the suffix;
      with ``--format`` too, the suffix's format must be among those asked for (then
      ``NAME.<format>`` each): ``--format docx -o y.md`` is an error, not a ``y.docx``;
    * ``-o NAME`` or a suffix with digits (``brief.v2``): ``NAME.<format>``;
    * ``-o NAME.pdf`` or any other alphabetic suffix that is not an output format: an error.

    Args:
        output: The ``-o`` value, or None.
        format_values: The ``--format`` values (repeated and/or comma-separated), or None.
        stem: The start of a name we choose (``briefing`` -> ``briefing-20250101-120000``).

    Returns:
        The paths and their formats, in ``--format`` order.

    Raises:
        ConfigError: An unknown format or output suffix, or an output suffix that names a
            format ``--format`` does not ask for (a usage error).
    """
    stamped = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    base = _base_path(output, stamped)
    formats = parse_formats(format_values) if format_values else None
    if output is not None and base.name != stamped:
        named = _suffix_formats(base, output)  # checked even with --format: no "brief.pdf"
        if formats and named and named[0] not in formats:
            raise ConfigError(
                f"-o {output!r} names a .{named[0]} file but --format asks for "
                f"{', '.join(formats)}; give -o without a suffix, or a suffix that matches"
            )
        formats = formats or named
    formats = formats or [DEFAULT_FORMAT]
    chosen = base.name == stamped  # a name we made up: number it past existing files
    paths = _unused_stamped_paths(base, formats) if chosen else output_paths(base, formats)
    return list(zip(paths, formats, strict=True))


def check_outputs_free(targets: Sequence[Path], *, overwrite: bool) -> None:
    """Refuse, before any work, to write over existing files without ``--overwrite``.

    Raises:
        OutputExistsError: One of ``targets`` exists (a usage error).
    """
    existing = [str(target) for target in targets if target.exists()]
    if existing and not overwrite:
        raise OutputExistsError(
            f"{', '.join(existing)} already exists; pass --overwrite to replace it or choose another -o"
        )


def _base_path(output: str | None, stamped: str) -> Path:
    """The path the output names are made from: ``-o`` itself, or ``stamped`` in a folder."""
    if output is None:
        return DEFAULT_OUTPUT_DIR / stamped
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return Path(output) / stamped
    return Path(output)


def _suffix_formats(base: Path, output: str) -> list[str] | None:
    """The format ``-o NAME.<suffix>`` names; None when its suffix is part of the name (``.v2``).

    Raises:
        ConfigError: An alphabetic suffix that is not an output format (``.pdf``).
    """
    suffix = base.suffix
    if not suffix:
        return None
    try:
        return [normalize_format(suffix)]
    except ConfigError:
        if suffix[1:].isalpha():
            raise ConfigError(
                f"cannot write {output!r}: {suffix} is not an output format; use "
                f"{', '.join('.' + f for f in SUPPORTED_FORMATS)}, or no suffix with --format"
            ) from None
        return None


def _unused_stamped_paths(base: Path, formats: Sequence[str]) -> list[Path]:
    """Paths for a name we chose, numbered ``-2``, ``-3``... past any that already exist."""
    # Never collide with a briefing from the same second, never ask for --overwrite.
    paths = output_paths(base, formats)
    number = 1
    while any(path.exists() for path in paths):
        number += 1
        paths = output_paths(base.with_name(f"{base.name}-{number}"), formats)
    return paths
