"""What a new user tripped on in the command line (issue 24): conflicts, quiet libraries, counts."""

from __future__ import annotations

import pytest

from briefing.cli.main import EXIT_OK, EXIT_USAGE, main
from tests.paths import SAMPLES


@pytest.fixture
def fake_model(monkeypatch):
    """`briefing build` translates with FakeTranslator (no model needed)."""
    import briefing.pipeline
    from briefing.translation.stage import FakeTranslator

    monkeypatch.setattr(
        briefing.pipeline, "make_translator", lambda settings, **kw: (FakeTranslator(), "fake", "fake")
    )


# ------------------------------------------------------------------ -o against --format


@pytest.mark.parametrize(("name", "formats"), [("y.md", "docx"), ("y.docx", "md,html"), ("y.json", "html")])
def test_a_suffix_that_conflicts_with_format_is_a_usage_error(name, formats, tmp_path, capsys):
    target = tmp_path / name
    assert main(["build", str(SAMPLES), "-o", str(target), "--format", formats, "-q"]) == EXIT_USAGE
    err = capsys.readouterr().err
    suffix = target.suffix[1:]
    asked = formats.replace(",", ", ")
    assert f"briefing build: error: -o '{target}' names a .{suffix} file but --format asks for {asked}" in err
    assert not list(tmp_path.iterdir())


def test_a_suffix_among_the_formats_is_kept(fake_model, tmp_path):
    target = tmp_path / "y.md"
    assert main(["build", str(SAMPLES), "-o", str(target), "--format", "md,html", "-q"]) == EXIT_OK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["y.html", "y.md"]


# ------------------------------------------------------------------ one unit, one truth


def test_sizes_are_decimal_megabytes_everywhere() -> None:
    """MB = 10^6 bytes in limits, options, messages and docs (issue 24: "5 MB" vs "5.2 MB")."""
    from briefing.cli.main import build_parser
    from briefing.ingest.readers.base import Limits
    from briefing.serve.settings import ServeConfig
    from tests.paths import ROOT

    assert Limits().text_bytes == 5 * 10**6 and Limits().docx_bytes == 20 * 10**6
    assert ServeConfig().max_request_bytes == 25 * 10**6
    args = build_parser().parse_args(["serve"])
    assert args.max_request_mb == 25
    inputs = (ROOT / "docs" / "inputs.md").read_text(encoding="utf-8")
    assert "| `.txt` / `.md` file | 5 MB |" in inputs


def test_every_compute_type_of_the_help_is_documented() -> None:
    from briefing.config import COMPUTE_TYPES
    from tests.paths import ROOT

    for page in ("cli.md", "translation.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        missing = [kind for kind in COMPUTE_TYPES if f"`{kind}`" not in text]
        assert not missing, f"docs/{page} does not list {missing}"


def test_the_readme_names_the_extra_of_each_command() -> None:
    from tests.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "build --workers" not in readme
    assert "`briefing serve` (extra `serve`" in readme
    assert "`--engine ray` also needs `ray`" in readme
