"""The command line end to end: tiny real model through transformers, DOCX reopened."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli.main import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main
from tests.paths import ROOT, SAMPLES

INPUTS = SAMPLES
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_help_is_instant_and_imports_nothing_heavy():
    code = (
        "import sys, contextlib, io\n"
        "from briefing.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['build', '--help'])\n"
        "    except SystemExit: pass\n"
        "heavy = ('torch', 'transformers', 'ctranslate2', 'fastapi', 'uvicorn')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_model_gives_one_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.delenv("BRIEFING_MODEL", raising=False)
    code = main(["build", str(INPUTS), "--offline", "-o", "out.docx", "--no-cache", "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_NOTHING
    assert "briefing models pull" in err and "--model PATH" in err
    assert not (tmp_path / "out.docx").exists()


def test_existing_output_needs_overwrite(tmp_path, capsys):
    target = tmp_path / "brief.docx"
    target.write_bytes(b"keep me")
    code = main(["build", str(INPUTS), "-o", str(target), "-q"])
    assert code == EXIT_USAGE
    assert "--overwrite" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"


def test_nothing_usable_exits_1(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code = main(["build", str(tmp_path), "-o", str(tmp_path / "b.docx"), "-q"])
    assert code == EXIT_NOTHING
    err = capsys.readouterr().err
    assert "empty.txt" in err and "nothing written" in err


def _docx_cells(path: Path):
    import docx

    document = docx.Document(str(path))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    return document, cells


@pytest.mark.model
def test_build_with_tiny_model_writes_a_checked_docx(tiny_model_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in INPUTS.iterdir():
        if sample.suffix in {".txt", ".md"}:
            (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "broken.txt").write_bytes(b"")
    out = tmp_path / "brief.docx"
    code = main(
        [
            "build",
            str(folder),
            "--model",
            str(tiny_model_dir),
            "-o",
            str(out),
            "--json",
            "--sentences",
            "3",
            "--no-cache",
            "--beams",
            "2",
            "--threads",
            "1",
            "-q",
        ]
    )
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    data = json.loads(captured.out)
    assert data["output"] == str(out)
    assert len(data["articles"]) == 5
    assert [s["source"] for s in data["skipped"]] == [str(folder / "broken.txt")]

    document, cells = _docx_cells(out)
    cell_texts = [c.text.strip() for c in cells]
    body = "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(cell_texts)
    for article in data["articles"]:
        assert article["metadata"]["title"]
        assert Path(article["source"]).name in body  # attribution names the file
        for sentence in article["sentences"]:
            assert sentence["english"].strip()
            assert sentence["arabic"] in cell_texts  # exactly as cleaned, one cell each
            assert isinstance(sentence["confidence"], float)
            assert set(sentence["reasons"]) == set(sentence["flags"])  # every flag says why
    # The tiny model's English is gibberish: the review flags it.
    assert data["checks"]["flagged"] > 0 and "meaning" in {
        f for a in data["articles"] for s in a["sentences"] for f in s["flags"]
    }
    assert "broken.txt" in body  # skipped sources are listed

    # Paragraphs that begin in Arabic (an English line naming an Arabic outlet stays LTR).
    arabic_paragraphs = [
        p
        for c in cells
        for p in c.paragraphs
        if "\u0600" <= next((ch for ch in p.text if ch.isalpha()), "") <= "\u06ff"
    ]
    assert arabic_paragraphs
    for paragraph in arabic_paragraphs:
        ppr = paragraph._p.pPr
        assert ppr is not None and ppr.find(f"{W_NS}bidi") is not None
        for run in paragraph.runs:
            rpr = run._r.rPr
            assert rpr is not None and rpr.find(f"{W_NS}rtl") is not None
    assert "briefing: wrote" in captured.err


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One translation cache for the tiny-model CLI tests: later builds are cache hits."""
    return tmp_path_factory.mktemp("cache")


