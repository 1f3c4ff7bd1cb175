"""Reading glossary files: the formats, the matching, and messages that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import GlossaryError
from briefing.glossary import Glossary, Term, load_glossary, merge, resolve_glossary, starter_glossary


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_variants_and_notes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "desk.csv",
        "arabic,english,variants,note\n# a comment\nحزب الله,Hezbollah,,\n"
        "الحوثيون,the Houthis,الحوثي|الحوثيين,\n",
    )
    glossary = load_glossary(path)
    assert [t.english for t in glossary.terms] == ["Hezbollah", "the Houthis"]
    assert glossary.terms[1].variants == ("الحوثي", "الحوثيين")
    assert glossary.terms[0].origin == "desk.csv:3"
    assert glossary.name == "desk.csv"


def test_tsv_and_toml(tmp_path: Path) -> None:
    tsv = load_glossary(_write(tmp_path, "desk.tsv", "حزب الله\tHezbollah\n"))
    toml = load_glossary(
        _write(
            tmp_path,
            "desk.toml",
            '[[term]]\narabic = "حزب الله"\nenglish = "Hezbollah"\nvariants = ["حزب اللّه"]\n\n'
            '[terms]\n"الحوثيون" = "the Houthis"\n',
        )
    )
    assert tsv.terms[0].english == "Hezbollah"
    assert [t.english for t in toml.terms] == ["Hezbollah", "the Houthis"]
    assert toml.terms[1].origin == "desk.toml:7"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "arabic,english\nحزب الله,\n", r"a\.csv:2: 'حزب الله' has no English"),
        (
            "a.csv",
            "Hezbollah,حزب الله\n",
            r"a\.csv:1: the English 'حزب الله' holds Arabic letters; are the columns swapped",
        ),
        ("a.csv", "حزب الله\n", r"a\.csv:1: a row needs at least two cells"),
        ("a.csv", "أمل,Amal\nامل,hope\n", r"a\.csv:2: 'امل' is rendered 'hope' here but 'Amal' on line 1"),
        ("a.toml", '[[term]]\narabic = "أمل"\nenglsh = "Amal"\n', r"a\.toml:1: unknown key\(s\) englsh"),
        ("a.toml", "[[term]\n", r"a\.toml: not valid TOML"),
        ("a.json", "{}", r"unknown kind '\.json'"),
        ("a.csv", "arabic,english\n", r"holds no terms"),
    ],
)
def test_bad_files_are_named_with_their_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        load_glossary(_write(tmp_path, name, text))


def test_bytes_that_are_not_utf8_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cp1256.csv"
    path.write_bytes(b"arabic,english\n" + "أمل,Amal\n".encode("cp1256"))
    with pytest.raises(GlossaryError, match=r"cp1256\.csv:2: not UTF-8"):
        load_glossary(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"glossary file .*nope\.csv does not exist"):
        load_glossary(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "text",
    [
        "وقال حزب الله",  # conjunction on the word before
        "وأعلن لحزب الله",  # preposition
        "فحزبُ اللهِ",  # conjunction and diacritics
    ],
)
def test_terms_are_found_through_clitics_and_diacritics(text: str) -> None:
    glossary = Glossary((Term("حزب الله", "Hezbollah"),))
    hits = glossary.find(text)
    assert [h.term.english for h in hits] == ["Hezbollah"]
    assert text[hits[0].start : hits[0].end] == hits[0].surface


def test_hamza_alef_and_taa_marbuta_variants_match() -> None:
    glossary = Glossary((Term("الأمم المتحدة", "United Nations"), Term("إسرائيل", "Israel")))
    assert [h.term.english for h in glossary.find("قالت الامم المتحده إن اسرائيل")] == [
        "United Nations",
        "Israel",
    ]


def test_the_desk_list_overrides_the_starter_list() -> None:
    starter = Glossary((Term("مصر", "Egypt"), Term("القاهرة", "Cairo")), name="CLDR places")
    desk = Glossary((Term("القاهره", "Cairo city"),), name="desk.csv")
    merged = merge([starter, desk])
    assert [t.english for t in merged.terms] == ["Egypt", "Cairo city"]
    assert merged.name == "CLDR places + desk.csv"
    assert merged.digest != starter.digest


def test_starter_list_has_countries_and_capitals_but_no_homonyms() -> None:
    starter = starter_glossary()
    found = {h.term.english for h in starter.find("زار الرئيس القاهرة والرياض وبغداد ثم مصر والعراق")}
    assert found == {"Cairo", "Riyadh", "Baghdad", "Egypt", "Iraq"}
    # عمان is Oman and Amman once normalised: a renderer must not pick one.
    assert starter.find("وصل إلى عمان") == []
    assert all(" - " not in t.english and "(" not in t.english for t in starter.terms)
    assert all(t.english != "world" for t in starter.terms)


def test_resolve_combines_as_asked(tmp_path: Path) -> None:
    path = _write(tmp_path, "desk.csv", "أمل,Amal\n")
    assert resolve_glossary(None, defaults=False) is None
    assert resolve_glossary(path, defaults=False).name == "desk.csv"  # type: ignore[union-attr]
    both = resolve_glossary(path)
    assert both is not None and both.sources == ("CLDR places", "desk.csv")
