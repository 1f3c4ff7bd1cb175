"""The gazetteer: CLDR names found through clitics and spelling variants."""

from briefing.text.places import find_places, place_named, places


def _english(text: str) -> list[str]:
    return [mention.place.english for mention in find_places(text)]


def test_countries_and_cities_come_from_cldr() -> None:
    kinds = {place.kind for place in places()}
    assert kinds == {"country", "region", "city"}
    assert place_named("Egypt") is not None
    assert place_named("Cairo") is not None


def test_names_survive_clitics_and_the_article() -> None:
    assert _english("وصل إلى القاهرة قادما من الرياض وبيروت") == ["Cairo", "Riyadh", "Beirut"]
    assert _english("زار بمصر ولبنان") == ["Egypt", "Lebanon"]


def test_longest_name_wins_and_spelling_variants_match() -> None:
    # hamza-less alef and haa for taa marbuta, as scraped text often writes them
    assert _english("الامارات العربيه المتحده") == ["United Arab Emirates"]
    assert _english("قالت الولايات المتحدة") == ["United States"]


def test_words_that_are_not_places_are_not_found() -> None:
    assert _english("وأضرم النار في السيارة") == []
    assert place_named("وأضرم") is None
