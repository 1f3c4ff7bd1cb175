"""The package keeps its shape: import layers without cycles, functions a reader can hold in mind."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT


def _tool(name: str) -> str:
    """The command ``name`` installed beside this Python (the venv), else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def test_import_layers_hold() -> None:
    """``.importlinter``: stages import only the layers below them, and no module cycles exist."""
    out = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "BROKEN" not in out.stdout


def test_no_function_is_too_complex() -> None:
    """ruff's mccabe check (C901, the limit in pyproject.toml) passes on the package."""
    out = subprocess.run(
        [_tool("ruff"), "check", "--select", "C901", "briefing"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
