"""``briefing models demo``: the offline demo model, built atomically, usable by ``briefing build``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli.main import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main
from tests.markers import has_module, requires_ct2, requires_torch
from tests.paths import ROOT, SAMPLES

# An article written for this test: a headline and three short news sentences.
ARTICLE = (
    "افتتاح جسر جديد في المدينة\n\n"
    "افتتحت البلدية صباح اليوم جسرا جديدا فوق النهر بعد عامين من العمل. "
    "وقال رئيس البلدية إن الجسر سيخفف الازدحام في وسط المدينة. "
    "وبلغت تكلفة المشروع نحو ١٢ مليون دولار.\n"
)


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(folder, stdout, stderr) of one `briefing models demo DIR` run."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    parent = tmp_path_factory.mktemp("demo")
    folder = parent / "tiny"
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "models", "demo", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    return folder, proc.stdout, proc.stderr


@pytest.mark.model
@requires_torch
def test_builds_the_tiny_model_and_says_its_english_is_nonsense(demo_build, tiny_model_dir):
    folder, out, err = demo_build
    assert out.strip() == str(folder)
    assert f"briefing: demo model written to {folder}: " in err
    for name in ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json"):
        assert (folder / name).is_file()
        assert name in err
    assert "its English is nonsense" in err
    assert f"`briefing build INPUT... --model {folder}`" in err
    assert "Writing model shards" not in err  # no progress bar for a 40 kB file
    # Built in a temporary folder beside it and renamed: nothing else is left there but the
    # CTranslate2 copy (with the ct2 extra).
    copy = ["tiny-ct2-int8"] if has_module("ctranslate2") else []
    assert sorted(path.name for path in folder.parent.iterdir()) == ["tiny", *copy]
    # The same recipe as the tests' model: a shared vocabulary with <pad> last, same weights.
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    assert vocab["<pad>"] == len(vocab) - 1
    assert (folder / "model.safetensors").read_bytes() == (tiny_model_dir / "model.safetensors").read_bytes()


@pytest.mark.model
@requires_torch
def test_briefing_build_runs_on_the_demo_model(demo_build, tmp_path, capsys):
    folder, _, _ = demo_build
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "brief.md"
    argv = ["build", str(article), "--model", str(folder), "-o", str(out), "--json", "--no-cache"]
    code = main([*argv, "--beams", "1", "--threads", "1", "-q"])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    data = json.loads(captured.out)
    assert len(data["articles"]) == 1 and not data["skipped"]
    assert all(sentence["english"].strip() for sentence in data["articles"][0]["sentences"])
    assert out.is_file()


@pytest.mark.model
@requires_ct2
def test_the_demo_writes_its_ctranslate2_copy_and_a_first_build_needs_no_torch(demo_build, tmp_path):
    """Issue 24: a first build on the demo spent 14.5 of its 26-28 s importing torch."""
    folder, _, err = demo_build
    copy = folder.with_name("tiny-ct2-int8")
    assert (copy / "model.bin").is_file() and (copy / "source.spm").is_file()
    assert f"briefing: and its CTranslate2 copy to {copy}, which `--model {folder}` uses" in err
    code = (
        "import json, sys\n"
        "from briefing.cli.main import main\n"
        "rc = main(sys.argv[1:])\n"
        "print(rc, [m for m in ('torch', 'transformers') if m in sys.modules])\n"
    )
    out = tmp_path / "brief.json"
    argv = ["build", str(SAMPLES), "--model", str(folder), "-o", str(out), "--no-cache", "-q"]
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "0 []", proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["info"]["backend"] == "ct2"


def test_an_existing_conversion_folder_is_refused_without_force(tmp_path, monkeypatch, capsys):
    import briefing.translation.models.demo

    monkeypatch.setattr(briefing.translation.models.demo, "ct2_available", lambda: True)
    (tmp_path / "demo-ct2-int8").mkdir()
    assert main(["models", "demo", str(tmp_path / "demo")]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"briefing models demo: error: {tmp_path / 'demo-ct2-int8'} already exists; use --force" in err
    assert [path.name for path in tmp_path.iterdir()] == ["demo-ct2-int8"]


def test_an_existing_folder_is_refused_without_force(tmp_path, capsys):
    folder = tmp_path / "models" / "demo"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["models", "demo", str(folder)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"briefing models demo: error: {folder} already exists; use --force to replace it" in err
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]
    assert [path.name for path in folder.parent.iterdir()] == ["demo"]


def _fake_build(out_dir: Path | str) -> Path:
    """Stands in for the real builder (seconds of torch) where only the file handling is tested."""
    out = Path(out_dir)
    (out / "config.json").write_text("{}", encoding="utf-8")
    return out


def test_force_replaces_the_folder_and_the_default_is_models_demo(tmp_path, monkeypatch, capsys):
    import briefing.translation.models.demo

    monkeypatch.setattr(briefing.translation.models.demo, "require_packages", lambda *args: None)
    monkeypatch.setattr(briefing.translation.models.demo, "build_tiny_marian", _fake_build)
    monkeypatch.setattr(briefing.translation.models.demo, "ct2_available", lambda: False)
    monkeypatch.chdir(tmp_path)
    assert main(["models", "demo"]) == EXIT_OK
    assert (tmp_path / "models" / "demo" / "config.json").is_file()
    assert capsys.readouterr().out.strip() == str(Path("models") / "demo")
    (tmp_path / "models" / "demo" / "stale.bin").write_bytes(b"old")
    assert main(["models", "demo", "--force"]) == EXIT_OK
    assert sorted(path.name for path in (tmp_path / "models" / "demo").iterdir()) == ["config.json"]
    assert [path.name for path in (tmp_path / "models").iterdir()] == ["demo"]  # no .old, no .tmp


def test_a_failed_build_leaves_the_existing_folder_alone(tmp_path, monkeypatch):
    import briefing.translation.models.demo

    def broken(out_dir: Path | str) -> Path:
        _fake_build(out_dir)
        raise RuntimeError("disk full")

    monkeypatch.setattr(briefing.translation.models.demo, "require_packages", lambda *args: None)
    monkeypatch.setattr(briefing.translation.models.demo, "build_tiny_marian", broken)
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk full"):
        briefing.translation.models.demo.build_demo_model(folder, force=True)
    assert [path.name for path in tmp_path.iterdir()] == ["demo"]
    assert [path.name for path in folder.iterdir()] == ["keep.txt"]


def test_missing_marian_extra_names_it(tmp_path, monkeypatch, capsys):
    import importlib.util

    real_find_spec = importlib.util.find_spec
    core_only = {"sentencepiece", "transformers", "torch"}
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in core_only else real_find_spec(name, *a)
    )
    assert main(["models", "demo", str(tmp_path / "demo")]) == EXIT_NOTHING
    err = capsys.readouterr().err
    assert "building the demo model needs sentencepiece, transformers, torch, which this install lacks" in err
    assert 'pip install "briefing[marian]"' in err and "pip install torch==2.13.0" in err
    assert not list(tmp_path.iterdir())


def test_help_imports_nothing_heavy():
    code = (
        "import sys, contextlib, io\n"
        "from briefing.cli.main import main\n"
        "for argv in (['--help'], ['models', 'demo', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "        try: main(argv)\n"
        "        except SystemExit: pass\n"
        "    assert 'demo' in out.getvalue(), argv\n"
        "heavy = ('torch', 'transformers', 'sentencepiece', 'ctranslate2')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
