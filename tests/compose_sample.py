"""A hand-built ``BriefingResult`` from the five sample articles, for compose tests.

The articles are read from ``tests/data/samples`` (the tests' copies of ``inputs/``; the result
names them ``inputs/...``). The Arabic sentences are copied from them exactly (cleaned text);
their positions are those of a plain split on sentence punctuation. The English is a human
translation written for this sample, so that the layout can be judged on real English line
lengths (no model can be downloaded here, and the tiny test model writes random tokens).
Confidence values are made up to show one low-confidence mark.
Run ``python -m tests.compose_sample OUT_DIR [--pipeline]`` to write the sample briefing in every
format; with ``--pipeline`` the real pipeline reads, cleans, summarizes and groups the sample
copies and only the translation comes from here (the README picture).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from briefing.result import BriefingResult
from briefing.types import (
    BriefingInfo,
    Citation,
    CleanArticle,
    Difference,
    EventGroup,
    KeyPoint,
    Overview,
    OverviewVersion,
    ScoredSentence,
    Skipped,
    SourceRef,
    Summary,
    TranslatedSentence,
    TranslatedSummary,
)
from tests.paths import ROOT, SAMPLES

INPUTS = SAMPLES

# (file, English title, total sentences, outlet, [(index, english, confidence)])
_SAMPLE = [
    (
        "01-kremlin-putin-trump-summit.md",
        "Kremlin: the Putin–Trump summit",
        27,
        None,
        [
            (
                0,
                "The summit that brought together Russian President Vladimir Putin and US President "
                "Donald Trump in the Kremlin is considered one of the most prominent political events "
                "of recent years.",
                -0.31,
            ),
            (
                1,
                "As the summit was the focus of the world's attention, it raised many questions about "
                "Russian-American relations and the future of cooperation between the two superpowers.",
                -0.42,
            ),
            (
                2,
                "On the other hand, the summit comes at a highly sensitive time, as relations between "
                "the United States and Russia were witnessing growing tension.",
                -0.38,
            ),
        ],
    ),
    (
        "02-summit-expected-soon.txt",
        "A Putin–Trump summit on Ukraine expected soon!",
        22,
        None,
        [
            (
                0,
                "Amid growing international interest, a summit between Russian President Vladimir Putin "
                "and US President Donald Trump is likely to be held within two weeks or so, as efforts "
                "accelerate to set the exact timing and the mechanisms of the negotiations.",
                -0.47,
            ),
            (
                1,
                "The meeting comes amid global tensions, especially with the ongoing war in Ukraine, and "
                "coincides with another meeting between Trump and Ukrainian President Volodymyr Zelensky.",
                -0.36,
            ),
            (
                4,
                "Kremlin spokesman Dmitry Peskov stressed the efforts being made to settle outstanding "
                "issues before the meeting, with Russian Foreign Minister Sergei Lavrov holding phone "
                "calls and meetings with his US counterpart Marco Rubio.",
                -0.52,
            ),
        ],
    ),
    (
        "03-kremlin-confirms-preparations.txt",
        "Exclusive: the Kremlin confirms a Putin–Trump meeting soon, preparations under way",
        27,
        None,
        [
            (
                0,
                "Russian-American relations continue to draw global attention because of their "
                "historical ups and downs, and recent statements from the Kremlin point to promising "
                "moves towards a summit between Russian President Vladimir Putin and his US counterpart "
                "Donald Trump.",
                -0.44,
            ),
            (
                1,
                "The Russian presidential spokesman, Dmitry Peskov, confirmed that planning for the "
                "meeting is continuing, saying that the two leaders had clearly expressed their "
                "political will for bilateral cooperation despite the challenges.",
                -0.39,
            ),
            (
                5,
                "The previous telephone summit, which lasted two and a half hours, was an important step "
                "towards building a deeper and positive dialogue.",
                -1.35,
            ),
        ],
    ),
    (
        "04-alaska-three-hour-talks.txt",
        "Trump–Putin summit: three hours of negotiations revive hopes for peace in Ukraine",
        18,
        "أشكاين",
        [
            (
                0,
                "The American city of Alaska yesterday, Friday, hosted a lengthy summit between Russian "
                "President Vladimir Putin and his US counterpart Donald Trump, which lasted three hours "
                "behind closed doors, in an attempt to find a way out of one of the bloodiest conflicts "
                "in Europe in eight decades.",
                -0.58,
            ),
            (
                1,
                "The Kremlin announced early on Saturday the end of the closed meeting, before the two "
                "presidents came out to a joint press conference under the slogan “Pursuing Peace”, in "
                "a scene that brought them together in front of the Russian and American flags.",
                -0.49,
            ),
            (
                3,
                "Russian President Vladimir Putin said after the summit that an “understanding” had been "
                "reached with Trump that could open the way to a peaceful settlement in Ukraine.",
                -0.33,
            ),
            (
                5,
                "“We hope that the understanding we have reached will pave the way to peace in Ukraine, "
                "and become a starting point not only for resolving the Ukrainian crisis but also for "
                "restoring practical relations between Russia and the United States.”",
                -0.41,
            ),
        ],
    ),
    (
        "05-alaska-summit-key-points.txt",
        "What came out of the Trump–Putin summit in Alaska 2025: the main agreements and points",
        46,
        None,
        [
            (
                0,
                "US President Donald Trump and his Russian counterpart Vladimir Putin met in a historic "
                "summit in Anchorage, Alaska, to discuss ways to end the war in Ukraine.",
                -0.29,
            ),
            (
                3,
                "On Friday evening, the city of Anchorage in the state of Alaska hosted a summit bringing "
                "together US President Donald Trump and Russian President Vladimir Putin.",
                -0.35,
            ),
            (
                4,
                "The meeting, which lasted for long hours, focused on finding solutions to end the war in "
                "Ukraine and rebuilding economic relations between the two countries.",
                -0.4,
            ),
        ],
    ),
]


def _lines(path: Path) -> list[str]:
    """Non-empty lines without the scrape noise the cleaner removes (copyright, share prompt)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and "©" not in line and "Share this" not in line]


