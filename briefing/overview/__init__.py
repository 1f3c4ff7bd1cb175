"""Cross-source overview: group articles by event, merge what they agree on, show where they differ.

Editors get several outlets on one story. For each group of articles about the same event this
stage finds the facts several sources state (one *key point* per fact, in the most complete
wording, with the list of sources), the statements where sources give a different number,
duration, day or place ("where sources differ"), and articles that are copies of one another.

It works on the Arabic side only, on normalised matching copies (:mod:`briefing.overview.text`);
the text it returns is always a source sentence as written. English is filled in afterwards:
the pipeline translates :func:`overview_texts` with the article sentences and calls
:func:`with_translations`.

The modules, in the order the data flows (each imports only those above it):
``lexicon`` and ``text`` (word tables, matching keys, numbers), ``slots`` (durations, counts,
days, places in a sentence), ``stance`` (agree / contradict for two statements), ``settings``,
``articles`` (sentences with their features), ``matching`` (is it the same fact?),
``grouping`` (same event, copies), ``points`` (key points), ``claims`` and ``differences``
(where sources differ), ``timeline`` and ``notes`` (previews, reports, places; the editor's
notes), ``build`` (:func:`build_overview`) and ``translations``.

How it decides (thresholds in :class:`OverviewSettings`):

* **Groups** (:class:`EventRules`): what each article's headline and lead mean (sentence
  vectors, :mod:`briefing.text.vectors`), the words they share weighed by rarity, and
  publication dates; two articles join only on strong evidence, never when dated more than
  a week apart, and a missing date is never a reason to group. Copies are found first and
  join their original. A group of one article carries no points or notes (its summary is in
  its own section).
* **Key points**: each body sentence looks for its best match in every other article of the
  group (cosine of sentence vectors with the group's *topic keys* weighing little, a few shared
  words spread over the sentences, same tense: "a summit is expected" never merges with "the
  summit was held"). A match joins the point only when the stance model
  (:mod:`briefing.overview.stance`) says the two *agree*: two statements that dispute a number, a place,
  a country, or where one negates or reverses the other (rise/fall, continue/stop), are never
  shown as one fact backed by several sources. A sentence and its matches become one point
  when a summary chose one of them or when several sources state it; the wording shown is the
  member that covers most of the point's words (not a disputed one, not a quote without its
  speaker). ``KeyPoint.citations`` names each source's sentence.
* **Differences**: numbers, durations, days and places (slots) between two statements that
  otherwise match (the sentence and the one before it, compared without the disputed words),
  that carry the same kind of slot, whose values differ, where neither article states the
  other's value anywhere, and neither side is qualified as another instance (the *previous*
  call, the *next* summit). Approximate and vague values ("about three hours", "long hours")
  never count. Beside the slots, two near-identical statements the stance model sees negated,
  reversed, or placed elsewhere. Each version carries its disputed ``values`` and citations,
  each difference its ``kind``. A false contradiction is worse than a missed one.
* **Previews and reports**: an article whose lead speaks of what is expected is a *preview*,
  one whose lead has no expectation a *report* (``EventGroup.statuses``); ``EventGroup.notes``
  says so in a line an editor reads at a glance, with the expected and reported time (only
  for an event named in half the leads and dated in a sentence that names it), and lists
  the sources that place the event in different places (places of the gazetteer,
  :mod:`briefing.text.places`).
* **Near-duplicates**: 3-word shingles of matching keys; an article whose shingles are mostly
  contained in another's is a copy. The longer one is kept; the copy is listed as a duplicate,
  leaves key points and differences, and its per-article section can be dropped; what it
  says that the kept article does not is kept as ``EventGroup.copy_extras``.
* **Headline**: ``EventGroup.headline``, what happened in one line: the headline closest in
  meaning to the group's others, with its independent sources (copies are listed apart).
* Key points are only those two or more independent sources state.
"""

from briefing.overview.articles import OverviewInput
from briefing.overview.build import build_overview, duplicate_ids
from briefing.overview.grouping import EventRules
from briefing.overview.settings import OverviewSettings
from briefing.overview.translations import overview_texts, with_translations

__all__ = [
    "EventRules",
    "OverviewInput",
    "OverviewSettings",
    "build_overview",
    "duplicate_ids",
    "overview_texts",
    "with_translations",
]
