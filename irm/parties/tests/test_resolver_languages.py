"""The resolver: short and formal names in the six languages; token-based suggestions."""

from __future__ import annotations

import pytest

from irm.parties.names import NameResolver, UnknownStateName, normalise_name

pytestmark = pytest.mark.django_db

NAMES = {
    # formal names, each language
    "Republic of Kenya": "KEN",
    "the Republic of Kenya": "KEN",
    "République française": "FRA",
    "la République française": "FRA",
    "Российская Федерация": "RUS",
    "República Argentina": "ARG",
    "جمهورية مصر العربية": "EGY",
    "中华人民共和国": "CHN",
    # short names, each language
    "Francia": "FRA",  # Spanish short name
    "Франция": "FRA",
    "Égypte": "EGY",
    "الصين": "CHN",
    "肯尼亚": "KEN",
    # case, diacritics, punctuation, a leading or UN-style trailing article
    "REPUBLIQUE FRANCAISE": "FRA",
    "Netherlands (the)": "NLD",
    "Pays-Bas": "NLD",
    "Kingdom of the Netherlands": "NLD",
    "republica argentina.": "ARG",
    # earlier and common names
    "Swaziland": "SWZ",
    "斯威士兰": "SWZ",  # the seeds' attendance list (S000 para. 7)
    "the former Yugoslav Republic of Macedonia": "MKD",
    "Россия": "RUS",
    "Estados Unidos": "USA",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "European Union": "EUU",
    "欧洲联盟": "EUU",
}


@pytest.mark.parametrize(("name", "iso3"), NAMES.items())
def test_short_formal_earlier_and_common_names_in_six_languages_resolve(name, iso3):
    assert NameResolver().resolve(name).iso3 == iso3


def test_a_formal_name_with_one_wrong_word_suggests_the_state_sharing_the_distinctive_word():
    with pytest.raises(UnknownStateName) as caught:
        NameResolver().resolve("Federal Republic of Kenya")
    assert caught.value.suggestions[0].iso3 == "KEN"


def test_a_misspelt_distinctive_word_still_finds_its_state_not_an_alphabetical_neighbour():
    resolver = NameResolver()
    assert resolver.suggest("Republic of Keyna")[0].iso3 == "KEN"
    assert resolver.suggest("Argentinian Republic")[0].iso3 == "ARG"
    assert resolver.suggest("République du Sénégall")[0].iso3 == "SEN"


def test_generic_words_alone_suggest_nothing_in_particular():
    assert len(NameResolver().suggest("Republic of")) <= 3  # falls back to close spellings; never crashes


def test_normalisation_drops_articles_in_english_french_and_spanish():
    assert normalise_name("la République française") == normalise_name("Republique francaise")
    assert normalise_name("el Reino de los Países Bajos") == normalise_name("Reino de los Paises Bajos")
    assert normalise_name("Netherlands (the)") == "netherlands"


def test_api_resolves_a_formal_name_in_any_of_the_six_languages(client):
    for name, iso3 in [
        ("Российская Федерация", "RUS"),
        ("جمهورية مصر العربية", "EGY"),
        ("中华人民共和国", "CHN"),
    ]:
        answer = client.get("/api/v1/parties/resolve", {"name": name})
        assert answer.status_code == 200 and answer.json()["state"]["iso3"] == iso3


def test_api_unknown_name_answers_422_with_suggestions(client):
    answer = client.get("/api/v1/parties/resolve", {"name": "Federal Republic of Kenya"})
    assert answer.status_code == 422
    assert "KEN" in answer.json()["suggestions"]
