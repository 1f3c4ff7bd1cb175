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

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefing.errors import InputError
from briefing.ingest.inputs import (
    InputFile,
    accepted_suffixes,
    display_path,
    failure_reason,
    format_of,
    is_manifest,
    path_problem,
    real_path,
    skip_reason,
    unsupported_reason,
)
from briefing.ingest.manifest import Overrides, merge_overrides, read_manifest
from briefing.ingest.own_output import OWN_OUTPUT_REASON, is_json_briefing
from briefing.ingest.read import ingest
from briefing.ingest.readers import Limits
from briefing.ingest.textinput import ArticleText, InputItem, numbered
from briefing.types import Skipped

# discover, and the names that code outside the stage imports with it from here: pipeline.py
# (InputFile, display_path, failure_reason, ingest, skip_reason), batch/ (InputFile, display_path,
# skip_reason), tests/overview (ingest); docs/inputs.md names ``briefing.ingest.discover.Limits``.
# Elsewhere each name is imported from the module that defines it.
__all__ = [
    "InputFile",
    "Limits",
    "discover",
    "display_path",
    "failure_reason",
    "ingest",
    "skip_reason",
]

log = logging.getLogger(__name__)

_MAX_DEPTH = 32


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
    for position, raw in enumerate(inputs, start=1):
        if isinstance(raw, ArticleText):
            files[-position] = numbered(raw, position)  # int keys never equal a path
            continue
        found, problems = _expand(Path(raw), limits)
        for item in found:
            _add(files, item)
        skipped.extend(problems)
    return list(files.values()), skipped


def _add(files: dict[Path | int, InputFile | ArticleText], item: InputFile) -> None:
    """Add ``item`` once per real path; a second mention only adds its overrides."""
    key = real_path(item.path)
    old = files.get(key)
    if isinstance(old, InputFile):
        if item.overrides:
            files[key] = InputFile(old.path, merge_overrides(old.overrides, item.overrides))
        return
    files[key] = item


def _expand(path: Path, limits: Limits) -> tuple[list[InputFile], list[Skipped]]:
    """The files one path input stands for (a file, a folder's files, a manifest's), and what was skipped."""
    name = display_path(path)
    problem = path_problem(path)
    if problem is not None:
        return [], [Skipped(name, problem)]
    if path.is_dir():
        found, skipped = _walk_folder(path, limits)
        return found, skipped if found or skipped else [Skipped(name, _empty_folder_reason())]
    if path.suffix.lower() == ".json" and is_json_briefing(path):
        return [], [Skipped(name, OWN_OUTPUT_REASON)]
    if is_manifest(path):
        return _manifest_files(path, name, limits)
    return [InputFile(path)], []


def _manifest_files(path: Path, name: str, limits: Limits) -> tuple[list[InputFile], list[Skipped]]:
    """The files a manifest given directly lists, with its overrides, and the entries that cannot be used."""
    try:
        entries = read_manifest(path, limits=limits)
    except InputError as exc:
        return [], [Skipped(name, str(exc))]
    found: list[InputFile] = []
    skipped: list[Skipped] = []
    for target, overrides in entries:
        reason = path_problem(target)
        if reason is None and target.is_dir():
            reason = "is a folder; a manifest lists files"
        if reason is None:
            found.append(InputFile(target, overrides))
        else:
            skipped.append(Skipped(display_path(target), f"listed in {name} but {reason}"))
    return found, skipped


def _walk_folder(root: Path, limits: Limits) -> tuple[list[InputFile], list[Skipped]]:
    """Files under ``root`` (sorted, recursive) with manifest overrides, and what was skipped."""
    skipped: list[Skipped] = []
    files, manifests = _folder_entries(root, skipped)
    overrides = _folder_overrides(manifests, limits, skipped)
    listed = set(overrides)
    found = []
    for path in files:
        key = real_path(path)
        listed.discard(key)
        found.append(InputFile(path, overrides.get(key, ())))
    for missing in sorted(listed):
        skipped.append(Skipped(display_path(missing), "listed in a manifest but not found in the folder"))
    return found, skipped


