"""The README's install-and-test command is what CI runs, and it keeps working with stock pip."""

from __future__ import annotations

import re
from pathlib import Path

from tests.readme_commands import readme_commands

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'cmd="$(python3 tests/readme_commands.py test)"' in ci
    assert 'eval "$cmd"' in ci
    # CI must not prepare the venv in ways the README does not (that is how a stale pip hid
    # the missing lxml_html_clean): no pip, venv or pytest call of its own.
    code = [line for line in ci.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code if re.search(r"\bpip\b|\bvenv\b|pytest", line)]


def test_readme_test_command_uses_a_stock_venv() -> None:
    command = readme_commands()["test"]
    assert command.startswith("python -m venv .venv && . .venv/bin/activate && ")
    assert "--upgrade pip" not in command and "pip install -U pip" not in command
    assert command.endswith("python -m pytest -q")


def test_html_stack_is_declared_for_old_pip() -> None:
    # pip < 24 ignores justext's lxml[html_clean] extra; the module must be a direct dependency.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"lxml_html_clean' in pyproject
    import lxml_html_clean  # noqa: F401  (installed by the README's command)