@pytest.mark.model
def test_several_formats_and_cached_rebuild_without_torch(tiny_model_dir, shared_cache, tmp_path):
    base = tmp_path / "out" / "brief"
    common = ["--model", str(tiny_model_dir), "--cache-dir", str(shared_cache), "--threads", "1", "-q"]
    formats = ["--format", "docx,md", "--format", "html", "--format", "json"]
    assert main(["build", str(INPUTS), "-o", str(base), *formats, *common]) == EXIT_OK
    written = sorted(p.name for p in base.parent.iterdir())
    assert written == ["brief.docx", "brief.html", "brief.json", "brief.md"]
    data = json.loads((base.parent / "brief.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5

    # Same inputs again, in a fresh process: everything comes from the cache.
    code = (
        "import sys\n"
        "from briefing.cli.main import main\n"
        f"rc = main({['build', str(INPUTS), '-o', str(tmp_path / 'again.docx'), *common]!r})\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "0 []", out.stderr
    assert (tmp_path / "again.docx").is_file()


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    code = main(["build", str(INPUTS), "-o", str(tmp_path / "b"), "--format", "pdf", "-q"])
    assert code == EXIT_USAGE
    assert "pdf" in capsys.readouterr().err


# ------------------------------------------------------------- a CLI without surprises (issue 11)


@pytest.fixture
def fake_model(monkeypatch):
    """`briefing build` translates with FakeTranslator (no model needed)."""
    import briefing.briefer
    from briefing.translation.stage import FakeTranslator

    monkeypatch.setattr(
        briefing.pipeline, "make_translator", lambda settings, **kw: (FakeTranslator(), "fake", "fake")
    )


BAD_OPTIONS = [
    (["--sentences", "0"], "argument --sentences: expected a whole number >= 1, got '0'"),
    (["--sentences", "-3"], "argument --sentences: expected a whole number >= 1, got '-3'"),
    (["--sentences", "three"], "argument --sentences: expected a whole number >= 1, got 'three'"),
    (["--ratio", "2"], "argument --ratio: expected a fraction in (0, 1] such as 0.2, or a percentage"),
    (["--ratio", "0"], "argument --ratio: expected a fraction in (0, 1]"),
    (["--ratio", "150%"], "argument --ratio: expected a fraction in (0, 1]"),
    (["--words", "0"], "argument --words: expected a whole number >= 1, got '0'"),
    (["--summarizer", "bogus"], "argument --summarizer: unknown summarizer 'bogus'; choose one of: "),
    (["--sentences", "2", "--ratio", "0.2"], "argument --ratio: not allowed with argument --sentences"),
]


@pytest.mark.parametrize(("options", "message"), BAD_OPTIONS)
@pytest.mark.parametrize("command", ["build", "summarize"])
def test_usage_errors_exit_2_with_one_wording(command, options, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, str(INPUTS), *options])
    assert exit_info.value.code == EXIT_USAGE
    assert f"briefing {command}: error: {message}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--beams", "0"], "argument --beams: expected a whole number >= 1, got '0'"),
        (["--threads", "0"], "argument --threads: expected a whole number >= 1, got '0'"),
        (["--device", "tpu"], "argument --device: invalid choice: 'tpu'"),
    ],
)
def test_build_only_options_are_usage_errors_too(options, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(INPUTS), *options])
    assert exit_info.value.code == EXIT_USAGE
    assert f"briefing build: error: {message}" in capsys.readouterr().err


