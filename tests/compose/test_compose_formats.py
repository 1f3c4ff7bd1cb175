"""Markdown, HTML and JSON briefings; save() format choice; atomic writes; output paths; schema."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from briefing import cli
from briefing.compose import format_for, labels, marks, outline, output_paths, parse_formats, render, save
from briefing.compose.html import render_html
from briefing.compose.jsonout import SCHEMA_VERSION, from_dict, load_schema, to_dict, to_json
from briefing.compose.markdown import escape_inline, render_markdown
from briefing.errors import ConfigError, OutputExistsError
from briefing.result import BriefingResult
from briefing.types import Citation, KeyPoint, Skipped, TranslatedSentence
from tests.compose_sample import sample_result

HOSTILE = 'A | pipe, *stars*, _under_, [link](x) `code` <script>alert("x")</script> & \\ back'


@pytest.fixture(scope="module")
def result() -> BriefingResult:
    return sample_result(skipped=True)


def _with_hostile_text(result: BriefingResult) -> BriefingResult:
    """The first sentence's English replaced by text full of Markdown and HTML syntax."""
    article = result.articles[0]
    first = dataclasses.replace(article.sentences[0], english=HOSTILE)
    article = dataclasses.replace(article, sentences=(first, *article.sentences[1:]))
    info = dataclasses.replace(result.info, title="Brief <b>bold</b> | *x*")
    return dataclasses.replace(result, info=info, articles=(article, *result.articles[1:]))


# ----------------------------------------------------------------------------- JSON


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("variant", ["full", "no_overview", "empty"])
def test_json_validates_against_shipped_schema(result, variant):
    if variant == "no_overview":
        result = dataclasses.replace(result, overview=None)
    elif variant == "empty":
        result = dataclasses.replace(result, articles=(), overview=None)
    errors = list(_validator().iter_errors(to_dict(result, output="out/b.json")))
    assert errors == []


def test_schema_rejects_a_wrong_shape(result):
    data = to_dict(result)
    data["articles"][0]["sentences"][0]["confidence"] = "high"
    del data["articles"][1]["title_en"]
    assert len(list(_validator().iter_errors(data))) == 2


def test_json_keeps_the_documented_minimum_shape(result):
    data = to_dict(result, output="out/brief.json")
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["output"] == "out/brief.json"
    article = data["articles"][3]
    assert {"id", "source", "metadata", "title_en", "sentences"} <= set(article)
    assert set(article["metadata"]) == {"title", "outlet", "author", "published", "url"}
    assert article["metadata"]["outlet"] == "أشكاين"
    assert article["source_info"]["encoding"] == "utf-8"
    sentence = article["sentences"][0]
    assert {"index", "arabic", "english", "confidence"} <= set(sentence)
    assert sentence["arabic"] == result.articles[3].sentences[0].arabic
    assert data["skipped"] == [{"source": s.source, "reason": s.reason} for s in result.skipped]
    group = data["overview"]["groups"][0]
    assert group["articles"] == [1, 2, 3, 4, 5]
    assert group["key_points"][0]["sources"] == [4, 5]
    assert group["differences"][0]["versions"][1]["sources"] == [5]


@pytest.mark.parametrize("overview", [True, False])
def test_json_round_trip(result, overview):
    if not overview:
        result = dataclasses.replace(result, overview=None)
    data = to_dict(result)
    again = from_dict(json.loads(json.dumps(data)))
    assert to_dict(again) == data
    assert again.articles[0].sentences == result.articles[0].sentences
    assert again.articles[1].sentences[0].flags == ("numbers",)
    assert again.articles[0].source == result.articles[0].source
    assert again.skipped == result.skipped
    if not overview:
        assert again.overview is None
        return
    group, before = again.overview.groups[0], result.overview.groups[0]
    assert (group.statuses, group.notes) == (before.statuses, before.notes)
    assert group.differences[0].kind == "duration"
    assert group.differences[0].versions == before.differences[0].versions
    # Citations the documents derive from the wording are written out, so tools see them too.
    assert group.key_points[0].citations == (Citation(5, 0),)
    assert group.key_points[1] == before.key_points[1]


