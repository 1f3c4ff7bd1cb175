"""The README's install-and-test command is what CI runs, and it keeps working with stock pip."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.translation.models.resolve import DEFAULT_MODEL, folder_name
from tests.paths import ROOT, SAMPLES
from tests.readme_commands import readme_commands


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'cmd="$(python3 tests/readme_commands.py test README.md)"' in ci
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


# ------------------------------------------------- the README's commands and example, run for real
# Each runs in a scratch folder holding a copy of inputs/, offline, with the tiny random model
# standing in for opus-mt (as `briefing models pull` would have left it in models/).

_SHELL_COMMENT = re.compile(r"\s+#\s.*$")


def _requirement_names(lines: list[str]) -> set[str]:
    names = (re.split(r"[\s<>=!~\[;]", line.strip(), maxsplit=1)[0] for line in lines)
    return {name.lower().replace("_", "-") for name in names}


def test_tested_versions_record_every_declared_dependency() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for requirements in project["optional-dependencies"].values():  # every extra
        declared += requirements
    recorded = (ROOT / "requirements" / "tested.txt").read_text(encoding="utf-8").splitlines()
    pinned = _requirement_names([line for line in recorded if line and not line.startswith("#")])
    missing = _requirement_names(declared) - pinned - {"briefing"}
    assert not missing, (
        f"{sorted(missing)} not in requirements/tested.txt: run the tests, then "
        "python tests/tested_versions.py > requirements/tested.txt"
    )
    assert "torch" in pinned


def test_quickstart_installs_what_the_test_command_installs() -> None:
    commands = readme_commands()
    quick, test = commands["quickstart"].split(" && "), commands["test"].split(" && ")
    assert quick[:3] == test[:3]  # same venv, same torch pin
    # marian to translate, ct2 for the fast path (`models demo` writes a CTranslate2 copy).
    assert quick[3] == 'pip install -e ".[marian,ct2]"' and test[3] == 'pip install -e ".[dev]"'


def _scratch(tmp_path: Path, cache: Path) -> tuple[Path, dict[str, str]]:
    """A folder holding a copy of inputs/, and an environment that never downloads."""
    folder = tmp_path / "work"
    shutil.copytree(SAMPLES, folder / "inputs")
    bin_dir = Path(sys.executable).parent
    if shutil.which("briefing", path=str(bin_dir)) is None:  # not installed as a script here
        shim_dir = tmp_path / "bin"
        shim_dir.mkdir()
        shim = shim_dir / "briefing"
        shim.write_text(
            f"#!{sys.executable}\nimport sys\nfrom briefing.cli.main import main\nsys.exit(main())\n"
        )
        shim.chmod(0o755)
        bin_dir = shim_dir
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), str(bin_dir), os.environ.get("PATH", "")]),
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_CACHE": str(tmp_path / "hf-cache"),
        "BRIEFING_CACHE_DIR": str(cache),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        # The commands run as written; the environment makes the tiny model cheap (greedy, one
        # thread: random weights never stop early, so beam 4 costs four times as much for nothing).
        "BRIEFING_BEAMS": "1",
        "BRIEFING_THREADS": "1",
    }
    for name in ("BRIEFING_MODEL", "BRIEFING_CONFIG", "BRIEFING_BACKEND", "BRIEFING_DEVICE"):
        env.pop(name, None)
    return folder, env


@pytest.fixture
def scratch(tmp_path: Path, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """(folder, environment) for running README commands: inputs/ copied, the default model
    present as the tiny model (where `briefing models pull` puts it), downloads off, one shared
    translation cache for these tests."""
    folder, env = _scratch(tmp_path, tmp_path_factory.getbasetemp() / "readme-translation-cache")
    (folder / "models").mkdir()
    (folder / "models" / folder_name(DEFAULT_MODEL)).symlink_to(tiny_model_dir, target_is_directory=True)
    return folder, env


def _run(command: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + command],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.model
def test_readme_build_examples_run(scratch) -> None:
    folder, env = scratch
    (folder / "models" / "tiny").symlink_to(folder / "models" / folder_name(DEFAULT_MODEL))
    block = readme_commands()["build-examples"]
    lines = [_SHELL_COMMENT.sub("", line).strip() for line in block.splitlines()]
    assert len(lines) >= 4
    for line in lines:
        proc = _run(line, folder, env)
        assert proc.returncode == 0, f"{line}\n{proc.stderr}"
        assert "briefing: wrote" in proc.stderr, line
        if "--json" in line:
            assert json.loads(proc.stdout)["articles"]
    outputs = {path.name for path in (folder / "outputs").iterdir()}
    assert {"summit-watch.docx", "summit.docx", "summit.md", "summit.html", "summit.json"} <= outputs
    assert sum(name.startswith("briefing-") and name.endswith(".md") for name in outputs) == 1
    assert sum(name.startswith("briefing-") and name.endswith(".docx") for name in outputs) == 2


@pytest.mark.model
def test_readme_quickstart_build_and_demo_run(scratch) -> None:
    folder, env = scratch
    commands = readme_commands()
    # The quick start's own steps after installing and pulling (the model is in place here).
    builds = [part for part in commands["quickstart"].split(" && ") if part.startswith("briefing build")]
    assert builds == ["briefing build inputs/ -o outputs/briefing.docx"]
    proc = _run(builds[0], folder, env)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "outputs" / "briefing.docx").is_file()
    # The offline demo builds its own tiny model and replaces that briefing (it says --overwrite).
    proc = _run(commands["demo"], folder, env)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "models" / "tiny" / "config.json").is_file()
    assert "briefing: wrote outputs/briefing.docx: 5 article(s)" in proc.stderr


def test_readme_python_examples_run_offline(tmp_path: Path) -> None:
    folder, env = _scratch(tmp_path, tmp_path / "cache")
    (folder / "outputs").mkdir()
    (folder / "outputs" / "briefing.docx").write_bytes(b"the quick start's briefing")
    commands = readme_commands()
    for name in ("python-example", "python-oneshot"):
        for attempt in range(2):  # runs again without complaint
            proc = subprocess.run(
                [sys.executable, "-c", commands[name]],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert proc.returncode == 0, f"{name}, attempt {attempt + 1}\n{proc.stderr}"
    assert (folder / "outputs" / "summit-watch.html").is_file()
    # Neither writes over the quick start's output.
    assert (folder / "outputs" / "briefing.docx").read_bytes() == b"the quick start's briefing"
    assert "translate" in proc.stdout  # the one-shot example's progress lines