def test_a_bad_config_file_is_a_usage_error(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text("[summary]\nsentences = 0\n", encoding="utf-8")
    assert main(["build", str(INPUTS), "--config", str(config), "-q"]) == EXIT_USAGE
    assert "briefing build: error: sentences must be at least 1, got 0" in capsys.readouterr().err


@pytest.mark.parametrize("ratio", ["20%", "0.2", "20 %"])
def test_ratio_as_percentage_in_build_and_summarize(ratio, fake_model, tmp_path, capsys):
    assert main(["summarize", str(INPUTS), "--ratio", ratio, "--json"]) == EXIT_OK
    summaries = json.loads(capsys.readouterr().out)
    out = tmp_path / "b.json"
    assert main(["build", str(INPUTS), "--ratio", ratio, "-o", str(out), "-q", "--no-overview"]) == EXIT_OK
    built = json.loads(out.read_text(encoding="utf-8"))
    # Same length rule in both commands.
    assert [len(s["sentences"]) for s in summaries] == [len(a["sentences"]) for a in built["articles"]]


def test_shared_length_parser():
    import argparse

    from briefing.cli.options import parse_length_option

    assert parse_length_option("ratio", "20%").ratio == pytest.approx(0.2)
    assert parse_length_option("ratio", "1").ratio == 1.0  # the whole article, not 1 sentence
    assert parse_length_option("sentences", "3").sentences == 3
    assert parse_length_option("words", "120").words == 120
    with pytest.raises(argparse.ArgumentTypeError, match="got '20%'"):
        parse_length_option("sentences", "20%")


def test_output_folder_with_slash_or_existing_writes_inside(fake_model, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(INPUTS), "-o", "outputs/", "-q"]) == EXIT_OK
    [written] = (tmp_path / "outputs").iterdir()
    assert written.name.startswith("briefing-") and written.suffix == ".docx"
    assert not (tmp_path / "outputs.docx").exists()

    (tmp_path / "existing").mkdir()
    assert main(["build", str(INPUTS), "-o", "existing", "--format", "md,json", "-q"]) == EXIT_OK
    assert sorted(p.suffix for p in (tmp_path / "existing").iterdir()) == [".json", ".md"]
    assert "briefing: wrote existing/briefing-" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["x.pdf", "x.odt", "brief.txt"])
def test_unknown_output_suffix_is_a_usage_error(name, tmp_path, capsys):
    assert main(["build", str(INPUTS), "-o", str(tmp_path / name), "-q"]) == EXIT_USAGE
    err = capsys.readouterr().err
    suffix = Path(name).suffix
    assert f"briefing build: error: cannot write '{tmp_path / name}': {suffix} is not an output format" in err
    assert not list(tmp_path.iterdir())


def test_a_version_like_suffix_is_part_of_the_name(fake_model, tmp_path):
    assert main(["build", str(INPUTS), "-o", str(tmp_path / "brief.v2"), "-q"]) == EXIT_OK
    assert (tmp_path / "brief.v2.docx").is_file()


