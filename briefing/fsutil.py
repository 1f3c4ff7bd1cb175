"""Atomic output files: never a half-written briefing, never a silently clobbered one."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from briefing.errors import OutputExistsError


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; on success move it into place atomically.

    The temporary file lives in the destination folder so that ``os.replace`` is a rename on
    the same file system. If the body raises, the temporary file is removed and ``path`` is
    left untouched.

    Args:
        path: Destination file. Its parent folder is created if missing.
        overwrite: Replace an existing file. Without it an existing file is an error.

    Raises:
        OutputExistsError: ``path`` exists and ``overwrite`` is false.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise OutputExistsError(
            f"{target} already exists; pass --overwrite (overwrite=True) to replace it, "
            "or choose another output path"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    # mkstemp creates the file 0600; a briefing is a normal document, so give it the
    # permissions an ordinary open() would (0666 minus the umask).
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite:
            # Refuse a file that appeared while we were writing (another run): link fails
            # if the name exists, unlike replace.
            try:
                os.link(tmp_name, target)
            except FileExistsError:
                raise OutputExistsError(
                    f"{target} was created by another process while writing; nothing was replaced"
                ) from None
            except OSError:
                os.replace(tmp_name, target)  # file systems without hard links
            else:
                os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_writer`) and return the path."""
    with atomic_writer(path, overwrite=overwrite) as handle:
        handle.write(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically and return the path."""
    return write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def replace_dir(new: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
    """Move the finished folder ``new`` to ``dest``, replacing an existing ``dest``.

    ``new`` must be on the same file system (build it in a temporary folder beside ``dest``):
    each step is a rename. An existing ``dest`` is renamed aside first and removed only once
    ``new`` is in place, so the gap without a folder is as short as two renames, and a failed
    move puts the old folder back.
    """
    new, dest = Path(new), Path(dest)
    if not dest.exists():
        new.replace(dest)
        return
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    dest.replace(old)
    try:
        new.replace(dest)
    except OSError:
        old.replace(dest)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink(missing_ok=True)