def _folder_entries(root: Path, skipped: list[Skipped]) -> tuple[list[Path], list[Path]]:
    """``(articles, manifests)`` under ``root``; other entries go to ``skipped`` with the reason."""
    real_root = real_path(root)
    files: list[Path] = []
    manifests: list[Path] = []
    for entry_path, is_link in _scan(root, 0, skipped):
        if is_link and not _usable_link(entry_path, real_root, skipped):
            continue
        if is_manifest(entry_path):
            manifests.append(entry_path)
        elif format_of(entry_path) is None:
            skipped.append(Skipped(display_path(entry_path), _not_article_reason(entry_path)))
        else:
            files.append(entry_path)
    return files, manifests


def _usable_link(path: Path, real_root: Path, skipped: list[Skipped]) -> bool:
    """Whether a symbolic link in the folder is followed (a file inside it); else why not, in ``skipped``."""
    if not real_path(path).is_relative_to(real_root):
        skipped.append(
            Skipped(
                display_path(path),
                "symbolic link to a file outside the folder; give the target itself if it is wanted",
            )
        )
        return False
    problem = path_problem(path)
    if problem is not None:
        skipped.append(Skipped(display_path(path), problem))
        return False
    if path.is_dir():
        log.info("not following linked folder %s", display_path(path))
        return False
    return True


def _not_article_reason(path: Path) -> str:
    """Why a file in a folder is not read: a briefing's JSON output, or an unsupported suffix."""
    if path.suffix.lower() == ".json" and is_json_briefing(path):
        return OWN_OUTPUT_REASON
    return unsupported_reason(path)


def _folder_overrides(manifests: list[Path], limits: Limits, skipped: list[Skipped]) -> dict[Path, Overrides]:
    """Overrides per real file path from a folder's manifests (unreadable manifests go to ``skipped``)."""
    overrides: dict[Path, Overrides] = {}
    for manifest in manifests:
        try:
            entries = read_manifest(manifest, limits=limits)
        except InputError as exc:
            skipped.append(Skipped(display_path(manifest), str(exc)))
            continue
        for target, values in entries:
            overrides[real_path(target)] = merge_overrides(overrides.get(real_path(target), ()), values)
    return overrides


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
    pages = _saved_page_stems(entries)
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
            is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir and (page := _page_of_assets(entry.name, pages)):
            log.info("not reading %s: the files a browser saved with %s", display_path(path), page)
            continue
        if is_dir:
            yield from _scan(path, depth + 1, skipped)
        elif is_link or entry.is_file(follow_symlinks=False):
            yield path, is_link
        else:
            skipped.append(Skipped(display_path(path), path_problem(path) or "is not a regular file"))


# A browser's "save complete page" writes `page.html` and, beside it, a folder of the page's
# scripts, styles, images and ad frames named after it: `page_files` (Chrome, Firefox, Edge in
# English), `page-Dateien`, `page_fichiers`, `page_archivos`... (the word is localised, the
# shape is not). Such a folder is part of its page, not a set of inputs.
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".mht", ".mhtml")


def _saved_page_stems(entries: list[os.DirEntry[str]]) -> dict[str, str]:
    """Folded stem -> file name of each saved web page among ``entries``."""
    pages = {}
    for entry in entries:
        stem, dot, suffix = entry.name.rpartition(".")
        if dot and f".{suffix.lower()}" in _PAGE_SUFFIXES and stem:
            pages[stem.casefold()] = entry.name
    return pages


def _page_of_assets(folder: str, pages: dict[str, str]) -> str | None:
    """The saved page whose asset folder ``folder`` is (``page_files`` for ``page.html``), or None.

    The folder is the page's stem, ``_`` or ``-``, and one word of letters (any language).
    """
    stem, separator, word = max(folder.rpartition("_"), folder.rpartition("-"), key=lambda p: len(p[0]))
    if separator and stem and word.isalpha():
        return pages.get(stem.casefold())
    return None


def _empty_folder_reason() -> str:
    """Message for a folder with no files to read."""
    return (
        f"the folder is empty: no article files ({accepted_suffixes()}) in it or below "
        "(hidden files are ignored)"
    )
