"""Shared fixtures: the tiny random MarianMT model and its CTranslate2 conversion.

Both are built once per test session under pytest's temporary folder; tests that use them
are skipped when torch/transformers/sentencepiece (or ctranslate2) are not installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """Each test's changes to ``os.environ`` undone after it.

    The CLI, run in process by many tests, sets the libraries' quiet switches
    (``HF_HUB_DISABLE_PROGRESS_BARS``…) as it would for a real run; left behind, they reach
    the subprocesses of later tests and change what those print.
    """
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


# Files a CTranslate2 model folder needs besides model.bin to tokenize on its own.
_TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "generation_config.json")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random MarianMT (d_model 16, one layer per side) with real SentencePiece tokenizers."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from tests.tiny_model import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "model")


@pytest.fixture(scope="session")
def tiny_ct2_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tiny_model_dir`` converted with CTranslate2 (float32 storage, tokenizer files copied).

    Stored in float32 so tests can run it exactly (``compute_type="float32"``) or quantized
    on load (``int8``), as the backend does by default on CPU.
    """
    pytest.importorskip("ctranslate2")
    from ctranslate2.converters import TransformersConverter

    out = tmp_path_factory.mktemp("tiny-ct2") / "model"
    TransformersConverter(str(tiny_model_dir)).convert(str(out), quantization="float32")
    for name in _TOKENIZER_FILES:
        if (tiny_model_dir / name).exists():
            shutil.copy2(tiny_model_dir / name, out / name)
    return out
