"""The ISRI stemmer loads without the rest of NLTK (issue 24: a cached rebuild paid 0.56 s for it)."""

from __future__ import annotations

import subprocess
import sys

from tests.paths import ROOT


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout.strip()


def test_stemming_imports_neither_nltk_itself_nor_numpy():
    code = (
        "import sys\n"
        "from briefing.text.arabic import stem\n"
        "print(stem('ارتفاع'), stem('يرتفع'), 'nltk' in sys.modules, 'numpy' in sys.modules)\n"
    )
    assert _run(code) == "رفع رفع False False"


def test_nltk_imported_afterwards_is_whole_and_shares_the_stemmer():
    code = (
        "from briefing.text.arabic import stem\n"
        "stem('ارتفاع')\n"
        "import nltk\n"
        "from nltk.stem import ISRIStemmer\n"
        "import nltk.stem.isri as isri\n"
        "print(ISRIStemmer is isri.ISRIStemmer, ISRIStemmer().stem('يرتفع'), hasattr(nltk, 'corpus'))\n"
    )
    assert _run(code) == "True رفع True"


def test_nltk_imported_first_is_used_as_it_is():
    code = (
        "import nltk\n"
        "from briefing.text.arabic import stem\n"
        "print(stem('المفاوضات') == nltk.stem.isri.ISRIStemmer().stem('مفاوضات'))\n"
    )
    assert _run(code) == "True"
