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
