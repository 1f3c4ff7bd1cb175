"""The tiny random MarianMT (Arabic -> English) for tests and benchmarks.

The builder lives in the package (:mod:`briefing.translation.models.demo`, what
``briefing models demo`` runs); this module keeps the names tests and ``tests/benchmarks/*.py``
import (``build_tiny_marian``, ``CORPUS``, ``ARCHITECTURES``, ``_shared_vocab``) and its command
line for real-architecture builds::

    python -m tests.tiny_model /tmp/tiny-marian             # the tiny model (= briefing models demo)
    python -m tests.tiny_model /tmp/base --arch base        # opus-mt-ar-en's shape, random weights
    python -m tests.tiny_model /tmp/big --arch big          # opus-mt-tc-big-ar-en's shape

The translations are gibberish: tests built on it assert on plumbing (counts, order,
attribution), never on wording.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.translation.models.demo import ARCHITECTURES, CORPUS, _shared_vocab, build_tiny_marian

__all__ = ["ARCHITECTURES", "CORPUS", "_shared_vocab", "build_tiny_marian", "main"]


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.tiny_model DIR [--arch base|big]``: build the model and print its folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the model into")
    parser.add_argument("--real-size", action="store_true", help="opus-mt-ar-en architecture (= --arch base)")
    parser.add_argument("--arch", choices=tuple(ARCHITECTURES), help="a real architecture, random weights")
    parser.add_argument("--d-model", type=int, default=16)
    parser.add_argument("--layers", type=int, default=1)
    args = parser.parse_args(argv)
    path = build_tiny_marian(
        args.out_dir, d_model=args.d_model, layers=args.layers, real_size=args.real_size, arch=args.arch
    )
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