@pytest.mark.parametrize("spec", ["models/nope", "./nope", "../nope", "~/nope-briefing-test", "a/b/c"])
def test_a_model_that_looks_like_a_path_is_a_path(spec, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    assert main(["build", str(INPUTS), "--model", spec, "-o", "b.docx", "-q", "--no-cache"]) == EXIT_NOTHING
    err = capsys.readouterr().err
    assert f"briefing: error: --model {spec}: the folder " in err
    assert "does not exist (a value like this names a local model folder; check the path)" in err
    assert "could not download" not in err and "models--" not in err
    assert "briefing models demo models/tiny" in err


def test_download_failure_names_model_path_and_the_demo_model(tmp_path, monkeypatch, capsys):
    import huggingface_hub

    def offline(*args, **kwargs):
        if kwargs.get("local_files_only"):
            raise huggingface_hub.errors.LocalEntryNotFoundError("not cached")
        raise OSError("Name or service not known")

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    assert main(["build", str(INPUTS), "-o", "b.docx", "-q", "--no-cache"]) == EXIT_NOTHING
    err = capsys.readouterr().err
    from briefing.translation.models.resolve import DEFAULT_MODEL

    assert f"could not download '{DEFAULT_MODEL}' (OSError: Name or service not known)" in err
    assert "--model PATH" in err and "briefing models demo models/tiny" in err
    assert err.count("\n") == 1  # one message


def test_core_install_gets_the_extras_message(tmp_path, monkeypatch, capsys):
    import importlib.util

    model = tmp_path / "marian"
    model.mkdir()
    for name in ("config.json", "source.spm", "target.spm", "vocab.json", "model.safetensors"):
        (model / name).write_text("{}")
    real_find_spec = importlib.util.find_spec
    core_only = {"sentencepiece", "transformers", "torch", "ctranslate2"}
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in core_only else real_find_spec(name, *a)
    )
    code = main(["build", str(INPUTS), "--model", str(model), "-o", str(tmp_path / "b.docx"), "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_NOTHING
    assert "needs sentencepiece, transformers, torch, which this install lacks" in err
    assert 'pip install "briefing[marian]"' in err
    assert "ModuleNotFoundError" not in err


def test_ctrl_c_exits_130(monkeypatch, capsys):
    import briefing.briefer

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(briefing.briefer, "build_briefing", interrupted)
    assert main(["build", str(INPUTS), "-q"]) == 130
    assert capsys.readouterr().err == "briefing: interrupted\n"


def _schema_validator():
    jsonschema = pytest.importorskip("jsonschema")
    from briefing.compose.jsonout import schema_text

    return jsonschema.Draft202012Validator(json.loads(schema_text()))


def test_json_with_no_usable_article_validates_against_the_schema(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["build", str(tmp_path), "--json", "-o", str(tmp_path / "b.docx"), "-q"]) == EXIT_NOTHING
    data = json.loads(capsys.readouterr().out)
    _schema_validator().validate(data)
    assert data["articles"] == [] and data["output"] is None
    assert data["skipped"][0]["source"] == str(tmp_path / "empty.txt")


def test_json_of_a_build_validates_against_the_schema(fake_model, tmp_path, capsys):
    assert main(["build", str(INPUTS), "--json", "-o", str(tmp_path / "b.docx"), "-q"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    _schema_validator().validate(data)
    assert len(data["articles"]) == 5


def test_progress_bars_clear_before_the_closing_line(monkeypatch):
    import io

    from briefing.cli.options import ProgressBars, eprint

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "0")
    bars = ProgressBars()
    for done in range(3):
        bars("read", done + 1, 3)
    bars("translate", 0, 10)
    bars("translate", 4, 10)
    bars.close()
    eprint("briefing: wrote out.docx: 3 article(s)")
    text = stream.getvalue()
    assert text.endswith("\rbriefing: wrote out.docx: 3 article(s)\n") or text.endswith(
        "\nbriefing: wrote out.docx: 3 article(s)\n"
    )
    assert "translating" in text and "4/10" in text


def test_translation_progress_moves_in_chunks(monkeypatch):
    import time

    import briefing.translation.stage as translate
    from briefing.translation.stage import FakeTranslator, translate_texts

    class Slow(FakeTranslator):
        def translate_batch(self, texts):
            time.sleep(0.002 * len(texts))
            return super().translate_batch(texts)

    monkeypatch.setattr(translate, "_PROGRESS_SECONDS", 0.02)
    events = []
    texts = [f"جملة رقم {n}" for n in range(60)]
    translator = Slow()
    translate_texts(texts, translator, batch_size=32, progress=lambda *a: events.append(a))
    done = [d for _, d, _ in events]
    assert done == sorted(done) and done[-1] == 60 and events[0] == ("translate", 0, 60)
    assert len(events) >= 6  # many updates, not 0 then 60
    assert max(len(call) for call in translator.calls) <= 32
    # Without a progress display, full batches.
    plain = Slow()
    translate_texts(texts, plain, batch_size=32)
    assert [len(call) for call in plain.calls] == [32, 28]


@pytest.mark.model
def test_quiet_build_prints_only_its_closing_line(tiny_model_dir, tmp_path):
    out = tmp_path / "brief.docx"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "build",
            str(INPUTS / "02-summit-expected-soon.txt"),
            "--model",
            str(tiny_model_dir),
            "-o",
            str(out),
            "--no-cache",
            "--threads",
            "1",
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"briefing: wrote {out}: 1 article(s)"), proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "in"],
        ["summarize", "in"],
        ["batch", "in", "-o", "out"],
    ],
)
def test_every_command_with_a_length_shares_the_parser(argv, capsys):
    from briefing.cli.main import build_parser

    args = build_parser().parse_args([*argv, "--ratio", "20%"])
    assert args.length.ratio == pytest.approx(0.2)
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--ratio", "2"])
    assert exit_info.value.code == EXIT_USAGE
    assert f"briefing {argv[0]}: error: argument --ratio: expected a fraction" in capsys.readouterr().err
