"""The query step shared by the register, the admin, the API, suggestions and site search
(documents.search.query): what staff type is read as the number, type, issuer, province and year they mean."""

import json

import pytest

from documents.search.query import VOCABULARY, number_equals, number_patterns, parse_query


def read(text):
    return parse_query(text, read=False)


@pytest.mark.parametrize(
    ("text", "serial", "year"),
    [
        ("39/2021", "39", "2021"),
        ("91/2025", "91", "2025"),
        ("39-2021", "39", "2021"),
        ("số 39/2021", "39", "2021"),
        ("39 năm 2021", "39", "2021"),
        ("quyết định 39 năm 2021", "39", "2021"),
        ("qd 39 2021", "39", "2021"),
        ("thông tư 10/2012", "10", "2012"),
        ("thong tu 07/2022 bo tai chinh", "07", "2022"),
        ("39", "39", ""),
        ("số 1961", "1961", ""),
        ("nghi dinh 163", "163", ""),
    ],
)
def test_a_number_and_its_year_in_every_spelling(text, serial, year):
    parsed = read(text)
    assert parsed.number == ""
    assert parsed.number_parts == {"serial": serial, "year": year, "symbol": ""}
    assert not {serial, year} & set(parsed.required)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("39/2021/QĐ-UBND", "39/2021/QD-UBND"),
        ("10/2012/TT-BTTTT", "10/2012/TT-BTTTT"),
        ("Số 39/2021/qđ-ubnd", "39/2021/QD-UBND"),
        ("39-2021-QĐ-UBND", "39/2021/QD-UBND"),
        ("39/QĐ-UBND", "39/QD-UBND"),
    ],
)
def test_a_full_number_and_a_number_with_its_symbol(text, key):
    assert read(text).number == key


def test_the_number_year_form_finds_the_full_numbers_that_start_with_it():
    parsed = read("7/2022")
    assert set(number_equals(parsed)) == {"7/2022", "07/2022"}
    assert ("07/2022/", "") in number_patterns(parsed)
    # a number with its symbol but no year: the same serial and symbol in any year
    assert ("39/", "/QD-UBND") in number_patterns(read("39/QĐ-UBND"))


def test_a_bare_number_among_words_is_a_word():
    parsed = read("sach giao khoa lop 7 can tho")
    assert not parsed.number_parts
    assert "7" in parsed.required
    assert read("luật an ninh mạng 2018").years == ["2018"]
    assert read("điều trị sau nhiễm covid-19").required[-2:] == ["covid", "19"]


def test_types_and_issuers_by_name_or_abbreviation_widen_to_every_spelling():
    parsed = read("thong tu bo tttt danh muc dich vu vien thong")
    kinds = {group.kind: group for group in parsed.groups}
    assert kinds["type"].name == "Thông tư" and ("tt",) in kinds["type"].forms
    assert kinds["issuer"].name == "Bộ Thông tin và Truyền thông"
    assert ("btttt",) in kinds["issuer"].forms
    assert ("bo", "thong", "tin", "va", "truyen", "thong") in kinds["issuer"].forms
    assert parsed.hints == ["TT", "BTTTT"]
    assert {group.name for group in read("Bộ TT&TT").groups} == {"Bộ Thông tin và Truyền thông"}
    assert {group.name for group in read("UBND tỉnh Bắc Kạn").groups} >= {"Ủy ban nhân dân"}
    btc = read("thong tu 41/2021 btc")
    assert [group.name for group in btc.groups] == ["Thông tư", "Bộ Tài chính"]
    assert btc.hints == ["TT", "BTC"]


def test_a_law_named_by_its_title():
    parsed = read("luat giao thong duong bo")
    assert parsed.law_types == ["Luật"]
    assert parsed.title_words == ["giao", "thong", "duong", "bo"]
    assert read("bo luat to tung dan su").law_types == ["Bộ luật"]
    assert read("quyet dinh giao thong").law_types == []


def test_provinces_widen_to_their_former_names_and_back():
    new = next(
        group for group in read("quản lý trật tự xây dựng Tây Ninh").groups if group.kind == "province"
    )
    assert new.forms[0] == ("tay", "ninh") and ("long", "an") in new.forms
    former = next(group for group in read("dieu tra thong ke long an").groups if group.kind == "province")
    assert former.forms[0] == ("long", "an") and ("tay", "ninh") in former.forms


def test_short_words_need_a_neighbour_on_site_search_only():
    site = parse_query("chuyen doi so", read=False, short_words=True)
    short = [group for group in site.groups if group.kind == "short"]
    assert short and short[0].forms == (("doi", "so"),)
    assert not [group for group in read("chuyen doi so").groups if group.kind == "short"]
    # typed with its diacritics, the word is a word of its own
    assert not parse_query("chuyển đổi số", read=False, short_words=True).groups


def test_hostile_input_is_read_without_failing():
    for text in ["", "   ", "\x00\x01", "/" * 300, "39/" * 80, "'; DROP TABLE x; --", "a:* | b & !c"]:
        parsed = read(text)
        assert all(word.isalnum() for word in parsed.required)
        assert "''" not in parsed.tsquery() and ";" not in parsed.tsquery()
        assert "''" not in parsed.terms_tsquery() and ";" not in parsed.terms_tsquery()


def test_over_words_and_pairs_a_name_of_several_words_is_matched_as_its_pairs():
    parsed = read("quyết định ủy ban nhân dân tỉnh")
    assert parsed.terms_tsquery() == (
        "'tinh' & (('quyet dinh') | ('qd')) & (('uy ban' & 'ban nhan' & 'nhan dan') | ('ubnd'))"
    )


def test_the_vocabulary_files_give_their_sources_and_the_34_provinces():
    provinces = json.loads((VOCABULARY / "provinces.json").read_text(encoding="utf-8"))
    assert len(provinces) == 34
    assert len({row["name"] for row in provinces}) == 34
    former = [name for row in provinces for name in row["former"]]
    assert len(former) == len(set(former)) == 30  # 63 provinces before the merger, less 34, plus Huế's
    readme = (VOCABULARY / "README.md").read_text(encoding="utf-8")
    for name in ("document_types.json", "issuing_bodies.json", "provinces.json", "202/2025/QH15"):
        assert name in readme