def test_json_overview_points_carry_citations_confidence_and_flags(result):
    group = to_dict(result)["overview"]["groups"][0]
    assert [p["citations"] for p in group["key_points"]] == [
        [{"article": 5, "index": 0}],
        [{"article": 4, "index": 0}, {"article": 5, "index": 0}],
        [{"article": 3, "index": 1}],
        [{"article": 4, "index": 3}],
    ]
    assert group["key_points"][1]["confidence"] == -1.3
    assert group["key_points"][1]["flags"] == ["low-confidence"]
    difference = group["differences"][0]
    assert difference["kind"] == "duration"
    assert difference["values"] == ["three hours", "لثلاث ساعات", "long hours", "لساعات طويلة"]
    assert difference["versions"][1]["values"] == ["long hours", "لساعات طويلة"]
    assert difference["versions"][1]["flags"] == ["numbers"]
    assert all("confidence" in v for v in difference["versions"])
    assert group["statuses"][0] == {"article": 1, "status": "preview"}
    assert group["notes"] == list(result.overview.groups[0].notes)


def test_the_editors_one_event_is_said_and_kept(result, tmp_path):
    from briefing.compose.outline import build_outline
    from briefing.result import BriefingResult

    given = dataclasses.replace(result, overview=dataclasses.replace(result.overview, one_event=True))
    data = to_dict(given)
    assert data["overview"]["one_event"] is True and to_dict(result)["overview"]["one_event"] is False
    assert BriefingResult.from_dict(data).overview.one_event is True
    (section,) = build_outline(given).overview
    assert "as the editor said (--one-event)" in section.intro("[1]")
    (section,) = build_outline(result).overview
    assert "editor" not in section.intro("[1]")


def test_json_provenance_is_an_object_and_index_is_zero_based(result):
    data = to_dict(result)
    assert data["articles"][3]["source_info"]["provenance"] == {"title": "first line", "outlet": "manifest"}
    first = data["articles"][0]["sentences"][0]
    assert first["index"] == 0 and labels.citation(1, first["index"]) == "[1:1]"
    assert "0-based" in load_schema()["description"]


def test_schema_accepts_keys_added_by_a_minor_version(result):
    data = to_dict(result)
    data["schema_version"] = "2.1"
    data["future"] = 1
    data["info"]["future"] = 1
    data["articles"][0]["future"] = 1
    data["articles"][0]["sentences"][0]["future"] = 1
    data["articles"][0]["metadata"]["future"] = 1
    group = data["overview"]["groups"][0]
    group["future"] = 1
    group["key_points"][0]["future"] = 1
    group["differences"][0]["future"] = 1
    assert list(_validator().iter_errors(data)) == []
    assert from_dict(data).articles[0].sentences[0].index == 0


def test_from_dict_reads_a_1x_file(result):
    data = to_dict(result)
    data["schema_version"] = "1.0"
    for article in data["articles"]:
        article["source_info"]["provenance"] = [list(p) for p in article["source_info"]["provenance"].items()]
    again = from_dict(data)
    assert again.articles[3].source.provenance == (("title", "first line"), ("outlet", "manifest"))


def test_result_methods_delegate(result):
    assert result.to_dict() == to_dict(result)
    assert json.loads(result.to_json()) == to_dict(result)
    assert BriefingResult.from_dict(result.to_dict()).to_dict() == result.to_dict()


def test_json_writes_arabic_unescaped(result):
    text = to_json(result)
    assert result.articles[0].sentences[0].arabic in text


def test_from_dict_refuses_other_major_version(result):
    data = to_dict(result)
    data["schema_version"] = "3.0"
    with pytest.raises(ConfigError, match=r"schema_version '3\.0'.*reads 1\.x and 2\.x"):
        from_dict(data)


def test_from_dict_names_a_missing_key(result):
    data = to_dict(result)
    del data["articles"][0]["sentences"][0]["arabic"]
    with pytest.raises(ConfigError, match="'arabic'"):
        from_dict(data)


def test_cli_schema_prints_the_shipped_schema(capsys):
    assert cli.main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == load_schema()
    assert cli.main(["schema", "--version-only"]) == 0
    assert capsys.readouterr().out.strip() == SCHEMA_VERSION