def _sentences(path: Path) -> tuple[str, list[str]]:
    """The title and the body sentences of a sample, split on sentence punctuation."""
    import re

    lines = _lines(path)
    title = lines[0].lstrip("# ").strip()
    body = [line for line in lines[1:] if not line.startswith("#") and line != title]
    sentences: list[str] = []
    for line in body:
        sentences.extend(s for s in re.split(r"(?<=[.!؟?])\s+", line) if s.strip())
    return title, sentences


# Attribution written for this sample (invented outlets and bylines, not the samples' own): an
# Arabic outlet and author next to an English date is the case bidi tears apart; article 1 has
# no outlet ("outlet not given"), article 3 a percent-encoded Arabic URL as sites publish them.
# file -> (outlet, author, published, url)
_METADATA: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "01-kremlin-putin-trump-summit.md": (None, None, "2025-08-07", None),
    "02-summit-expected-soon.txt": (
        "صحيفة المساء",
        "سامر خليل",
        "2025-08-10",
        "https://news.example/world/2025/08/10/summit-expected",
    ),
    "03-kremlin-confirms-preparations.txt": (
        "وكالة الأنباء العربية",
        None,
        "2025-08-12",
        "https://news.example/%D8%A7%D9%84%D9%83%D8%B1%D9%85%D9%84%D9%8A%D9%86-"
        "%D9%8A%D8%A4%D9%83%D8%AF-%D8%A7%D9%84%D8%AA%D8%AD%D8%B6%D9%8A%D8%B1%D8%A7%D8%AA?id=7731",
    ),
    "04-alaska-three-hour-talks.txt": (None, "هالة منصور", "2025-08-16", None),
    "05-alaska-summit-key-points.txt": (
        "Gulf Daily Digest",
        "Omar Haddad",
        "2025-08-16T18:30:00+03:00",
        None,
    ),
}


# Translation guard flags to draw (made up, like the confidences): (article, sentence) -> flags.
_FLAGS = {(2, 0): ("numbers",)}


