import pytest

from irm.parties.names import NameResolver, UnknownStateName, normalise_name

pytestmark = pytest.mark.django_db

ALIASES = {
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "Iran": "IRN",
    "Iran (Islamic Republic of)": "IRN",
    "Lao PDR": "LAO",
    "Republic of Korea": "KOR",
    "Czech Republic": "CZE",
    "United States": "USA",
    "the Kyrgyz Republic": "KGZ",
    "the former Yugoslav Republic of Macedonia": "MKD",
    "The Netherlands": "NLD",
    "Côte d’Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "COTE D`IVOIRE": "CIV",
    "ken": "KEN",
    "EUU": "EUU",
    "European Union": "EUU",
    "Bolivia": "BOL",
    "  united   kingdom ": "GBR",
    "中国": "CHN",
}


@pytest.mark.parametrize(("name", "iso3"), ALIASES.items())
def test_every_common_name_resolves_to_its_state(name, iso3):
    assert NameResolver().resolve(name).iso3 == iso3


def test_unknown_name_says_what_it_did_not_know_and_suggests():
    with pytest.raises(UnknownStateName) as caught:
        NameResolver().resolve("Thai")
    assert caught.value.suggestions[0].iso3 == "THA"
    assert "Thai" in caught.value.message and "Thailand (THA)" in caught.value.message


def test_misspelling_gets_a_suggestion():
    assert NameResolver().suggest("Kenia")[0].iso3 == "KEN"


def test_empty_name_is_an_error_without_suggestions():
    with pytest.raises(UnknownStateName) as caught:
        NameResolver().resolve("")
    assert caught.value.suggestions == []


def test_normalisation_ignores_case_accents_apostrophes_and_a_leading_the():
    assert normalise_name("The  Côte d’Ivoire") == normalise_name("cote d'ivoire")
