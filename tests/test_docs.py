"""The documentation site builds strictly, and its examples stay true.

``docs/`` is built with MkDocs (``mkdocs.yml``, strict: a broken link or anchor, or a page
missing from the nav, fails). A fenced block marked ``<!-- command: NAME -->`` is an example
the suite checks: every ``briefing ...`` command in a bash block must parse with the real
parser, every Python block must compile, and the Python examples that run offline run, with
``FakeTranslator``, in a scratch folder holding the sample articles.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli.main import build_parser
from tests.paths import ROOT
from tests.readme_commands import command_blocks, readme_commands
from tests.test_readme import _scratch

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

# Python examples that need a real model (a download or a copied folder): only their imports
# are checked. Every other marked Python block runs.
_NEEDS_A_MODEL = {"python-ct2", "python-cache"}
# Separators between commands of one shell line; what follows a pipe is not briefing's.
_SEPARATORS = {"&&", "||", "|", ";", "&"}
_ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def _examples() -> list[tuple[str, str, str, str]]:
    """``(page, name, language, body)`` of every marked block under ``docs/``."""
    found = []
    for page in PAGES:
        for name, language, body in command_blocks(page.read_text(encoding="utf-8")):
            found.append((str(page.relative_to(ROOT)), name, language, body))
    return found


EXAMPLES = _examples()


def _briefing_commands(line: str) -> list[list[str]]:
    """The argument lists of each ``briefing`` command on one shell line (env and pipes aside)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token in _SEPARATORS:
            commands.append([])
        else:
            commands[-1].append(token)
    found = []
    for words in commands:
        while words and _ENV_ASSIGNMENT.match(words[0]):
            words = words[1:]
        if words and words[0] == "briefing":
            found.append(words[1:])
    return found


def test_briefing_commands_are_found_on_a_shell_line() -> None:
    line = 'HF_HUB_OFFLINE=1 briefing build in/ -o "a b.docx" && briefing schema | head  # note'
    assert _briefing_commands(line) == [["build", "in/", "-o", "a b.docx"], ["schema"]]
    assert _briefing_commands("pip install -e '.[ct2]'   # briefing build") == []


def test_docs_have_examples_and_a_page_for_every_topic() -> None:
    names = {name for _, name, _, _ in EXAMPLES}
    assert {"quickstart", "test", "demo", "build-examples", "python-example", "python-oneshot"} <= names
    assert {"cli-build", "cli-batch", "cli-serve", "python-save", "python-overview"} <= names
    for page in ("index", "install", "quickstart", "cli", "python-api", "settings", "layout"):
        assert (DOCS / f"{page}.md").is_file(), page


def test_example_names_are_unique_per_page() -> None:
    for page in PAGES:
        names = [name for name, _, _ in command_blocks(page.read_text(encoding="utf-8"))]
        assert len(names) == len(set(names)), page


def test_examples_shared_with_the_readme_are_the_readme_text() -> None:
    # tests/test_readme.py runs the README's blocks; a docs copy must not drift from them.
    readme = readme_commands()
    for page, name, _, body in EXAMPLES:
        if name in readme:
            assert body == readme[name], f"{page}: block {name!r} differs from the README's"


@pytest.mark.parametrize(
    ("page", "name", "body"),
    [(page, name, body) for page, name, language, body in EXAMPLES if language == "bash"],
    ids=lambda value: value if "\n" not in value and len(value) < 40 else "",
)
def test_bash_examples_parse(page: str, name: str, body: str) -> None:
    parser = build_parser()
    lines = [line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines, f"{page}: block {name!r} is empty"
    for line in lines:
        for args in _briefing_commands(line):
            try:
                parser.parse_args(args)
            except SystemExit as exc:  # argparse reports the error on stderr and exits 2
                pytest.fail(f"{page}: block {name!r}: `briefing {shlex.join(args)}` does not parse ({exc})")


@pytest.mark.parametrize(
    ("page", "name", "body"),
    [(page, name, body) for page, name, language, body in EXAMPLES if language == "python"],
    ids=lambda value: value if "\n" not in value and len(value) < 40 else "",
)
def test_python_examples_compile_and_import(page: str, name: str, body: str) -> None:
    tree = ast.parse(body, filename=f"{page}:{name}")
    imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    assert imports, f"{page}: block {name!r} imports nothing: an example should show where names come from"
    exec(compile(ast.Module(body=imports, type_ignores=[]), f"{page}:{name}", "exec"), {})


def _runnable() -> list[tuple[str, str, str]]:
    """Python examples to run: not those that need a model, not the README's (test_readme runs them)."""
    readme = readme_commands()
    return [
        (page, name, body)
        for page, name, language, body in EXAMPLES
        if language == "python" and name not in _NEEDS_A_MODEL and name not in readme
    ]


@pytest.mark.parametrize(("page", "name", "body"), _runnable(), ids=[n for _, n, _ in _runnable()])
def test_python_examples_run_offline(page: str, name: str, body: str, tmp_path: Path) -> None:
    folder, env = _scratch(tmp_path, tmp_path / "cache")
    (folder / "outputs").mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", body], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"{page}: block {name!r}\n{proc.stderr}"


def test_readme_links_into_the_docs_resolve() -> None:
    # mkdocs checks the links between pages; the README is not one of them.
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in t and not t.startswith("#")]
    assert targets
    missing = [t for t in targets if not (ROOT / t.split("#", 1)[0]).exists()]
    assert not missing, missing


def test_readme_stays_short() -> None:
    # Issue 20: the README says what briefing is and how to start; the rest lives in docs/.
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= 250, f"README.md has {lines} lines; move detail into docs/"


def test_site_builds_strictly(tmp_path: Path) -> None:
    for module in ("mkdocs", "material"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[dev]' installs mkdocs-material)")
    command = ["mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "notes" / "index.html").is_file()
