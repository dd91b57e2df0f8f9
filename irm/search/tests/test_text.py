"""The tokeniser: the same words for indexing, querying and highlighting, in the six languages."""

from __future__ import annotations

from irm.search.text import MAX_QUERY_TERMS, fold, highlight, query_terms, tokens


def test_chinese_two_character_word_is_a_token_even_inside_a_longer_word():
    assert "腐败" in tokens("加强打击腐败的国际合作", "zh")
    assert "腐败" in tokens("设立反腐败机构", "zh")  # search mode: the word inside 反腐败


def test_case_and_accents_fold_and_english_is_stemmed():
    assert fold("Élections") == "elections"
    words = tokens("The CORRUPTION of Officials", "en")
    assert {"corruption", "corrupt", "officials", "offici"} <= set(words)


def test_arabic_is_normalised_vowels_alef_forms_and_digits():
    vowelled = tokens("الفَسَاد", "ar")
    plain = tokens("الفساد", "ar")
    assert vowelled == plain
    assert fold("إنفاذ") == fold("انفاذ")
    assert "2023" in tokens("عام ٢٠٢٣", "ar")


def test_russian_yo_folds_to_ye_and_words_are_stemmed():
    assert fold("ёлка") == "елка"
    assert "коррупц" in tokens("борьба с коррупцией", "ru")


def test_only_letters_and_digits_reach_the_database():
    for text, language in [("a<b>\"c' d:*e (f) & g|h", "en"), ("ﬁ ¼ ＡＢＣ", "en"), ("腐败，问题。", "zh")]:
        for token in tokens(text, language):
            assert token.isalnum(), token


def test_query_word_matches_every_stem_and_the_folded_form():
    (term,) = query_terms("Corruption")
    assert term.variants[0] == "corruption"
    assert "corrupt" in term.variants


def test_query_prefix_and_bounds():
    (term,) = query_terms("bribe*")
    assert term.prefix and term.variants == ("bribe",)
    assert len(query_terms(" ".join(f"word{i}" for i in range(50)))) == MAX_QUERY_TERMS
    assert query_terms("!!! ...") == []


def test_highlight_marks_matches_and_escapes_everything_else():
    html = highlight("<script>x</script> corruption, Corrupt", "en", query_terms("corruption"))
    assert "<script>" not in html
    assert html.count("<mark>") == 2
    assert highlight("反腐败机构", "zh", query_terms("腐败")) == "反<mark>腐败</mark>机构"


def test_highlight_keeps_the_text_as_written():
    # Full-width punctuation of Chinese is not normalised away in what the reader sees.
    assert highlight("腐败，问题", "zh", query_terms("问题")) == "腐败，<mark>问题</mark>"