# ------------------------------------------------------------------------- Markdown


def _md_tables(text: str):
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(text)
    tables, rows, row = [], None, None
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            rows = []
        elif token.type == "table_close":
            tables.append(rows)
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type in ("td_open", "th_open"):
            row.append(tokens[i + 1].content)
    return tables


def _md_article_tables(text: str):
    return _md_tables(text.split("\n## Articles\n")[1].split("\n## Appendix")[0])


def test_markdown_article_tables_pair_sentences(result):
    text = render_markdown(result)
    article_tables = _md_article_tables(text)
    assert len(article_tables) == len(result.articles)
    for table, article in zip(article_tables, result.articles, strict=True):
        assert table[0][:2] == ["Ref.", "English"]
        assert len(table) == len(article.sentences) + 1
        for row, sentence in zip(table[1:], article.sentences, strict=True):
            assert row[0].startswith(escape_inline(labels.citation(article.id, sentence.index)))
            assert row[1].startswith(escape_inline(sentence.english))
            assert row[2] == f"{labels.RLI}{sentence.arabic}{labels.PDI}"


def test_markdown_arabic_column_is_right_aligned_and_rows_are_plain(result):
    text = render_markdown(result)
    separators = [line for line in text.splitlines() if line.startswith("|---")]
    assert separators and all(line == "|---|---|---:|" for line in separators)
    assert not any("<span" in line for line in text.splitlines() if line.startswith("| "))
    rows = [line for line in text.split("\n## Articles\n")[1].splitlines() if line.startswith("| ")]
    # A row is its two sentences and a citation (and a flagged row the note saying why, checked
    # in test_markdown_flagged_rows_say_why): no markup that doubles its length.
    for article in result.articles:
        for sentence in article.sentences:
            row = next(r for r in rows if sentence.arabic in r)
            english, _, rest = row.partition("<br>*Check: ")
            row = english + rest[rest.index("* |") + 1 :] if rest else row
            assert len(row) < len(sentence.arabic) + len(sentence.english) + 80


def test_markdown_marks_arabic_right_to_left(result):
    text = render_markdown(result)
    for article in result.articles:
        assert f'<p dir="rtl" lang="ar"><strong>{outline.arabic_title(article)}</strong></p>' in text
        for sentence in article.sentences:
            assert f"{labels.RLI}{sentence.arabic}{labels.PDI}" in text


def test_markdown_lists_sources_skipped_overview_and_legend(result):
    text = render_markdown(result)
    assert "## Skipped sources" in text
    assert f"**{labels.isolate('inputs/06-scan.txt')}**" in text
    assert "## Overview" in text and "### Where sources differ" in text
    assert "single source" in text
    assert "Low-confidence machine translation" in text
    for mark in (marks.LOW_CONFIDENCE_MARK, marks.flag_mark("numbers")):
        assert f"> {mark} " in text
    assert escape_inline("Written after the event (report): [4], [5]") in text
    assert "**Duration of the talks** — the durations differ" in text
    assert "**long hours**" in text and "**لساعات طويلة**" in text
    assert "which lasted **three hours** behind" in text and "امتدت **لثلاث ساعات** خلف" in text
    for article in result.articles:
        assert f'<a id="source-{article.id}"></a>' in text
    # Technical facts only in the appendix.
    body, appendix = text.split("## Appendix: input files")
    assert "encoding" not in body and "encoding: " in appendix


def test_overview_points_cite_their_wording_in_markdown_and_html(result):
    text = render_markdown(result)
    overview = _md_tables(text.split("## Overview")[1].split("## Articles")[0])
    assert [row[0] for row in overview[0][1:]] == [
        "\\[5:1\\]",
        "\\[4:1\\] \\[5:1\\]",
        "\\[3:2\\]",
        "\\[4:4\\]",
    ]
    english, _, check = overview[0][2][1].partition("<br>")
    assert english.endswith(
        f"{marks.LOW_CONFIDENCE_MARK} — *Sources: \\[4\\] "
        f"{labels.isolate('أشكاين')} · \\[5\\] {labels.isolate('Gulf Daily Digest')}*"
    )
    assert check.startswith(f"*Check: {marks.LOW_CONFIDENCE_MARK} the model's own confidence is low")
    tree = _html_tree(render_html(result))
    refs = tree.xpath("//section[@id='overview']//tbody/tr/td[@class='ref']")
    assert [r.text_content() for r in refs][:2] == ["[5:1]", "[4:1][5:1]"]
    assert refs[0].xpath("./a/@href") == ["#s-5-0"]


