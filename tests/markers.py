"""Skip markers for optional dependencies and devices, kept in one place.

Each marker checks with :func:`importlib.util.find_spec`, so collecting the tests never imports
torch, transformers or ctranslate2 (their import alone costs seconds).
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest


def has_module(name: str) -> bool:
    """True when ``name`` is importable (without importing it)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _requires(*modules: str) -> pytest.MarkDecorator:
    missing = [name for name in modules if not has_module(name)]
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing) or 'nothing'}")


requires_torch = _requires("torch", "transformers", "sentencepiece")
"""The transformers backend and the tiny model: torch + transformers + sentencepiece."""

requires_ct2 = _requires("ctranslate2", "sentencepiece")
"""The CTranslate2 backend (running a converted model)."""

requires_convert = _requires("ctranslate2", "torch", "transformers", "sentencepiece")
"""Building and converting the tiny model: everything."""


def _cuda_available() -> bool:
    if not has_module("ctranslate2") or shutil.which("nvidia-smi") is None:
        return False
    import ctranslate2

    return ctranslate2.get_cuda_device_count() > 0


requires_cuda = pytest.mark.skipif(not _cuda_available(), reason="needs a CUDA device")
"""Tests that run CTranslate2 on a GPU."""


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Debian's Chromium (installed by ``.ci/run``), or None: browser tests skip without it."""

CHROMIUM_ARGS = [
    # A headless browser in a container: no sandbox (no user namespaces), no GPU, and nothing
    # fetched from the network (this machine's closed network refuses those connections).
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Launch arguments for :data:`CHROMIUM` under playwright (``executable_path=CHROMIUM``)."""
