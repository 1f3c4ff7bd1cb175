"""Ingest: discover (files, folders, manifests, symlinks) and the txt/md readers, encodings, limits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefing.errors import (
    DecodingError,
    EmptyArticleError,
    InputError,
    InputTooLargeError,
    MetadataError,
    UnsupportedFormatError,
)
from briefing.ingest.discover import discover
from briefing.ingest.inputs import InputFile, display_path, skip_reason
from briefing.ingest.manifest import read_manifest
from briefing.ingest.read import ingest
from briefing.ingest.readers import Limits
from briefing.ingest.readers.meta import MetadataBuilder, normalize_date
from tests import paths
from tests.paths import SAMPLES

DATA = paths.DATA / "ingest"
HARVEST_TITLE = "موسم قمح قياسي في سهل الغاب رغم شح الأمطار"
ARTICLE = "افتتحت وزارة الصحة مستشفى جديداً للأطفال في المدينة القديمة بسعة 120 سريراً.\n"


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def text_of(article) -> str:
    return "\n".join(block.text for block in article.blocks if block.text)


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("name", "encoding", "origin"),
    [
        ("harvest-utf8-bom.txt", "utf-8-sig", "bom"),
        ("harvest-utf16.txt", "utf-16", "bom"),
        ("harvest-cp1256.txt", "cp1256", "charset-normalizer"),
        ("harvest-iso8859-6.txt", "iso8859-6", "charset-normalizer"),
        ("harvest-mojibake.txt", "utf-8", "strict-utf-8+mojibake-repaired"),
        ("harvest-mojibake-cp1256.txt", "utf-8", "strict-utf-8+mojibake-repaired"),
    ],
)
def test_encodings_are_detected_and_recorded(name: str, encoding: str, origin: str) -> None:
    article = ingest(DATA / name)
    reference = (DATA / "harvest-utf8-bom.txt").read_text(encoding="utf-8-sig")
    assert article.source.encoding == encoding
    assert ("encoding", origin) in article.source.provenance
    assert article.blocks[0].text == HARVEST_TITLE
    assert text_of(article) == "\n".join(line.strip() for line in reference.splitlines() if line.strip())


def test_plain_utf8_is_recorded_as_utf8(tmp_path: Path) -> None:
    article = ingest(write(tmp_path / "a.txt"))
    assert article.source.encoding == "utf-8"
    assert article.source.format == "txt"


def test_binary_file_is_a_decoding_error() -> None:
    with pytest.raises(DecodingError, match=r"binary\.txt: .*UTF-8"):
        ingest(DATA / "binary.txt")


def test_nul_bytes_without_bom_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00\x01\x02\x03\xff\xfe\x00" * 50)
    with pytest.raises(DecodingError, match=r"nul\.txt"):
        ingest(path)


def test_broken_bom_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad-bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "نص".encode() + b"\xff\xfe\xfa")
    with pytest.raises(DecodingError, match="byte-order mark"):
        ingest(path)


@pytest.mark.parametrize("name", ["empty.txt", "whitespace.txt"])
def test_empty_and_blank_files(name: str) -> None:
    with pytest.raises(EmptyArticleError, match=name):
        ingest(DATA / name)


# ------------------------------------------------------------------ txt and md


def test_txt_lines_become_line_blocks_with_blank_lines_kept(tmp_path: Path) -> None:
    article = ingest(write(tmp_path / "a.txt", "عنوان\n\nفقرة أولى.\r\nفقرة ثانية.\n"))
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("line", "عنوان"),
        ("line", ""),
        ("line", "فقرة أولى."),
        ("line", "فقرة ثانية."),
    ]


def test_markdown_front_matter_metadata_and_provenance() -> None:
    article = ingest(DATA / "front-matter.md")
    source = article.source
    assert source.title == "افتتاح أطول جسر معلق في المنطقة"
    assert source.outlet == "جريدة المساء"
    assert source.author == "ليلى حداد, كريم ناصر"
    assert source.published == "2024-11-03"
    assert source.url == "https://almasaa.example/2024/11/bridge"
    assert dict(source.provenance)["title"] == "front-matter"
    assert not any("---" in block.text or "tags:" in block.text for block in article.blocks[:3])
    assert article.blocks[0].text == "# افتتاح أطول جسر معلق في المنطقة"


def test_front_matter_with_datetime_and_url_source(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.md",
        "---\nTitle: خبر\nsource: https://example.com/a\npublished: 2025-08-16T10:30:00+03:00\n---\n"
        + ARTICLE,
    )
    source = ingest(path).source
    assert source.title == "خبر"
    assert source.url == "https://example.com/a"
    assert source.outlet is None
    assert source.published == "2025-08-16T10:30:00+03:00"


def test_invalid_front_matter_is_a_metadata_error() -> None:
    with pytest.raises(MetadataError, match=r"bad-front-matter\.md: the front matter .* not valid YAML"):
        ingest(DATA / "bad-front-matter.md")


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match="not 'key: value' lines"):
        ingest(write(tmp_path / "a.md", "---\n- a\n- b\n---\n" + ARTICLE))


def test_unclosed_front_matter_is_text(tmp_path: Path) -> None:
    article = ingest(write(tmp_path / "a.md", "---\n" + ARTICLE))
    assert article.source.title is None
    assert article.blocks[0].text == "---"


# ------------------------------------------------------------------ limits and odd files


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputTooLargeError, match=r"big\.html: 52\.4 MB, over the 10\.0 MB limit for \.html"):
        ingest(path)


def test_limits_are_configurable_and_checked(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt")
    with pytest.raises(InputTooLargeError, match="split it"):
        ingest(path, limits=Limits(text_bytes=20))
    with pytest.raises(ValueError, match="text_bytes"):
        Limits(text_bytes=0)


def test_400_kb_article_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", ARTICLE * 3000)
    assert path.stat().st_size > 400_000
    assert len(ingest(path).blocks) == 3000


@pytest.mark.parametrize("name", ["report.pdf", "notes", "sheet.xlsx"])
def test_unsupported_suffix(tmp_path: Path, name: str) -> None:
    with pytest.raises(
        UnsupportedFormatError, match=r"unsupported format .*briefing reads \.docx \.htm \.html"
    ):
        ingest(write(tmp_path / name))


@pytest.mark.parametrize("name", ["خبر عاجل.txt", "a b (copy) #1.txt", "ügly;name'$.md"])
def test_odd_file_names(tmp_path: Path, name: str) -> None:
    article = ingest(write(tmp_path / name))
    assert article.source.path.endswith(name)


def test_display_path_replaces_controls_and_undecodable_bytes() -> None:
    assert display_path("a\nb.txt") == "a?b.txt"
    assert display_path(os.fsdecode(b"caf\xe9.txt")) == "caf\ufffd.txt"


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest(tmp_path / "nope.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        ingest(tmp_path / "dir.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        ingest(fifo)
    files, skipped = discover([tmp_path])
    assert files == []
    assert "not a regular file" in skipped[0].reason


# ------------------------------------------------------------------ discover


def test_discover_sorts_folders_recursively_and_reports_unsupported(tmp_path: Path) -> None:
    write(tmp_path / "b.txt")
    write(tmp_path / "a.md")
    write(tmp_path / "sub" / "c.html", "<p>نص</p>")
    write(tmp_path / ".hidden.txt")
    write(tmp_path / ".git" / "x.txt")
    write(tmp_path / "~$lock.docx")
    write(tmp_path / "scan.pdf")
    files, skipped = discover([tmp_path])
    assert [item.path.relative_to(tmp_path).as_posix() for item in files] == ["a.md", "b.txt", "sub/c.html"]
    assert [(Path(item.source).name, "unsupported format .pdf" in item.reason) for item in skipped] == [
        ("scan.pdf", True)
    ]


@pytest.mark.parametrize(
    ("page", "assets"),
    [
        ("story.html", "story_files"),  # Chrome, Firefox, Edge
        ("Story.htm", "Story-Dateien"),  # a German browser
        ("قصة الخبر.html", "قصة الخبر_fichiers"),  # a French one, an Arabic file name
    ],
)
def test_a_saved_pages_asset_folder_is_part_of_the_page(
    tmp_path: Path, page: str, assets: str, caplog: pytest.LogCaptureFixture
) -> None:
    # "Save complete page" puts scripts, styles, images and ad frames (.html) beside the page.
    write(tmp_path / page, "<p>نص</p>")
    for name in ("app.js", "site.css", "logo.png", "ad-frame.html", "sub/frame.htm"):
        write(tmp_path / assets / name, "x")
    write(tmp_path / "other_files" / "kept.txt")  # no `other.html` beside it: an ordinary folder
    caplog.set_level("INFO", logger="briefing.ingest.discover")
    files, skipped = discover([tmp_path])
    assert sorted(item.path.relative_to(tmp_path).as_posix() for item in files) == sorted(
        ["other_files/kept.txt", page]
    )
    assert skipped == []
    assert [record.getMessage().count(assets) for record in caplog.records] == [1]


def test_discover_keeps_argument_order_and_deduplicates(tmp_path: Path) -> None:
    a, b = write(tmp_path / "a.txt"), write(tmp_path / "b.txt")
    files, skipped = discover([b, tmp_path, a, str(a)])
    assert [item.path.name for item in files] == ["b.txt", "a.txt"]
    assert skipped == []


def test_discover_reports_missing_inputs(tmp_path: Path) -> None:
    files, skipped = discover([tmp_path / "missing.txt"])
    assert files == []
    assert skipped[0].reason.startswith("no such file")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_in_folders(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.txt")
    folder = tmp_path / "in"
    target = write(folder / "real.txt")
    (folder / "inside-link.txt").symlink_to(target)
    (folder / "outside-link.txt").symlink_to(outside)
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    files, skipped = discover([folder])
    assert [item.path.resolve() for item in files] == [target.resolve()]  # link and target: one file
    reasons = {Path(item.source).name: item.reason for item in skipped}
    assert "outside the folder" in reasons["outside-link.txt"]
    assert "broken symbolic link" in reasons["broken.txt"]
    assert "loop" not in reasons
    # A link given explicitly is the user's choice and is followed.
    explicit, _ = discover([folder / "outside-link.txt"])
    assert ingest(explicit[0]).blocks


def test_thousands_of_files(tmp_path: Path) -> None:
    for number in range(3000):
        (tmp_path / f"{number:05d}.txt").write_bytes(b"x")
    files, skipped = discover([tmp_path])
    assert len(files) == 3000 and not skipped
    assert files[0].path.name == "00000.txt" and files[-1].path.name == "02999.txt"


# ------------------------------------------------------------------ manifests


def test_folder_manifest_csv_overrides_metadata(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\ntitle: من الملف\n---\n" + ARTICLE)
    write(tmp_path / "b.txt")
    (tmp_path / "manifest.csv").write_text(
        "file,title,outlet,published,url\n"
        "a.md,من البيان,جريدة المساء,16/08/2025,https://example.com/a\n"
        "b.txt,,وكالة الأنباء,,\n",
        encoding="utf-8-sig",  # as Excel writes "CSV UTF-8"
    )
    files, skipped = discover([tmp_path])
    assert skipped == []
    assert [item.path.name for item in files] == ["a.md", "b.txt"]
    first = ingest(files[0]).source
    assert (first.title, first.outlet, first.published, first.url) == (
        "من البيان",
        "جريدة المساء",
        "2025-08-16",
        "https://example.com/a",
    )
    assert dict(first.provenance)["title"] == "manifest"
    assert ingest(files[1]).source.outlet == "وكالة الأنباء"


def test_explicit_jsonl_manifest_selects_its_files(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt")
    write(tmp_path / "unlisted.txt")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        '{"file": "sub/a.txt", "source": "رويترز", "date": "2025-08-16"}\n\n{"path": "missing.txt"}\n',
        encoding="utf-8",
    )
    files, skipped = discover([manifest])
    assert [item.path.name for item in files] == ["a.txt"]
    assert files[0].overrides == (("outlet", "رويترز"), ("published", "2025-08-16"))
    assert "listed in" in skipped[0].reason and "missing.txt" in skipped[0].source


def test_manifest_entry_missing_from_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    (tmp_path / "manifest.csv").write_text("file,title\na.txt,عنوان\nghost.txt,شبح\n", encoding="utf-8")
    files, skipped = discover([tmp_path])
    assert len(files) == 1
    assert [Path(item.source).name for item in skipped] == ["ghost.txt"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("file,titel\na.txt,x\n", "unknown column.*'titel'"),
        ("title\nx\n", "no 'file' column"),
        ("file,title\n../escape.txt,x\n", "outside the manifest's folder"),
        ("file,title\n,x\n", "line 2 has no file name"),
    ],
)
def test_bad_csv_manifest(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError, match=message):
        read_manifest(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"file": "a.txt"\n', "line 1 is not valid JSON"), ('["a.txt"]\n', "line 1 is not a JSON object")],
)
def test_bad_jsonl_manifest(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError, match=message):
        read_manifest(path)


def test_bad_folder_manifest_is_skipped_and_files_still_found(tmp_path: Path) -> None:
    write(tmp_path / "a.txt")
    (tmp_path / "manifest.csv").write_bytes(b"file,title\na.txt,\xff\xfe\n")
    files, skipped = discover([tmp_path])
    assert [item.path.name for item in files] == ["a.txt"]
    assert "not UTF-8" in skipped[0].reason


def test_manifest_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text("file\n", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="manifest"):
        ingest(path)


def test_sample_inputs_manifest() -> None:
    inputs = SAMPLES
    files, skipped = discover([inputs])
    assert skipped == []
    assert all(item.path.suffix in (".md", ".txt") for item in files)
    alaska = next(item for item in files if item.path.name.startswith("04-"))
    assert ingest(alaska).source.outlet == "أشكاين (Achkayen)"


def test_input_file_accepts_paths_and_strings(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt")
    assert ingest(str(path)).source == ingest(InputFile(path)).source


# ------------------------------------------------------------------ dates and metadata


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-16", "2025-08-16"),
        ("2025-08-16T10:30:00Z", "2025-08-16T10:30:00+00:00"),
        ("2025-08-16T10:30:00.123+03:00", "2025-08-16T10:30:00+03:00"),
        ("Sat, 16 Aug 2025 10:30:00 GMT", "2025-08-16T10:30:00+00:00"),
        ("16/08/2025", "2025-08-16"),
        ("2025/8/16", "2025-08-16"),
        ("16.08.2025 10:30", "2025-08-16T10:30:00"),
        ("١٦/٠٨/٢٠٢٥", "2025-08-16"),
        ("16 أغسطس 2025", "2025-08-16"),
        ("السبت 16 آب 2025", "2025-08-16"),
        ("16 تشرين الأول 2024", "2024-10-16"),
        ("August 16, 2025", "2025-08-16"),
        ("Aug 16th 2025", "2025-08-16"),
        ("08/16/2025", None),  # month-first is not guessed
        ("أمس", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_metadata_builder_first_origin_wins_and_rejects_unknown_fields() -> None:
    meta = MetadataBuilder()
    assert meta.add("title", "  أول  عنوان ", "manifest")
    assert not meta.add("title", "ثان", "front-matter")
    assert not meta.add("published", "not a date", "front-matter")
    meta.note("encoding", "bom")
    assert meta.values == {"title": "أول عنوان"}
    assert meta.provenance() == (("title", "manifest"), ("encoding", "bom"))
    with pytest.raises(ValueError, match="unknown metadata field"):
        meta.add("subtitle", "x", "manifest")


def test_shutil_copy_keeps_fixture_files_intact(tmp_path: Path) -> None:
    # The committed encoded fixtures must stay byte-exact (no editor re-encoding them).
    copy = tmp_path / "c.txt"
    shutil.copy(DATA / "harvest-cp1256.txt", copy)
    assert copy.read_bytes()[:4] == "موسم".encode("cp1256")


def test_skip_reason_drops_the_leading_file_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyArticleError) as caught:
        ingest(path)
    assert (
        skip_reason(caught.value, str(path)) == "the file is empty (0 bytes); check the export or remove it"
    )
    assert skip_reason(InputError("other: x"), str(path)) == "other: x"
