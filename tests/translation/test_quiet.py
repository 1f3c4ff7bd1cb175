"""Model libraries quiet by default, shown at -v (issue 24): no "Loading weights" bar."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT, SAMPLES

pytestmark = pytest.mark.model

_TRANSLATE = (
    "import logging, sys\n"
    "if sys.argv[2] == 'info': logging.basicConfig(level=logging.INFO)\n"
    "from briefing import Briefer\n"
    "briefer = Briefer(model=sys.argv[1], backend='transformers', use_cache=False)\n"
    "briefer.translate('قال الكرملين إن القمة ستعقد في ألاسكا.')\n"
)


def _stderr(*args: str) -> str:
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stderr


def test_a_briefer_loads_its_model_without_a_progress_bar(tiny_model_dir: Path) -> None:
    assert "Loading weights" not in _stderr("-c", _TRANSLATE, str(tiny_model_dir), "quiet")


def test_the_bar_shows_when_briefing_logs_at_info(tiny_model_dir: Path) -> None:
    assert "Loading weights" in _stderr("-c", _TRANSLATE, str(tiny_model_dir), "info")


@pytest.mark.parametrize(("verbose", "shown"), [((), False), (("-v",), True)])
def test_build_and_convert_are_quiet_unless_verbose(tiny_model_dir, tmp_path, verbose, shown) -> None:
    one = str(sorted(SAMPLES.glob("*.txt"))[0])  # one article: the bar comes with the model load
    build = ["-m", "briefing", "build", one, "--model", str(tiny_model_dir), "--no-cache"]
    err = _stderr(*build, "--backend", "transformers", "-o", str(tmp_path / "b.md"), *verbose)
    assert ("Loading weights" in err) is shown, err[-2000:]
    pytest.importorskip("ctranslate2")
    convert = ["-m", "briefing", "models", "convert", str(tiny_model_dir), "--output", str(tmp_path / "ct2")]
    err = _stderr(*convert, *verbose)
    assert ("Loading weights" in err) is shown, err[-2000:]