def sample_articles() -> tuple[TranslatedSummary, ...]:
    """The five sample articles with three or four summary sentences each."""
    articles = []
    for number, (name, title_en, total, outlet, chosen) in enumerate(_SAMPLE, start=1):
        path = INPUTS / name
        title, sentences = _sentences(path)
        meta_outlet, author, published, url = _METADATA[name]
        outlet = outlet or meta_outlet
        source = SourceRef(
            path=f"inputs/{name}",
            format=path.suffix.lstrip("."),
            encoding="utf-8",
            title=title,
            outlet=outlet,
            author=author,
            published=published,
            url=url,
            provenance=(("title", "first line"),) + ((("outlet", "manifest"),) if outlet else ()),
        )
        clean = CleanArticle(source=source, title=title, blocks=())
        translated = tuple(
            TranslatedSentence(
                index=index,
                arabic=sentences[index],
                english=english,
                score=0.5,
                confidence=confidence,
                flags=_FLAGS.get((number, index), ()),
            )
            for index, english, confidence in chosen
        )
        summary = Summary(
            article=clean,
            sentences=tuple(ScoredSentence(index=s.index, text=s.arabic, score=s.score) for s in translated),
            total=total,
            method="sample",
        )
        articles.append(
            TranslatedSummary(id=number, summary=summary, title_en=title_en, sentences=translated)
        )
    return tuple(articles)


def sample_overview(articles: tuple[TranslatedSummary, ...]) -> Overview:
    """A hand-made overview of the samples: four key points and one difference.

    Three key points quote a summary sentence and give no citation (the documents derive it);
    one is a merged wording with its own citations and a low confidence; the difference names
    its kind and disputed values; the group says which articles are previews and reports.
    """
    by_id = {a.id: {s.index: s for s in a.sentences} for a in articles}
    met = by_id[5][0]
    planning = by_id[3][1]
    understanding = by_id[4][3]
    three_hours = by_id[4][0]
    long_hours = by_id[5][4]
    return Overview(
        groups=(
            EventGroup(
                articles=tuple(a.id for a in articles),
                key_points=(
                    KeyPoint(met.arabic, met.english, (4, 5), 2.0),
                    KeyPoint(
                        "التقى بوتين وترامب في أنكوريدج بولاية ألاسكا.",
                        "Putin and Trump met in Anchorage, Alaska.",
                        (4, 5),
                        1.8,
                        citations=(Citation(4, 0), Citation(5, 0)),
                        confidence=-1.3,
                    ),
                    KeyPoint(planning.arabic, planning.english, (2, 3), 1.6),
                    KeyPoint(understanding.arabic, understanding.english, (4,), 1.0),
                ),
                differences=(
                    Difference(
                        topic="Duration of the talks",
                        kind="duration",
                        versions=(
                            OverviewVersion(
                                three_hours.arabic,
                                three_hours.english,
                                (4,),
                                values=("three hours", "لثلاث ساعات"),
                                citations=(Citation(4, 0),),
                                confidence=three_hours.confidence,
                            ),
                            OverviewVersion(
                                long_hours.arabic,
                                long_hours.english,
                                (5,),
                                values=("long hours", "لساعات طويلة"),
                                citations=(Citation(5, 4),),
                                confidence=long_hours.confidence,
                                flags=("numbers",),
                            ),
                        ),
                    ),
                ),
                statuses=((1, "preview"), (2, "preview"), (3, "preview"), (4, "report"), (5, "report")),
                notes=("Sources 1-3 were written before the summit; 4 and 5 report on it.",),
            ),
        )
    )


def sample_result(*, overview: bool = True, skipped: bool = False) -> BriefingResult:
    """The sample briefing; ``skipped`` adds an unreadable input to the Skipped sources part."""
    articles = sample_articles()
    return BriefingResult(
        info=BriefingInfo(
            title="Putin–Trump summit: Arabic press",
            created="2026-11-24T09:00:00",
            model=None,
            backend="hand translation (sample)",
            summarizer="sample",
        ),
        articles=articles,
        skipped=(
            (Skipped("inputs/06-scan.txt", "could not decode the bytes as text; save the file as UTF-8"),)
            if skipped
            else ()
        ),
        overview=sample_overview(articles) if overview else None,
    )