def test_markdown_escapes_hostile_text(result):
    text = render_markdown(_with_hostile_text(result))
    assert "<script>" not in text and "<b>" not in text
    first_article = _md_article_tables(text)[0]
    assert len(first_article[1]) == 3  # the pipe did not add a column
    # The table parser consumes the pipe's escape; everything else stays escaped for inline parsing.
    assert first_article[1][1].startswith(escape_inline(HOSTILE).replace("\\|", "|"))
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered and "*stars*" in rendered


def test_escape_inline_escapes_markdown_and_html():
    assert escape_inline("a|b *c* [d] <e> & _f_ `g` \\") == (
        "a\\|b \\*c\\* \\[d\\] &lt;e> &amp; \\_f\\_ \\`g\\` \\\\"
    )
    assert escape_inline("snake_case stays") == "snake_case stays"
    assert escape_inline("two\nlines") == "two lines"


# ----------------------------------------------------------------------------- HTML


def _html_tree(text: str):
    lxml_html = pytest.importorskip("lxml.html")
    return lxml_html.document_fromstring(text)


def test_html_pairs_with_rtl_arabic(result):
    tree = _html_tree(render_html(result))
    articles = tree.xpath("//article")
    assert len(articles) == len(result.articles)
    for element, article in zip(articles, result.articles, strict=True):
        rows = element.xpath(".//tbody/tr")
        assert len(rows) == len(article.sentences)
        for row, sentence in zip(rows, article.sentences, strict=True):
            arabic = row.xpath("./td[@class='ar']")[0]
            assert arabic.get("dir") == "rtl" and arabic.get("lang") == "ar"
            assert arabic.text_content() == sentence.arabic
            cite = row.xpath("./td[@class='ref']/a[@class='cite']")[0]
            assert cite.text_content() == labels.citation(article.id, sentence.index)
            assert cite.get("href") == f"#s-{article.id}-{sentence.index}" == "#" + row.get("id")
            flags = marks.flags_of(sentence.confidence, sentence.flags)
            assert (row.get("class") == "flagged") == bool(flags)
            assert [m.text_content() for m in row.xpath(".//span[@class='flag']")] == [
                marks.flag_mark(f) for f in flags
            ]
    for element in tree.xpath("//*[@lang='ar']"):
        # Right-to-left, unless the text starts in Latin letters (a decoded URL, `BBC News عربي`).
        assert element.get("dir") == ("rtl" if labels.starts_rtl(element.text_content()) else "ltr")
        assert "italic" not in (element.get("style") or "")
    assert tree.xpath("//article/h3")[0].getnext().get("dir") == "rtl"


def test_html_is_self_contained_and_printable(result):
    text = render_html(result)
    tree = _html_tree(text)
    assert not tree.xpath("//script | //link | //img | //iframe | //*[@src]")
    assert "@media print" in text and "table-header-group" in text and "break-inside: avoid" in text
    ids = set(tree.xpath("//@id"))
    targets = {href[1:] for href in tree.xpath("//a/@href") if href.startswith("#")}
    assert targets <= ids


def test_html_lists_parts(result):
    tree = _html_tree(render_html(result))
    assert [s.get("id") for s in tree.xpath("//section")] == [
        "sources",
        "skipped",
        "overview",
        "articles",
        "appendix",
    ]
    skipped = tree.xpath("//section[@id='skipped']")[0].text_content()
    assert all(s.source in skipped and s.reason in skipped for s in result.skipped)
    sources = tree.xpath("//ol[@class='sources']/li")
    assert [li.get("id") for li in sources] == [f"source-{a.id}" for a in result.articles]
    assert "outlet not given" in sources[0].text_content()
    assert "encoding" not in sources[0].text_content()
    assert "encoding: utf-8" in tree.xpath("//section[@id='appendix']")[0].text_content()
    contents = tree.xpath("//nav//li")
    assert contents[3].xpath("./div[@lang='ar']")[0].text_content() == outline.arabic_title(
        result.articles[0]
    )


