import unicodedata

import pytest

from documents.numbers import number_key
from home.text import fold_diacritics, matching_key


@pytest.mark.parametrize(
    "variant",
    ["THANH HOÁ", "Thanh Hóa", "thanh  hoá", unicodedata.normalize("NFD", "Thanh Hóa"), " Thanh Hoá "],
)
def test_spelling_variants_of_a_name_share_one_key(variant):
    assert matching_key(variant) == matching_key("Thanh Hóa")


def test_different_tones_or_letters_keep_names_apart():
    assert matching_key("bán") != matching_key("bàn")
    assert matching_key("Quảng Nam") != matching_key("Quảng Ninh")
    assert matching_key("Thủy lợi") == matching_key("Thuỷ lợi")


def test_folding_removes_every_diacritic_and_d_stroke():
    assert fold_diacritics("Quyết định Đài truyền thanh") == "Quyet dinh Dai truyen thanh"


@pytest.mark.parametrize(
    "spelling",
    [
        "39/2021/QĐ-UBND",
        "39/2021/qđ-ubnd",
        "39/2021/QD-UBND",
        "Số 39/2021/QĐ-UBND",
        "số: 39 / 2021 / QĐ-UBND",
    ],
)
def test_document_number_spellings_share_one_key(spelling):
    assert number_key(spelling) == "39/2021/QD-UBND"


def test_no_number_gives_an_empty_key():
    assert number_key(None) == ""
    assert number_key("   ") == ""
