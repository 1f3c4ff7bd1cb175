"""`briefing build --backend ct2` end to end on the tiny model, then a fully cached re-run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.markers import requires_convert
from tests.paths import ROOT, SAMPLES

pytestmark = [pytest.mark.model, requires_convert]

REPO = ROOT

# Runs the CLI in a fresh interpreter and reports which heavy modules the build imported.
_RUN = (
    "import json, sys; from briefing.cli.main import main; code = main(sys.argv[1:]); "
    "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]; "
    "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)"
)


@pytest.fixture(scope="module")
def workspace(tiny_model_dir, tmp_path_factory):
    """models/ with the tiny model and its int8 conversion, plus two sample articles."""
    from briefing.translation.models.convert import convert_model

    root = tmp_path_factory.mktemp("ct2-build")
    shutil.copytree(tiny_model_dir, root / "models" / "tiny")
    convert_model(root / "models" / "tiny", models_dir=root / "models")
    (root / "in").mkdir()
    for sample in sorted((SAMPLES).iterdir())[:2]:
        shutil.copy2(sample, root / "in" / sample.name)
    return root


def _build(workspace: Path, backend: str, *extra: str) -> tuple[dict, dict]:
    argv = [
        "build",
        str(workspace / "in"),
        "--model",
        str(workspace / "models" / "tiny"),
        "--models-dir",
        str(workspace / "models"),
        "--backend",
        backend,
        "--cache-dir",
        str(workspace / "cache"),
        "--sentences",
        "2",
        "-o",
        str(workspace / "brief.docx"),
        "--overwrite",
        "--json",
        *extra,
    ]
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, cwd=workspace, check=False
    )
    verdict = json.loads(done.stderr.strip().splitlines()[-1])
    assert verdict["code"] == 0, done.stderr
    return json.loads(done.stdout), verdict


def test_ct2_build_then_cached_rerun_imports_nothing_heavy(workspace):
    first, verdict = _build(workspace, "ct2")
    assert verdict["heavy"] == ["ctranslate2"]  # no torch: the ct2 folder tokenizes itself
    sentences = [s for article in first["articles"] for s in article["sentences"]]
    assert len(first["articles"]) == 2 and sentences
    assert all(s["english"] and s["confidence"] <= 0 for s in sentences)

    again, verdict = _build(workspace, "auto")  # auto finds the conversion: same key, all cached
    assert verdict["heavy"] == []
    assert [a["sentences"] for a in again["articles"]] == [a["sentences"] for a in first["articles"]]
    # Every sentence says which guards tripped, the cached run too (numbers: exactly those
    # whose English lacks a number of the Arabic).
    from briefing.translation.numbers import missing_numbers

    for sentence in sentences:
        lost = bool(missing_numbers(sentence["arabic"], sentence["english"]))
        assert ("numbers" in sentence["flags"]) == lost


def test_compute_type_is_a_cache_key_and_reaches_the_backend(workspace):
    exact, verdict = _build(workspace, "ct2", "--compute-type", "float32")
    assert verdict["heavy"] == ["ctranslate2"]  # not cached under the int8 key: translated again
    assert exact["articles"] and all(s["english"] for a in exact["articles"] for s in a["sentences"])