def test_html_attribution_fields_isolated_and_link_readable(result):
    tree = _html_tree(render_html(result))
    line = tree.xpath("//article[@id='article-3']/p[@class='attribution']")[0]
    bdis = line.xpath(".//bdi")
    assert [b.text_content() for b in bdis] == [
        "وكالة الأنباء العربية",
        "12 August 2025",
        "news.example/الكرملين-يؤكد-التحضيرات?id=7731",
    ]
    assert bdis[0].get("lang") == "ar" and bdis[2].get("dir") == "ltr"
    assert line.xpath(".//a[bdi]/@href") == [result.articles[2].source.url]
    assert not any(ch in line.text_content() for ch in labels.BIDI_CONTROLS)


def test_html_marks_values_and_statuses(result):
    tree = _html_tree(render_html(result))
    marks = [m.text_content() for m in tree.xpath("//section[@id='overview']//mark")]
    assert marks == ["three hours", "لثلاث ساعات", "long hours", "لساعات طويلة"]
    notes = tree.xpath("//section[@id='overview']/ul[@class='notes']/li/text()")
    # Statuses in one line.
    assert (
        notes[0]
        == "Written before the event (preview): [1], [2], [3] · Written after the event (report): [4], [5]"
    )


def test_html_escapes_hostile_text(result):
    text = render_html(_with_hostile_text(result))
    tree = _html_tree(text)
    assert not tree.xpath("//script | //b")
    assert tree.xpath("//title")[0].text_content() == "Brief <b>bold</b> | *x*"
    first_english = tree.xpath("//article//td[@class='en']")[0].text_content()
    assert first_english.startswith(HOSTILE)


# ------------------------------------------------------------------ save and paths


@pytest.mark.parametrize(
    ("name", "fmt", "start"),
    [
        ("b.docx", "docx", b"PK"),
        ("b.md", "md", b"# "),
        ("b.html", "html", b"<!DOCTYPE html>"),
        ("b.json", "json", b"{"),
    ],
)
def test_save_picks_format_from_suffix(result, tmp_path, name, fmt, start):
    path = save(result, tmp_path / name)
    assert path == tmp_path / name
    assert path.read_bytes().startswith(start)
    assert format_for(path) == fmt


def test_save_explicit_format_overrides_suffix(result, tmp_path):
    path = save(result, tmp_path / "brief.txt", format="markdown")
    assert path.read_text(encoding="utf-8").startswith("# ")
    assert json.loads(save(result, tmp_path / "b.out", format="json").read_text())["output"].endswith("b.out")


def test_save_refuses_a_suffix_naming_another_format(result, tmp_path):
    # A Word file called y.md would open as garbage in every program that trusts the name.
    with pytest.raises(ConfigError, match=r"'y\.docx'"):
        save(result, tmp_path / "y.md", format="docx")
    assert not (tmp_path / "y.md").exists()
    assert save(result, tmp_path / "y.htm", format="html").name == "y.htm"  # an alias agrees


