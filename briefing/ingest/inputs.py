"""Input files: the suffixes briefing reads, paths as shown in messages, what makes a path
unusable, and the reasons an input is skipped."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import InputError
from briefing.ingest.readers import missing_package

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
}
"""Reader format for each accepted file suffix (compared case-insensitively)."""

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
"""File names read as metadata manifests (never as articles)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to ingest, with metadata overrides from a manifest.

    Attributes:
        path: The file.
        overrides: ``(field, value)`` pairs that win over anything found in the file.
    """

    path: Path
    overrides: tuple[tuple[str, str], ...] = field(default=())


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as safe one-line text for messages (undecodable bytes and controls replaced)."""
    text = os.fsdecode(path)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub("?", text)


def skip_reason(error: InputError, source: str) -> str:
    """The message of ``error`` without its leading ``"<source>: "``.

    Every InputError raised while reading names its file first, so that it makes sense on its
    own; next to the source (a Skipped entry, an inspect report) the name is redundant.
    """
    message = str(error)
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def failure_reason(error: BaseException, source: str, stage: str = "reading") -> str:
    """Why one input was skipped, for any exception raised while ``stage`` worked on it.

    An :class:`~briefing.errors.InputError` says it itself (see :func:`skip_reason`). A failed
    import names the package to install. Anything else is a bug (ours or a library's): the
    reason names the exception and asks for ``-v``, which logs the traceback.

    Args:
        error: The exception.
        source: The input as shown in messages.
        stage: What was being done: ``reading``, ``cleaning``, ``segmenting``, ``summarizing``...
    """
    if isinstance(error, InputError):
        return skip_reason(error, source)
    first_line = (str(error).strip().splitlines() or [""])[0].rstrip(".")
    what = f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
    if isinstance(error, RecursionError):
        # Deeply nested input (JSON-LD, XML, YAML): a parser ran out of stack. The file's doing,
        # not a bug; it may be built to stall parsers.
        return (
            f"failed while {stage}: the file nests its content too deeply to read ({what}); "
            "it may be built to stall parsers: remove it, or save the article again"
        )
    if isinstance(error, ImportError):
        return (
            f"failed while {stage}: a package is missing or broken ({what}); "
            f'install it (pip install "{missing_package(error)}") and run again'
        )
    return (
        f"failed while {stage} ({what}); this is a bug in briefing or a library it uses: "
        "run again with -v for the traceback and report it"
    )


def format_of(path: str | os.PathLike[str]) -> str | None:
    """Reader format for ``path``'s suffix (``txt``, ``md``, ``html``, ``docx``), or None."""
    return SUPPORTED_SUFFIXES.get(Path(path).suffix.lower())


def is_manifest(path: Path) -> bool:
    """True when ``path`` is named like a metadata manifest."""
    return path.name.lower() in MANIFEST_NAMES


def real_path(path: Path) -> Path:
    """Real absolute path of ``path`` for de-duplication (the path itself if unresolvable)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be used as an input, or None if it is a file or folder."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "is a broken symbolic link (its target does not exist)"
        return "no such file or folder; check the path"
    except PermissionError:
        return "permission denied; check the file's permissions"
    except OSError as exc:
        return f"cannot be opened ({exc.strerror or exc})"
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        return None
    # FIFOs, sockets and devices would block or never end when read.
    return "is not a regular file (a pipe, socket or device); give a file or a folder"


def accepted_suffixes() -> str:
    """The suffixes briefing reads, for messages (aliases such as ``.text`` left out)."""
    return " ".join(sorted(set(SUPPORTED_SUFFIXES) - {".text", ".markdown", ".xhtml"}))


def unsupported_reason(path: Path) -> str:
    """Message for a file whose suffix briefing does not read."""
    suffix = path.suffix.lower() or "(no suffix)"
    accepted = accepted_suffixes()
    hint = {
        ".doc": "open it in Word and save it as .docx",
        ".pdf": "copy its text into a .txt file",
        ".rtf": "save it as .docx",
        ".odt": "save it as .docx",
    }.get(suffix, "convert it to one of these")
    return f"unsupported format {suffix}; briefing reads {accepted}: {hint}"
