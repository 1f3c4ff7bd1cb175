"""Where the tests find the repository and their data (one place, whatever folder a test is in)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root."""

DATA = ROOT / "tests" / "data"
"""Test inputs written for the tests."""

SAMPLES = DATA / "samples"
"""The tests' own copies of the sample articles (``inputs/`` is the user's and may change)."""