def test_save_unknown_suffix_or_format(result, tmp_path):
    with pytest.raises(ConfigError, match=r"cannot tell the output format of .*brief\.pdf"):
        save(result, tmp_path / "brief.pdf")
    with pytest.raises(ConfigError, match="unknown output format 'pdf'; choose from docx, md, html, json"):
        save(result, tmp_path / "brief.docx", format="pdf")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_to_clobber_and_replaces_with_overwrite(result, tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="already exists; pass --overwrite"):
        save(result, target)
    assert target.read_text(encoding="utf-8") == "keep me"
    save(result, target, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_failed_render_leaves_nothing_behind(result, tmp_path):
    target = tmp_path / "brief.docx"
    target.write_bytes(b"old")
    broken = dataclasses.replace(result, articles=(dataclasses.replace(result.articles[0], sentences=None),))
    with pytest.raises(TypeError):
        save(broken, target, overwrite=True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx"]


def test_save_creates_missing_folder(result, tmp_path):
    path = save(result, tmp_path / "new" / "deeper" / "brief.html")
    assert path.is_file()


def test_render_without_writing(result):
    assert render(result, "md").decode("utf-8") == render_markdown(result)
    assert render(result, "docx").startswith(b"PK")


@pytest.mark.parametrize(
    ("base", "formats", "expected"),
    [
        (
            "out/brief",
            ["docx", "md", "html", "json"],
            ["out/brief.docx", "out/brief.md", "out/brief.html", "out/brief.json"],
        ),
        ("out/brief.docx", ["docx", "json"], ["out/brief.docx", "out/brief.json"]),
        ("out/brief.docx", ["md"], ["out/brief.md"]),
        ("out/brief.htm", ["html"], ["out/brief.htm"]),
        ("out/brief.v2", ["docx"], ["out/brief.v2.docx"]),
        ("brief", ["markdown"], ["brief.md"]),
    ],
)
def test_output_paths(base, formats, expected):
    assert output_paths(Path(base), formats) == [Path(p) for p in expected]


def test_output_paths_one_per_format_in_order():
    assert len(output_paths("b", ["docx", "docx"])) == 2


def test_parse_formats():
    assert parse_formats(["docx,md", "json", " HTML ", "md"]) == ["docx", "md", "json", "html"]
    with pytest.raises(ConfigError, match="unknown output format 'pdf'"):
        parse_formats(["docx,pdf"])
    with pytest.raises(ConfigError, match="no output format given"):
        parse_formats([" , "])


def test_empty_briefing_renders_every_format(tmp_path):
    empty = dataclasses.replace(
        sample_result(overview=False),
        articles=(),
        skipped=(Skipped("a.txt", "empty file; nothing to summarize"),),
    )
    for fmt in ("docx", "md", "html", "json"):
        path = save(empty, tmp_path / f"e.{fmt}")
        assert path.stat().st_size > 0
    assert "No article could be used" in (tmp_path / "e.md").read_text(encoding="utf-8")


def test_sentence_without_english_is_labelled(result, tmp_path):
    article = result.articles[0]
    blank = TranslatedSentence(index=0, arabic=article.sentences[0].arabic, english="", score=1.0)
    single = dataclasses.replace(result, articles=(dataclasses.replace(article, sentences=(blank,)),))
    assert "(no translation)" in render_markdown(single)
    assert "(no translation)" in render_html(single)


def test_saved_files_are_not_left_temporary(result, tmp_path):
    for fmt in ("docx", "md", "html", "json"):
        save(result, tmp_path / f"b.{fmt}")
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


@pytest.mark.parametrize(
    ("created", "shown"),
    [
        ("2026-11-24T09:05:00", "24 November 2026, 09:05"),
        ("2026-11-24T09:05:00+00:00", "24 November 2026, 09:05 UTC"),
        ("2026-11-24T09:05:00Z", "24 November 2026, 09:05 UTC"),
        ("2026-11-24T11:05:00+02:00", "24 November 2026, 11:05 UTC+02:00"),
        ("yesterday", "yesterday"),
    ],
)
def test_created_time_shown_with_zone(created, shown):
    assert labels.format_created(created) == shown


def test_date_range_of_articles(result):
    dated = [
        dataclasses.replace(
            a,
            summary=dataclasses.replace(
                a.summary,
                article=dataclasses.replace(
                    a.summary.article, source=dataclasses.replace(a.source, published=p)
                ),
            ),
        )
        for a, p in zip(
            result.articles[:3], ["2025-08-16", "2025-08-14T22:00:00+03:00", "not a date"], strict=True
        )
    ]
    assert labels.date_range(dated) == "14 August 2025 – 16 August 2025"
    assert (
        outline.scope_line(dated, 1)
        == "3 sources, published 14 August 2025 – 16 August 2025; 1 input skipped"
    )
    assert labels.date_range(dated[:1]) == "16 August 2025"
    assert labels.compact_date_range(dated) == "14–16 August 2025"
    assert labels.compact_date_range(result.articles) == "7–16 August 2025"
    undated = [
        dataclasses.replace(
            a,
            summary=dataclasses.replace(
                a.summary,
                article=dataclasses.replace(
                    a.summary.article, source=dataclasses.replace(a.source, published=None)
                ),
            ),
        )
        for a in result.articles
    ]
    assert labels.date_range(undated) is None
    text = render_markdown(dataclasses.replace(result, articles=tuple(dated)))
    assert labels.isolate("16 August 2025") in text and labels.isolate("not a date") in text


def _two_events(result: BriefingResult) -> BriefingResult:
    group = result.overview.groups[0]
    first = dataclasses.replace(group, articles=(1, 2, 3), duplicates=((2, 3),), differences=())
    second = dataclasses.replace(group, articles=(4, 5), key_points=group.key_points[:1])
    return dataclasses.replace(result, overview=dataclasses.replace(result.overview, groups=(first, second)))


def test_a_run_of_copies_is_one_contents_entry(result):
    from briefing.compose.outline import build_outline

    group = result.overview.groups[0]
    ids = [a.id for a in result.articles]
    assert len(ids) >= 5
    copies = dataclasses.replace(group, articles=tuple(ids), duplicates=tuple((1, i) for i in ids[2:]))
    two_copies = dataclasses.replace(group, articles=tuple(ids), duplicates=tuple((1, i) for i in ids[3:]))
    many = build_outline(
        dataclasses.replace(result, overview=dataclasses.replace(result.overview, groups=(copies,)))
    )
    labels = [e.label for e in many.contents if e.part == "article"]
    last = ids[-1]
    assert labels[2] == f"3–{last}. {last - 2} copies of 1, shown there"
    assert len(labels) == 3 and many.contents[-2].number == 1  # leads to the article they copy
    few = build_outline(
        dataclasses.replace(result, overview=dataclasses.replace(result.overview, groups=(two_copies,)))
    )
    labels = [e.label for e in few.contents if e.part == "article"]
    assert len(labels) == len(ids) and labels[3].endswith("a copy of 1, shown there")  # two: listed each


def test_several_events_get_a_section_each(result, tmp_path):
    import docx

    two = _two_events(result)
    document = docx.Document(str(save(two, tmp_path / "two.docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Event 1: sources [1][2][3]" in headings and "Event 2: sources [4][5]" in headings
    notes = [p.text for p in document.paragraphs if p.style.name == "Overview Note"]
    assert any(n.startswith("[3] repeats [2]") for n in notes)
    # The copy keeps its place in the sources list but gets no section; the kept one names it.
    headings2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    sections = [h.split(".")[0] for h in headings2 if not h.startswith("Event")]
    assert sections == ["1", "2", "4", "5"]
    details = [p.text for p in document.paragraphs if p.style.name == "Source Detail"]
    assert "Copy or light rewrite of [2]" in details[2]
    assert "What copies add" not in details[2]  # it adds nothing here
    # A copy with sentences of its own says where they are (never "dropped").
    extra = KeyPoint("جملة لا يذكرها الأصل.", None, (3,))
    first = dataclasses.replace(two.overview.groups[0], copy_extras=(extra,))
    adding = dataclasses.replace(two, overview=dataclasses.replace(two.overview, groups=(first,)))
    document = docx.Document(str(save(adding, tmp_path / "adding.docx")))
    details = [p.text for p in document.paragraphs if p.style.name == "Source Detail"]
    assert "Copy or light rewrite of [2]; what it adds is under \u201cWhat copies add\u201d" in details[2]
    attributions = [p.text for p in document.paragraphs if p.style.name == "Attribution"]
    assert f"Also published by [3] {labels.isolate('وكالة الأنباء العربية')}" in attributions[1]
    assert len(attributions) == 4
    markdown = render_markdown(two)
    assert "### Event 2: sources [\\[4\\]](#source-4)[\\[5\\]](#source-5)" in markdown
    assert "#### Where sources differ" in markdown
    assert "[\\[3\\]](#source-3) repeats [\\[2\\]](#source-2)" in markdown
    assert '<a id="article-3">' not in markdown and "Also published by \\[3\\]" in markdown
    tree = _html_tree(render_html(two))
    assert [h.text_content() for h in tree.xpath("//section[@id='overview']/h3")] == [
        "Event 1: sources [1][2][3]",
        "Event 2: sources [4][5]",
    ]
    assert [a.get("id") for a in tree.xpath("//article")] == [
        "article-1",
        "article-2",
        "article-4",
        "article-5",
    ]
    assert "Copy or light rewrite of [2]" in tree.xpath("//li[@id='source-3']")[0].text_content()
    assert _validator().is_valid(to_dict(two))
    assert to_dict(from_dict(to_dict(two))) == to_dict(two)


def test_cli_build_honours_paper_and_arabic_font(result, tmp_path, monkeypatch):
    import docx
    from docx.oxml.ns import qn

    import briefing.briefer

    monkeypatch.setattr(briefing.briefer, "build_briefing", lambda *args, **kwargs: result)
    out = tmp_path / "brief"
    code = cli.main(
        [
            "build",
            "in.txt",
            "-o",
            str(out),
            "--format",
            "docx,html",
            "--paper",
            "letter",
            "-q",
            "--font-arabic",
            "Sakkal Majalla",
        ]
    )
    assert code == 0
    document = docx.Document(str(tmp_path / "brief.docx"))
    assert abs(document.sections[0].page_width.inches - 8.5) < 0.01
    fonts = {f.get(qn("w:cs")) for f in document.styles.element.iter(qn("w:rFonts")) if f.get(qn("w:cs"))}
    assert fonts == {"Sakkal Majalla"}
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "size: letter" in html and '--arabic: "Sakkal Majalla", "Noto Naskh Arabic"' in html


def test_config_key_chooses_the_arabic_font(result, tmp_path, monkeypatch):
    import docx

    import briefing.briefer

    monkeypatch.setattr(briefing.briefer, "build_briefing", lambda *args, **kwargs: result)
    config = tmp_path / "c.toml"
    config.write_text('[briefing]\nfont_arabic = "Amiri"\n', encoding="utf-8")
    assert cli.main(["build", "in.txt", "-o", str(tmp_path / "b.docx"), "--config", str(config), "-q"]) == 0
    document = docx.Document(str(tmp_path / "b.docx"))
    assert (
        document.styles["Cell Arabic"].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs"
        )
        == "Amiri"
    )
    config.write_text('[briefing]\nfont_arabic = " "\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="font_arabic must be a font name"):
        from briefing.config import load_settings

        load_settings(config)


@pytest.mark.parametrize("empty", [False, True])
def test_cli_build_json_validates(result, tmp_path, monkeypatch, capsys, empty):
    import briefing.briefer

    built = dataclasses.replace(result, articles=(), overview=None) if empty else result
    monkeypatch.setattr(briefing.briefer, "build_briefing", lambda *args, **kwargs: built)
    code = cli.main(["build", "in.txt", "-o", str(tmp_path / "b.md"), "--json", "-q"])
    assert code == (1 if empty else 0)
    data = json.loads(capsys.readouterr().out)
    assert list(_validator().iter_errors(data)) == []
    assert data["output"] == (None if empty else str(tmp_path / "b.md"))


def test_overview_notes_isolate_arabic_names_in_every_visual_format(tmp_path, result):
    # A note naming Arabic places: without isolates the bidi algorithm carries "[1]" and ";"
    # across the Arabic ("[4], [5] in [1] ;ألاسكا / أنكوريدج in ...").
    note = "Sources place the meeting differently: [4], [5] in مدينة الشمال / الميناء; [1] in العاصمة."
    group = dataclasses.replace(result.overview.groups[0], notes=(note,))
    noted = dataclasses.replace(result, overview=dataclasses.replace(result.overview, groups=(group,)))
    isolated = f"{labels.RLI}مدينة الشمال / الميناء{labels.PDI}; [1] in {labels.RLI}العاصمة{labels.PDI}."
    assert labels.isolate_arabic_runs(note).endswith(isolated)
    runs = (f"{labels.RLI}مدينة الشمال / الميناء{labels.PDI}", f"{labels.RLI}العاصمة{labels.PDI}")
    html, markdown = render_html(noted), render_markdown(noted)  # markdown escapes the brackets
    assert all(run in html and run in markdown for run in runs)
    from docx import Document

    path = save(noted, tmp_path / "b.docx")
    assert any(isolated in p.text for p in Document(str(path)).paragraphs)