# Human translations of the other sentences the pipeline picks from the samples (3 per article).
_MORE_ENGLISH = {
    "رغم التقدم المحرز، لا تزال العلاقات بين روسيا والولايات المتحدة تعاني من كبوات ومشكلات تراكمية يصعب "
    "تجاوزها سريعاً.": (
        "Despite the progress made, relations between Russia and the United States still suffer from "
        "setbacks and accumulated problems that are hard to overcome quickly."
    ),
    "تعرّف على تفاصيل الاجتماع، أبرز النقاط الخلافية، وما يعنيه ذلك لمستقبل العلاقات الأمريكية الروسية.": (
        "Learn the details of the meeting, the main points of contention, and what it means for the "
        "future of US-Russian relations."
    ),
    "يشير دميتري بيسكوف إلى أن وصول اللقاء المنتظر بين بوتين وترامب إلى حيز التنفيذ يعتمد على تحضيرات "
    "متأنية وليس أمراً لحظياً.": (
        "Dmitry Peskov points out that bringing about the awaited meeting between Putin and Trump depends "
        "on careful preparation and is not a matter of the moment."
    ),
    "خلال هذه الفترة، تعمل الإدارة الأمريكية على دراسة خيارات دعم كييف عسكريًا، بما في ذلك تزويد الصواريخ "
    "الكروز من نوع توماهوك، مما يعكس التعقيدات الجيوسياسية في المنطقة.": (
        "Meanwhile, the US administration is studying options for supporting Kyiv militarily, including "
        "supplying Tomahawk cruise missiles, which reflects the geopolitical complexities of the region."
    ),
    "من جانبه، أكد الرئيس الأميركي دونالد ترامب أن اللقاء أحرز “تقدماً كبيراً”، لافتاً إلى أن هناك “الكثير "
    "من النقاط التي تم الاتفاق بشأنها”، بينما بقيت بعض القضايا عالقة، بينها “نقطة واحدة” وصفها بأنها "
    "الأكثر أهمية.": (
        "For his part, US President Donald Trump said the meeting had made “great progress”, noting that "
        "“many points were agreed on”, while some issues remained open, among them “one point” he "
        "described as the most important."
    ),
}


class HandTranslator:
    """A translator that returns this module's human translations (confidence unknown).

    Lets the README picture come from the real pipeline on the samples with readable English.
    A sentence without a translation here is an error that names it.
    """

    name = "hand"

    def __init__(self) -> None:
        table = dict(_MORE_ENGLISH)
        for article in sample_articles():
            table[article.summary.article.title or ""] = article.title_en or ""
            table.update((s.arabic, s.english) for s in article.sentences)
        self._table = {" ".join(k.split()): v for k, v in table.items()}

    def translate_batch(self, texts):
        from briefing.types import Translation

        out = []
        for text in texts:
            key = " ".join(text.split())
            if key not in self._table:
                raise KeyError(f"no hand translation for: {text}")
            out.append(Translation(text=self._table[key], confidence=None))
        return out


def pipeline_result() -> BriefingResult:
    """The real pipeline on ``inputs/`` (3 sentences an article) with :class:`HandTranslator`.

    The pictures in the docs show the user's sample folder, so its paths are ``inputs/...``
    (the tests' copies in ``tests/data/samples`` hold the same articles).
    """
    from briefing.briefer import build_briefing

    return build_briefing(
        [os.path.relpath(ROOT / "inputs")],
        sentences=3,
        translator=HandTranslator(),
        title="Putin–Trump summit",
    )


def main(argv: list[str] | None = None) -> int:
    """Write the sample briefing as docx (A4 and Letter), md, html and json into a folder.

    ``--pipeline`` builds it with the real pipeline from ``inputs/`` (see :func:`pipeline_result`)
    instead of the hand-built result.
    """
    args = sys.argv[1:] if argv is None else argv
    folders = [a for a in args if not a.startswith("--")]
    out = Path(folders[0] if folders else "outputs/sample")
    result = pipeline_result() if "--pipeline" in args else sample_result(skipped="--skipped" in args)
    from briefing.compose import save

    save(result, out / "sample-a4.docx", overwrite=True)
    save(result, out / "sample-letter.docx", overwrite=True, paper="letter")
    for fmt in ("md", "html", "json"):
        save(result, out / f"sample.{fmt}", overwrite=True)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
