"""One date parser for readers, clean and composers: full dates only, never a padded year."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.compose import labels
from briefing.ingest.readers import meta
from briefing.text.dates import normalize_date, parse_date, parse_dateline, search_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", None),  # a year alone is not padded to 1 January
        ("2025-03", None),
        ("© 2024", None),
        ("20 مارس 2025 02:05 م", "2025-03-20T14:05:00"),
        ("20 مارس 2025 11:40 ص", "2025-03-20T11:40:00"),
        ("2 أبريل/ نيسان 2025", "2025-04-02"),
        ("Mar 20, 2025 at 2:05 pm", "2025-03-20T14:05:00"),
        # Tunisia and Algeria (French-derived names), Morocco, both Levantine forms.
        ("12 جانفي 2020", "2020-01-12"),
        ("2 فيفري 2015", "2015-02-02"),
        ("3 أفريل 2021", "2021-04-03"),
        ("9 ماي 2017", "2017-05-09"),
        ("10 جوان 2016", "2016-06-10"),
        ("5 جويلية 2019", "2019-07-05"),
        ("1 أوت 2018", "2018-08-01"),
        ("13 غشت 2019", "2019-08-13"),
        ("4 دجنبر 2019", "2019-12-04"),
        ("28 آب/اغسطس 2013", "2013-08-28"),
        ("28 أغسطس/ آب 2013", "2013-08-28"),
        ("28 آب (أغسطس) 2013", "2013-08-28"),
        ("28 آب - أغسطس 2013", "2013-08-28"),
        ("28 تشرين الأول/أكتوبر 2013", "2013-10-28"),
        ("28 - 08 - 2013", "2013-08-28"),
        ("12 جويلية 2019 على الساعة 10:30", "2019-07-12T10:30:00"),
        # Numeric stamps as bylines write them.
        ("28/08/2013 - 10:30", "2013-08-28T10:30:00"),
        ("28-08-2013 | 10:30 م", "2013-08-28T22:30:00"),
    ],
)
def test_normalize_date_reads_full_dates_only(value: str, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("الخميس، 20 مارس 2025 02:05 م", "2025-03-20T14:05:00"),
        ("نشر في: الأحد 16 آب 2025", "2025-08-16"),
        ("Published on 16/08/2025", "2025-08-16"),
        ("الجمعة 16 أغسطس 2025 | 10:30", "2025-08-16T10:30:00"),
        ("منذ 3 ساعات", None),
        ("قال الوزير في 16 أغسطس 2025 إن الخطة جاهزة", None),
    ],
)
def test_parse_dateline(line: str, expected: str | None) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected", "found"),
    [
        ("كتب: سامي الحسن | 28 آب/اغسطس 2013 - 10:30", "2013-08-28T10:30:00", "28 آب/اغسطس 2013 - 10:30"),
        ("بقلم ليلى حداد ١٢ جانفي ٢٠٢٠", "2020-01-12", "١٢ جانفي ٢٠٢٠"),
        ("By Jane Doe, Aug 16, 2025 at 2:05 pm", "2025-08-16T14:05:00", "Aug 16, 2025 at 2:05 pm"),
        ("سامي الحسن - 28/08/2013 10:30", "2013-08-28T10:30:00", "28/08/2013 10:30"),
        ("تقرير: منى سالم - 28 تشرين الأول/أكتوبر 2013", "2013-10-28", "28 تشرين الأول/أكتوبر 2013"),
        ("كتب محمد علي 2013", None, None),  # a year is not a date
        ("3 - 4 مرات في 2025", None, None),
        ("عدد 12 من 40 عاما", None, None),
    ],
)
def test_search_date_finds_a_stamp_inside_a_byline(
    line: str, expected: str | None, found: str | None
) -> None:
    match = search_date(line)
    result = (match.iso, line[match.start : match.end]) if match else (None, None)
    assert result == (expected, found)


def test_parse_date_reads_what_normalize_date_writes() -> None:
    assert parse_date(normalize_date("الخميس، 20 مارس 2025 02:05 م")) == dt.date(2025, 3, 20)
    assert parse_date("2025-08-16T10:30:00+03:00") == dt.date(2025, 8, 16)
    assert parse_date("not a date") is None
    assert parse_date(None) is None


def test_readers_and_composers_share_the_parser() -> None:
    assert meta.normalize_date is normalize_date
    assert labels.parse_date is parse_date
