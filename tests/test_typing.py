"""The package type-checks: ``mypy`` over ``briefing/`` (settings in pyproject.toml) finds nothing.

``briefing/py.typed`` tells users' type checkers to read our annotations, so they must hold.
Skipped when mypy is not installed (it is in the ``dev`` extra).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.markers import has_module
from tests.paths import ROOT


@pytest.mark.skipif(not has_module("mypy"), reason="mypy is not installed: pip install -e '.[dev]'")
def test_mypy_finds_no_errors_in_the_package() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "briefing"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_package_ships_its_type_marker() -> None:
    assert (ROOT / "briefing" / "py.typed").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"py.typed"' in pyproject  # package data, so that wheels carry it
