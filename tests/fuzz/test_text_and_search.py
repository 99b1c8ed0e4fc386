"""Properties of the Vietnamese text helpers, the document-number key and the search query parser."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from documents.numbers import number_key
from documents.search import MAX_WORDS, parse_query, words
from home.text import fold_diacritics, matching_key, nfc, slugify_vi
from tests.fuzz.strategies import mixed_text, nfd, vietnamese_text


@given(mixed_text)
def test_nfc_is_normalised_trimmed_and_idempotent(text):
    result = nfc(text)
    assert unicodedata.is_normalized("NFC", result)
    assert result == result.strip()
    assert "  " not in result
    assert nfc(result) == result
    assert nfc(nfd(text)) == result


@given(mixed_text)
def test_folding_removes_every_diacritic_and_is_idempotent(text):
    folded = fold_diacritics(text)
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded and "Đ" not in folded
    assert fold_diacritics(folded) == folded
    assert fold_diacritics(nfd(text)) == folded


@given(vietnamese_text)
def test_matching_key_ignores_normal_form_and_case_but_not_letters(text):
    key = matching_key(text)
    assert matching_key(nfd(text)) == key
    assert matching_key(text.upper()) == key
    assert matching_key(f"  {text}  ") == key


@given(mixed_text)
def test_slugs_are_ascii_and_never_empty(text):
    slug = slugify_vi(text)
    assert slug and slug.isascii()
    assert slug == slug.lower() and " " not in slug


@given(mixed_text)
def test_number_key_never_raises_and_has_no_spaces(text):
    key = number_key(text)
    assert not any(ch.isspace() for ch in key)
    assert unicodedata.is_normalized("NFC", key) or key == ""


SYMBOLS = ["QĐ-UBND", "NQ-HĐND", "TT-BTTTT", "HD-STTTT", "KH-UBND", "CT-TTg", "QĐ-STTTT", "NĐ-CP"]


@st.composite
def number_spellings(draw):
    serial = draw(st.integers(min_value=1, max_value=99999))
    year = draw(st.integers(min_value=1990, max_value=2035))
    symbol = draw(st.sampled_from(SYMBOLS))
    canonical = f"{serial}/{year}/{symbol}"
    variant = canonical
    if draw(st.booleans()):
        variant = variant.lower()
    if draw(st.booleans()):
        variant = nfd(variant)
    spacing = draw(st.sampled_from(["", " ", "  ", "\u00a0"]))
    variant = variant.replace("/", f"{spacing}/{spacing}")
    prefix = draw(st.sampled_from(["", "Số ", "số: ", "so ", "SỐ."]))
    return canonical, prefix + variant + draw(st.sampled_from(["", " ", "\t"]))


@given(number_spellings())
def test_every_spelling_of_a_number_gives_the_same_key(spellings):
    canonical, variant = spellings
    key = number_key(canonical)
    assert number_key(variant) == key
    assert key.isascii() and key == key.upper()
    assert number_key(key) == key  # idempotent on real numbers


@given(mixed_text)
def test_the_query_parser_never_raises_and_keeps_its_limits(text):
    parsed = parse_query(text)
    assert unicodedata.is_normalized("NFC", parsed.text)
    assert len(parsed.text) <= 200
    assert not any(unicodedata.category(ch)[0] == "C" for ch in parsed.text)
    assert len(parsed.required) + len(parsed.optional) <= MAX_WORDS
    for word in parsed.required + parsed.optional:
        assert word == fold_diacritics(word) and word == word.lower() and word.strip() == word and word
    assert parsed.folded_phrase == " ".join(parsed.sequence)
    assert parse_query(parsed.text) == parsed  # the cleaned text parses the same way


@given(vietnamese_text)
def test_the_query_parser_is_indifferent_to_normal_form_and_case(text):
    assert parse_query(nfd(text)).required == parse_query(text).required
    assert parse_query(text.upper()).required == parse_query(text).required


@given(number_spellings(), vietnamese_text)
def test_a_number_in_a_query_is_recognised_in_every_spelling(spellings, rest):
    canonical, variant = spellings
    compact = "".join(variant.split())  # typed without spaces: one token with its slashes
    for prefix in ("Số.", "SỐ.", "số:", "Số", "so", "SỐ", "số"):
        compact = compact.removeprefix(unicodedata.normalize("NFC", prefix)).removeprefix(nfd(prefix))
    parsed = parse_query(f"{rest} {compact}")
    assert parsed.number == number_key(canonical)
    # Typed with spaces around the slashes: the loose parts still find it (unless the serial itself looks
    # like a year, 1900-2099, which the loose form cannot tell apart).
    serial, year, _ = canonical.split("/")
    if 1900 <= int(serial) <= 2099:
        return
    spaced = parse_query(f"{rest} {serial} / {year}")
    assert spaced.number_parts["serial"] == serial and spaced.number_parts["year"] == year


@given(mixed_text)
def test_words_are_folded_lowercase_and_free_of_punctuation(text):
    for word in words(text):
        assert word and word == word.lower() and "_" not in word and " " not in word
