"""Ingest: input paths -> files to read -> :class:`~briefing.types.Article`.

:func:`discover` expands the paths a user gives (files, folders, manifests) into
:class:`InputFile` items plus the inputs that cannot be used; :func:`ingest` reads one
file with the reader for its suffix (``briefing/ingest/readers/``) and returns its blocks and a
:class:`~briefing.types.SourceRef`. This is the only stage that reads files.

Metadata precedence: a manifest entry, then metadata inside the file (Markdown front
matter; HTML JSON-LD, Open Graph, meta tags, canonical link, ``<title>``; DOCX core
properties), then what ``clean`` finds in the text (first heading or line, byline,
dateline). ``SourceRef.provenance`` records the origin of every field.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import (
    EmptyArticleError,
    InputError,
    InputTooLargeError,
    MetadataError,
    UnsupportedFormatError,
)
from briefing.ingest.readers import Limits, ReaderUnavailableError, get_reader, missing_package
from briefing.ingest.readers.meta import FIELDS, MetadataBuilder
from briefing.ingest.textinput import ArticleText, InputItem, numbered, read_text_article
from briefing.types import Article, Skipped, SourceRef

__all__ = [
    "MANIFEST_NAMES",
    "SUPPORTED_SUFFIXES",
    "InputFile",
    "Limits",
    "discover",
    "display_path",
    "failure_reason",
    "format_of",
    "ingest",
    "read_manifest",
    "skip_reason",
]

log = logging.getLogger(__name__)

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

# Manifest column names accepted for each field (the first one is the documented name).
_MANIFEST_COLUMNS = {
    "file": ("file", "path", "filename"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site"),
    "author": ("author", "byline"),
    "published": ("published", "date"),
    "url": ("url", "link"),
}
_MAX_DEPTH = 32
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
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


def _is_manifest(path: Path) -> bool:
    return path.name.lower() in MANIFEST_NAMES


# ------------------------------------------------------------------------ discover


def discover(
    inputs: Sequence[InputItem], *, limits: Limits | None = None
) -> tuple[list[InputFile | ArticleText], list[Skipped]]:
    """Expand files, folders and manifests into the files to ingest.

    * A file is taken as given (its format is checked by :func:`ingest`).
    * A folder is walked recursively in sorted order. Hidden files and folders (``.name``)
      and Office lock files (``~$name``) are ignored; other files whose suffix briefing
      does not read are reported as skipped. Symbolic links are followed only when they
      point to a file inside the folder being walked; linked folders are not entered
      (no loops), and links leading outside are reported.
    * ``manifest.csv`` / ``manifest.jsonl`` (in a folder, or given directly) supply
      metadata for the files they list and are not articles themselves. A manifest given
      directly also selects the files it lists.
    * A file reached twice (same real path) is ingested once, in its first position.
    * An :class:`~briefing.ingest.textinput.ArticleText` is kept in its position (without an
      ``id``, it gets ``text-N``, N being its 1-based position in ``inputs``).

    Args:
        inputs: Files, folders or manifests, in the order wanted.
        limits: Size limits (manifest size); defaults to :class:`Limits`.

    Returns:
        ``(files, skipped)``: files in input order (folders expanded in sorted order), and
        every input or entry that cannot be used with the reason.
    """
    limits = limits or Limits()
    files: dict[Path | int, InputFile | ArticleText] = {}
    skipped: list[Skipped] = []

    def add(path: Path, overrides: tuple[tuple[str, str], ...] = ()) -> None:
        key = _real(path)
        old = files.get(key)
        if isinstance(old, InputFile):
            if overrides:
                files[key] = InputFile(old.path, _merge(old.overrides, overrides))
            return
        files[key] = InputFile(path, overrides)

    for position, raw in enumerate(inputs, start=1):
        if isinstance(raw, ArticleText):
            files[-position] = numbered(raw, position)  # int keys never equal a path
            continue
        path = Path(raw)
        name = display_path(path)
        problem = _path_problem(path)
        if problem is not None:
            skipped.append(Skipped(name, problem))
        elif path.is_dir():
            found, folder_skipped = _walk_folder(path, limits)
            if not found and not folder_skipped:
                skipped.append(Skipped(name, _empty_folder_reason()))
            for item in found:
                add(item.path, item.overrides)
            skipped.extend(folder_skipped)
        elif path.suffix.lower() == ".json" and _json_briefing(path):
            skipped.append(Skipped(name, OWN_OUTPUT_REASON))
        elif _is_manifest(path):
            try:
                entries = read_manifest(path, limits=limits)
            except InputError as exc:
                skipped.append(Skipped(name, str(exc)))
                continue
            for target, overrides in entries:
                reason = _path_problem(target)
                if reason is None and target.is_dir():
                    reason = "is a folder; a manifest lists files"
                if reason is None:
                    add(target, overrides)
                else:
                    skipped.append(Skipped(display_path(target), f"listed in {name} but {reason}"))
        else:
            add(path)
    return list(files.values()), skipped


def _real(path: Path) -> Path:
    """Real absolute path of ``path`` for de-duplication (the path itself if unresolvable)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _merge(
    first: tuple[tuple[str, str], ...], second: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """Overrides of ``first`` plus the fields only ``second`` has."""
    known = {key for key, _ in first}
    return first + tuple(pair for pair in second if pair[0] not in known)


def _path_problem(path: Path) -> str | None:
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


def _walk_folder(root: Path, limits: Limits) -> tuple[list[InputFile], list[Skipped]]:
    """Files under ``root`` (sorted, recursive) with manifest overrides, and what was skipped."""
    real_root = _real(root)
    files: list[Path] = []
    manifests: list[Path] = []
    skipped: list[Skipped] = []
    for entry_path, is_link in _scan(root, 0, skipped):
        if is_link:
            target = _real(entry_path)
            if not target.is_relative_to(real_root):
                skipped.append(
                    Skipped(
                        display_path(entry_path),
                        "symbolic link to a file outside the folder; give the target itself if it is wanted",
                    )
                )
                continue
            problem = _path_problem(entry_path)
            if problem is not None:
                skipped.append(Skipped(display_path(entry_path), problem))
                continue
            if entry_path.is_dir():
                log.info("not following linked folder %s", display_path(entry_path))
                continue
        if _is_manifest(entry_path):
            manifests.append(entry_path)
        elif format_of(entry_path) is None:
            if entry_path.suffix.lower() == ".json" and _json_briefing(entry_path):
                reason = OWN_OUTPUT_REASON
            else:
                reason = _unsupported_reason(entry_path)
            skipped.append(Skipped(display_path(entry_path), reason))
        else:
            files.append(entry_path)

    overrides: dict[Path, tuple[tuple[str, str], ...]] = {}
    for manifest in manifests:
        try:
            entries = read_manifest(manifest, limits=limits)
        except InputError as exc:
            skipped.append(Skipped(display_path(manifest), str(exc)))
            continue
        for target, values in entries:
            overrides[_real(target)] = _merge(overrides.get(_real(target), ()), values)
    listed = set(overrides)
    found = []
    for path in files:
        key = _real(path)
        listed.discard(key)
        found.append(InputFile(path, overrides.get(key, ())))
    for missing in sorted(listed):
        skipped.append(Skipped(display_path(missing), "listed in a manifest but not found in the folder"))
    return found, skipped


def _scan(folder: Path, depth: int, skipped: list[Skipped]) -> Iterator[tuple[Path, bool]]:
    """``(path, is_symlink)`` of the visible non-folder entries under ``folder``, sorted."""
    if depth > _MAX_DEPTH:
        skipped.append(
            Skipped(display_path(folder), f"folder nested deeper than {_MAX_DEPTH} levels; not read")
        )
        return
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        skipped.append(Skipped(display_path(folder), f"folder cannot be read ({exc.strerror or exc})"))
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
            is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            yield from _scan(path, depth + 1, skipped)
        elif is_link or entry.is_file(follow_symlinks=False):
            yield path, is_link
        else:
            skipped.append(Skipped(display_path(path), _path_problem(path) or "is not a regular file"))


def _empty_folder_reason() -> str:
    """Message for a folder with no files to read."""
    return (
        f"the folder is empty: no article files ({_accepted_suffixes()}) in it or below "
        "(hidden files are ignored)"
    )


def _accepted_suffixes() -> str:
    return " ".join(sorted(set(SUPPORTED_SUFFIXES) - {".text", ".markdown", ".xhtml"}))


def _unsupported_reason(path: Path) -> str:
    """Message for a file whose suffix briefing does not read."""
    suffix = path.suffix.lower() or "(no suffix)"
    accepted = _accepted_suffixes()
    hint = {
        ".doc": "open it in Word and save it as .docx",
        ".pdf": "copy its text into a .txt file",
        ".rtf": "save it as .docx",
        ".odt": "save it as .docx",
    }.get(suffix, "convert it to one of these")
    return f"unsupported format {suffix}; briefing reads {accepted}: {hint}"


# ------------------------------------------------------------------------ manifest


def read_manifest(
    path: str | os.PathLike[str], *, limits: Limits | None = None
) -> list[tuple[Path, tuple[tuple[str, str], ...]]]:
    """Read a metadata manifest.

    ``manifest.csv`` has a header row with ``file`` and any of ``title``, ``outlet``,
    ``author``, ``published``, ``url`` (aliases: ``path``, ``source``, ``date``...);
    ``manifest.jsonl`` has one JSON object per line with the same keys. ``file`` is relative
    to the manifest's folder and must stay inside it. Empty values are ignored; dates are
    normalised to ISO 8601 by :func:`ingest`.

    Returns:
        ``(file, overrides)`` per entry, in the manifest's order.

    Raises:
        MetadataError: The manifest is malformed (the message names the line).
        InputTooLargeError: The manifest is larger than ``limits.manifest_bytes``.
    """
    limits = limits or Limits()
    path = Path(path)
    name = display_path(path)
    try:
        if path.stat().st_size > limits.manifest_bytes:
            raise InputTooLargeError(f"{name}: manifest larger than {limits.manifest_bytes:,} bytes")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MetadataError(
            f"{name}: the manifest is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)"
        ) from None
    except OSError as exc:
        raise MetadataError(f"{name}: cannot read the manifest ({exc.strerror or exc})") from None
    rows = _manifest_csv(text, name) if path.suffix.lower() == ".csv" else _manifest_jsonl(text, name)
    base = _real(path.parent)
    entries: list[tuple[Path, tuple[tuple[str, str], ...]]] = []
    for line, row in rows:
        entries.append(_manifest_entry(row, line, name, path.parent, base))
    return entries


def _manifest_csv(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    """``(line, row)`` pairs of a CSV manifest."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, dict(row)) for row in reader]
    except csv.Error as exc:
        raise MetadataError(f"{name}: malformed CSV at line {reader.line_num} ({exc})") from None
    _check_columns(reader.fieldnames or [], name)
    return rows


def _manifest_jsonl(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    """``(line, object)`` pairs of a JSON Lines manifest."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise MetadataError(f"{name}: line {number} is not valid JSON ({exc})") from None
        if not isinstance(value, dict):
            raise MetadataError(f'{name}: line {number} is not a JSON object ({{"file": ..., "title": ...}})')
        _check_columns(list(value), name, line=number)
        rows.append((number, value))
    return rows


def _check_columns(columns: Sequence[str | None], name: str, *, line: int | None = None) -> None:
    """Raise MetadataError for unknown column/key names (typos would silently drop data)."""
    known = {alias for aliases in _MANIFEST_COLUMNS.values() for alias in aliases}
    unknown = [str(column) for column in columns if column is None or column.strip().lower() not in known]
    if unknown:
        where = f" line {line}:" if line else ""
        raise MetadataError(
            f"{name}:{where} unknown column(s) {', '.join(map(repr, unknown))}; use file, {', '.join(FIELDS)}"
        )
    if not any(str(column).strip().lower() in _MANIFEST_COLUMNS["file"] for column in columns):
        where = f" line {line}:" if line else ""
        raise MetadataError(f"{name}:{where} no 'file' column naming the article file")


def _manifest_entry(
    row: dict[str, object], line: int, name: str, folder: Path, base: Path
) -> tuple[Path, tuple[tuple[str, str], ...]]:
    """``(file, overrides)`` of one manifest row."""
    values = {str(key).strip().lower(): value for key, value in row.items() if key is not None}
    picked: dict[str, object] = {}
    for field_name, aliases in _MANIFEST_COLUMNS.items():
        for alias in aliases:
            value = values.get(alias)
            if value not in (None, ""):
                picked[field_name] = value
                break
    file_value = picked.pop("file", None)
    if not isinstance(file_value, str) or not file_value.strip():
        raise MetadataError(f"{name}: line {line} has no file name")
    target = folder / file_value.strip()
    if not _real(target).is_relative_to(base):
        raise MetadataError(
            f"{name}: line {line} names {file_value!r}, outside the manifest's folder; "
            "list only files in that folder or below"
        )
    overrides = tuple(
        (field_name, str(value).strip())
        for field_name, value in picked.items()
        if isinstance(value, (str, int, float)) and str(value).strip()
    )
    return target, overrides


# -------------------------------------------------------------------------- ingest


def ingest(
    item: InputFile | ArticleText | str | os.PathLike[str], *, limits: Limits | None = None
) -> Article:
    """Read one input file into an :class:`~briefing.types.Article`.

    Args:
        item: An :class:`InputFile` from :func:`discover`, a path, or an
            :class:`~briefing.ingest.textinput.ArticleText` (read as a ``.txt`` file would be).
        limits: Size limits; defaults to :class:`Limits`.

    Returns:
        The article's blocks and its :class:`~briefing.types.SourceRef` (path as given,
        format, encoding, metadata and provenance).

    Raises:
        UnsupportedFormatError: The suffix or content is not a format briefing reads.
        EmptyArticleError: The file is empty or holds no text.
        InputTooLargeError: The file exceeds a size limit.
        DecodingError: The text cannot be decoded confidently.
        MetadataError: Front matter is malformed.
        InputError: The file cannot be read or parsed.
    """
    limits = limits or Limits()
    if isinstance(item, ArticleText):
        return read_text_article(item, limits=limits)
    if not isinstance(item, InputFile):
        item = InputFile(Path(item))
    path = item.path
    name = display_path(path)
    fmt = format_of(path)
    if fmt is None:
        if _is_manifest(path):
            raise UnsupportedFormatError(f"{name}: is a metadata manifest, not an article")
        raise UnsupportedFormatError(f"{name}: {_unsupported_reason(path)}")
    data = _read_bytes(path, name, limits.max_bytes(fmt), fmt)
    meta = MetadataBuilder()
    if fmt == "txt" and _HTML_START.match(data[:512]):
        # A saved web page with a .txt name: reading it as text would keep every tag.
        fmt = "html"
        meta.note("format", "html-content-in-txt")
    if is_briefing_output(data, fmt):
        raise UnsupportedFormatError(f"{name}: {OWN_OUTPUT_REASON}")
    for field_name, value in item.overrides:
        meta.add(field_name, value, "manifest")
    try:
        reader = get_reader(fmt)
    except ReaderUnavailableError as exc:
        raise ReaderUnavailableError(f"{name}: {exc}") from exc.__cause__
    blocks, encoding = reader(data, name, meta, limits)
    characters = sum(len(block.text) for block in blocks)
    if characters > limits.text_chars:
        raise InputTooLargeError(
            f"{name}: {characters:,} characters of text, over the limit of {limits.text_chars:,} "
            "for one article; split it into one file per article"
        )
    source = SourceRef(
        path=name,
        format=fmt,
        encoding=encoding,
        provenance=meta.provenance(),
        **meta.values,
    )
    log.debug("ingested %s: %d blocks, %s", name, len(blocks), encoding)
    return Article(source=source, blocks=blocks)


# ------------------------------------------------------------ briefing's own outputs

OWN_OUTPUT_REASON = (
    "a briefing written by briefing, not an article; keep briefings out of the input folders "
    "(write them elsewhere with -o)"
)
"""Skip reason for a file that compose wrote (a briefing saved inside an input folder)."""

# The generator marks compose writes (briefing/compose/): DOCX core properties (author
# "briefing", comments "briefing <version> · ..."), HTML <meta name="generator">, the Markdown
# header line "Generated by briefing <version>", JSON "generator": {"name": "briefing"}. They
# sit at the start of each file, so only a prefix is searched.
_HTML_GENERATOR = re.compile(
    rb"<meta\s+(?:name\s*=\s*[\"']generator[\"']\s+content\s*=\s*[\"']briefing[\s\"']"
    rb"|content\s*=\s*[\"']briefing[\s\"'][^>]*name\s*=\s*[\"']generator[\"'])",
    re.IGNORECASE,
)
_MD_GENERATOR = re.compile(r"^Generated by briefing \d+\.\d+", re.MULTILINE)
_DOCX_GENERATOR = re.compile(rb"<dc:description>\s*briefing \d+\.\d+")
_JSON_GENERATOR = re.compile(rb'"generator"\s*:\s*\{\s*"name"\s*:\s*"briefing"')
_MARK_PREFIX = 8192


def is_briefing_output(data: bytes, fmt: str) -> bool:
    """True when ``data`` (a file of reader format ``fmt``, or ``json``) was written by briefing."""
    head = data[:_MARK_PREFIX]
    if fmt == "html":
        return _HTML_GENERATOR.search(head) is not None
    if fmt in ("md", "txt"):
        return _MD_GENERATOR.search(head.decode("utf-8", "ignore")) is not None
    if fmt == "json":
        return _JSON_GENERATOR.search(head) is not None
    if fmt == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                info = archive.getinfo("docProps/core.xml")
                if info.file_size > 64 * 1024:
                    return False
                return _DOCX_GENERATOR.search(archive.read(info)) is not None
        except (KeyError, OSError, ValueError, zipfile.BadZipFile, RuntimeError):
            return False  # not a readable package: the reader says what is wrong with it
    return False


def _json_briefing(path: Path) -> bool:
    """True when ``path`` is a JSON briefing written by briefing (reads only its start)."""
    try:
        with path.open("rb") as handle:
            return is_briefing_output(handle.read(_MARK_PREFIX), "json")
    except OSError:
        return False


def _read_bytes(path: Path, name: str, limit: int, fmt: str) -> bytes:
    """The file's bytes, after the checks that make reading it safe."""
    problem = _path_problem(path)
    if problem is None and path.is_dir():
        problem = "is a folder"
    if problem is not None:
        raise InputError(f"{name}: {problem}")
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputTooLargeError(_too_large(name, size, limit, fmt))
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"{name}: cannot be read ({exc.strerror or exc}); check the file and its permissions"
        ) from None
    if len(data) > limit:  # the file grew while we read it
        raise InputTooLargeError(_too_large(name, len(data), limit, fmt))
    if not data:
        raise EmptyArticleError(f"{name}: the file is empty (0 bytes); check the export or remove it")
    return data


def _too_large(name: str, size: int, limit: int, fmt: str) -> str:
    """Message for a file over its size limit."""
    hint = {
        "html": "save only the article ('Web page, HTML only') or paste its text into a .txt file",
        "docx": "save the article text alone, without embedded media",
    }.get(fmt, "split it into one file per article")
    return f"{name}: {size / 1e6:,.1f} MB, over the {limit / 1e6:,.1f} MB limit for .{fmt} files; {hint}"
