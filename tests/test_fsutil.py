"""Atomic writes: no half-written file, no silent clobbering."""

from __future__ import annotations

import pytest

from briefing.errors import OutputExistsError
from briefing.fsutil import atomic_writer, write_text_atomic


def test_writes_and_refuses_to_clobber(tmp_path):
    target = tmp_path / "out" / "brief.md"
    write_text_atomic(target, "أولا")
    with pytest.raises(OutputExistsError, match="--overwrite"):
        write_text_atomic(target, "ثانيا")
    assert target.read_text(encoding="utf-8") == "أولا"
    write_text_atomic(target, "ثانيا", overwrite=True)
    assert target.read_text(encoding="utf-8") == "ثانيا"


def test_failure_leaves_no_file_and_no_temp(tmp_path):
    target = tmp_path / "brief.docx"
    with pytest.raises(ValueError), atomic_writer(target) as handle:
        handle.write(b"partial")
        raise ValueError("composer failed")
    assert list(tmp_path.iterdir()) == []


def test_written_file_gets_normal_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "brief.md", "نص")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
