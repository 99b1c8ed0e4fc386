"""Relevance on the real corpus: each query, typed the way staff and citizens type it (with or without
diacritics, numbers in any spelling), must bring the expected document into the top 3.

Runs on whichever database the suite uses, so CI checks it on PostgreSQL and on SQLite, through the
register's search service (documents.search.run_search): on PostgreSQL that is the narrow search index
and its candidate tiers, on SQLite the same score over the document table.
"""

import unittest
from unittest import mock

from django.test import TestCase

from documents.importer import LegalDocumentImporter
from documents.models import LegalDocumentPage
from documents.search import Scope, ordered, run_search, search_documents
from documents.search import postgres as search_index
from tests.factories import LegalDocumentIndexPageFactory
from tests.helpers import import_shipped_corpus

# (query, number of the document that must be in the top 3, or its title when it has no number)
RELEVANCE_SET = [
    ("Quyết định 39/2021/QĐ-UBND", "39/2021/QĐ-UBND"),
    ("39/2021/QD-UBND", "39/2021/QĐ-UBND"),
    ("39/2021/qđ-ubnd", "39/2021/QĐ-UBND"),
    ("số 39/2021/QĐ-UBND", "39/2021/QĐ-UBND"),
    ("qd 39 2021", "39/2021/QĐ-UBND"),
    ("39/QĐ-UBND", "39/2021/QĐ-UBND"),
    ("quyet dinh ve mang truyen so lieu chuyen dung", "39/2021/QĐ-UBND"),
    ("mạng truyền số liệu chuyên dùng", "39/2021/QĐ-UBND"),
    (
        "đài truyền thanh cấp xã",
        "Quy định về quản lý đài truyền thanh cấp xã ứng dụng công nghệ thông tin - viễn thông",
    ),
    (
        "dai truyen thanh cap xa",
        "Quy định về quản lý đài truyền thanh cấp xã ứng dụng công nghệ thông tin - viễn thông",
    ),
    ("lưu trữ văn bản điện tử", "31/2021/QĐ-UBND"),
    ("trao doi xu ly van ban dien tu", "31/2021/QĐ-UBND"),
    ("tiêu chí chất lượng xuất bản phẩm", "777/QĐ-UBND"),
    ("thu tuc hanh chinh tren moi truong dien tu", "45/2020/NĐ-CP"),
    ("45/2020/NĐ-CP", "45/2020/NĐ-CP"),
    ("luat an ninh mang", "24/2018/QH14"),
    ("Luật An ninh mạng 2018", "24/2018/QH14"),
    ("bảo vệ dữ liệu cá nhân", "13/2023/NĐ-CP"),
    ("nghi dinh 13/2023 bao ve du lieu ca nhan", "13/2023/NĐ-CP"),
    ("luật viễn thông 2023", "24/2023/QH15"),
    ("luat giao dich dien tu", "20/2023/QH15"),
    ("an toan thong tin mang", "86/2015/QH13"),
    ("luật báo chí", "103/2016/QH13"),
    ("tiep can thong tin", "104/2016/QH13"),
    ("Bộ luật Dân sự", "91/2015/QH13"),
    ("bo luat lao dong 2019", "45/2019/QH14"),
    ("luat ngan sach nha nuoc", "83/2015/QH13"),
    ("an toàn, vệ sinh lao động", "84/2015/QH13"),
    ("kinh doanh xăng dầu", "83/2014/NĐ-CP"),
    ("kinh doanh dich vu karaoke vu truong", "54/2019/NĐ-CP"),
    ("ghi nhan thuoc", "06/2016/TT-BYT"),
    ("bồi thường hỗ trợ tái định cư khi nhà nước thu hồi đất", "37/2014/TT-BTNMT"),
    ("quỹ xã hội, quỹ từ thiện", "93/2019/NĐ-CP"),
    ("điều trị sau nhiễm covid-19", "2122/QĐ-BYT"),
    ("chat luong moi truong khong khi thanh hoa", "3976/QĐ-UBND"),
    ("quản lý trật tự xây dựng Tây Ninh", "29/2022/QĐ-UBND"),
    ("hỗ trợ nhà ở cho hộ nghèo Yên Bái", "10/2023/NQ-HĐND"),
    ("trang phuc can bo tiep cong dan", "03/2016/TT-TTCP"),
    ("cổng trao đổi thông tin kiểm toán nhà nước", "299/QĐ-KTNN"),
    ("giấy phép lao động người nước ngoài qua mạng điện tử", "23/2017/TT-BLĐTBXH"),
    ("thi tuyen chuc danh lanh dao quan ly", "3242/QĐ-UBND"),
    ("hệ thống quản lý văn bản và điều hành Ninh Bình", "43/2022/QĐ-UBND"),
    ("vien tro khong hoan lai", "80/2020/NĐ-CP"),
    ("thành lập phường Hải Hoà", "56/2007/NĐ-CP"),
    ("thanh lap phuong hai hoa mong cai", "56/2007/NĐ-CP"),
]
# Issue 20: numbers in every spelling, types, issuers by name or abbreviation, provinces by their new
# or former name, laws by their title; half typed without diacritics.
RELEVANCE_SET += [
    ("39/2021", "39/2021/QĐ-UBND"),
    ("91/2025", "91/2025/QH15"),
    ("39-2021", "39/2021/QĐ-UBND"),
    ("số 39/2021", "39/2021/QĐ-UBND"),
    ("quyết định 39 năm 2021", "39/2021/QĐ-UBND"),
    ("thông tư 10/2012", "10/2012/TT-BTTTT"),
    ("10/2012/TT-BTTTT", "10/2012/TT-BTTTT"),
    ("thong tu 41/2021 btc", "41/2021/TT-BTC"),
    ("thong tu 07/2022 bo tai chinh", "07/2022/TT-BTC"),
    ("luat giao thong duong bo", "23/2008/QH12"),
    ("Luật Giao thông đường bộ", "23/2008/QH12"),
    ("thong tu bo tttt danh muc dich vu vien thong", "10/2012/TT-BTTTT"),
    ("luat dat dai", "31/2024/QH15"),
    ("Luật Đất đai", "31/2024/QH15"),
    ("91/2025/QH15", "91/2025/QH15"),
    ("luat bao ve du lieu ca nhan", "91/2025/QH15"),
    ("94/2005", "94/2005/NĐ-CP"),
    ("quyen loi nguoi lao dong doanh nghiep pha san", "94/2005/NĐ-CP"),
    ("nghị quyết 59/2017 điều tra thống kê", "59/2017/NQ-HĐND"),
    ("dieu tra thong ke tay ninh", "59/2017/NQ-HĐND"),
    ("chung minh va chung cu bo luat to tung dan su", "04/2012/NQ-HĐTP"),
    ("thăng hạng chức danh nghề nghiệp giáo viên mầm non", "20/2017/TT-BGDĐT"),
    ("tt 20/2017 bgddt", "20/2017/TT-BGDĐT"),
    ("hiep dinh asean di chuyen the nhan", "76/NQ-CP"),
    ("Luật Công nghiệp quốc phòng, an ninh và động viên công nghiệp", "38/2024/QH15"),
    ("ke hoach su dung dat nam 2022 huyen can gio", "3485/QĐ-UBND"),
    ("ubnd tp hcm ke hoach su dung dat can gio", "3485/QĐ-UBND"),
    ("sỹ quan kiểm tra tàu biển", "54/2013/TT-BGTVT"),
    ("thong tu 54/2013 bo giao thong van tai", "54/2013/TT-BGTVT"),
    ("phân cấp quản lý trật tự xây dựng Bình Dương", "41/2022/QĐ-UBND"),
    ("bao ve bi mat nha nuoc nganh thong tin va truyen thong", "19/2017/TT-BTTTT"),
    ("thông tư 19/2017 Bộ TT&TT", "19/2017/TT-BTTTT"),
    ("bo chi so danh gia chuyen doi so dak lak", "2534/QĐ-UBND"),
    ("2534/QĐ-UBND", "2534/QĐ-UBND"),
    ("gia dich vu trong linh vuc chung khoan", "102/2021/TT-BTC"),
    ("102/2021/tt-btc", "102/2021/TT-BTC"),
    ("thanh lap thi tran tho tang", "51/2007/NĐ-CP"),
    ("quy che thanh vien bu tru chung khoan phai sinh", "84/QĐ-VSD"),
    ("phát hành trái phiếu doanh nghiệp", "163/2018/NĐ-CP"),
    ("nd 163/2018", "163/2018/NĐ-CP"),
    ("nghi dinh 163 nam 2018", "163/2018/NĐ-CP"),
    ("phân cấp nhiệm vụ chi bảo vệ môi trường An Giang", "02/2020/NQ-HĐND"),
    ("van tai hang hoa tren duong sat quoc gia", "83/2014/TT-BGTVT"),
    ("huong dan thi hanh luat thue gia tri gia tang", "219/2013/TT-BTC"),
    ("thông tư 219/2013/TT-BTC", "219/2013/TT-BTC"),
    ("toi khung bo va toi tai tro khung bo", "06/2012/TTLT/BCA-BQP-BTP-NHNNVN-VKSNTC-TANDTC"),
    ("quản lý ngân sách xã và các hoạt động tài chính khác của xã", "344/2016/TT-BTC"),
    ("344/2016", "344/2016/TT-BTC"),
    ("quy hoach su dung dat den nam 2030 quang nam", "676/QĐ-UBND"),
    ("hội bảo trợ người khuyết tật và bảo vệ quyền trẻ em Bình Định", "344/QĐ-UBND"),
    ("luat xuat ban", "19/2012/QH13"),
    ("Luật Xuất bản 2012", "19/2012/QH13"),
    ("sach giao khoa lop 7 can tho", "1294/QĐ-UBND"),
    ("cơ sở dữ liệu hội, quỹ", "79/QĐ-BNV"),
    ("hang hoa cam luu thong dich vu thuong mai cam thuc hien", "11/1999/NĐ-CP"),
    ("bo luat to tung dan su", "92/2015/QH13"),
    ("Bộ luật Tố tụng dân sự 2015", "92/2015/QH13"),
    ("lặn biển thể thao giải trí", "14/2015/TT-BVHTTDL"),
    ("quy hoach tong the phat trien he thong do thi quang tri", "05/2013/NQ-HĐND"),
    ("dịch vụ hỗ trợ hoạt động giáo dục ngoài học phí Ninh Thuận", "06/2023/QĐ-UBND"),
    ("chương trình phát triển sản phẩm quốc gia đến năm 2020", "01/2012/TT-BKHCN"),
    ("thong tu bo khcn chuong trinh phat trien san pham quoc gia", "01/2012/TT-BKHCN"),
    ("luat an toan ve sinh lao dong", "84/2015/QH13"),
    ("muc chi tap huan boi duong giao vien dak nong", "08/2022/NQ-HĐND"),
    ("quyết định 41/2021 UBND tỉnh Hà Nam", "41/2021/QĐ-UBND"),
    ("qd 41 2021 ha nam", "41/2021/QĐ-UBND"),
    ("kế hoạch sử dụng đất năm 2022 huyện Thạnh Phú Vĩnh Long", "461/QĐ-UBND"),
]
REQUIRED_SHARE = 0.98


class SearchRelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        import_shipped_corpus(cls.register)

    def top3(self, query):
        result = run_search(Scope(register=self.register), query, {}, "relevance", 0, 3, with_facets=False)
        return result.documents()

    def test_the_expected_document_is_in_the_top_3(self):
        self.check_relevance()

    @unittest.skipUnless(search_index.enabled(), "the candidate tiers are the PostgreSQL search index's")
    def test_broad_queries_keep_their_document_when_few_candidates_get_the_full_score(self):
        # On 100,000 documents most queries match far more than the 200 candidates that get the full
        # score; with 5 candidates the shipped corpus puts every query of the set in that situation.
        with mock.patch.object(search_index, "CANDIDATES", 5):
            self.check_relevance()

    def check_relevance(self):
        hits, misses = 0, []
        for query, expected in RELEVANCE_SET:
            found = [page.number or page.summary for page in self.top3(query)]
            if expected in found:
                hits += 1
            else:
                misses.append((query, expected, found))
        share = hits / len(RELEVANCE_SET)
        print(
            f"\nsearch relevance: {hits}/{len(RELEVANCE_SET)} queries ({share:.0%})"
            " have their document in the top 3"
        )
        for miss in misses:
            print("  miss:", miss)
        self.assertGreaterEqual(len(RELEVANCE_SET), 105)
        self.assertGreaterEqual(share, REQUIRED_SHARE, misses)

    def first(self, query):
        return self.top3(query)[0].number

    def test_issue_20_examples_put_the_document_asked_for_first(self):
        for query, expected in [
            ("91/2025", "91/2025/QH15"),
            ("thông tư 10/2012", "10/2012/TT-BTTTT"),
            ("thong tu 41/2021 btc", "41/2021/TT-BTC"),
            ("quyết định 39 năm 2021", "39/2021/QĐ-UBND"),
            ("qd 39 2021", "39/2021/QĐ-UBND"),
            ("thong tu 07/2022 bo tai chinh", "07/2022/TT-BTC"),
            ("luat giao thong duong bo", "23/2008/QH12"),
            ("thong tu bo tttt danh muc dich vu vien thong", "10/2012/TT-BTTTT"),
            ("luat dat dai", "31/2024/QH15"),
            ("luat bao ve du lieu ca nhan", "91/2025/QH15"),
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.first(query), expected)
        for query in ("39/2021", "39-2021", "số 39/2021"):
            with self.subTest(query=query):
                self.assertTrue(all(page.number.startswith("39/2021/") for page in self.top3(query)))

    def test_a_query_without_diacritics_ranks_its_likely_reading_first(self):
        # "chuyen doi so": "chuyển đổi số" (digital transformation) before "chuyển đổi sở hữu"
        ranked = run_search(Scope(register=self.register), "chuyen doi so", {}, "relevance", 0, 50, False)
        titles = [page.summary.lower() for page in ranked.documents()]
        self.assertIn("chuyển đổi số", titles[0])
        ownership = next(i for i, title in enumerate(titles) if "chuyển đổi sở hữu" in title)
        self.assertTrue(all("chuyển đổi số" in title for title in titles[:ownership]))

    def test_an_exact_number_is_the_first_result(self):
        for query in ["39/2021/QĐ-UBND", "39/2021/qd-ubnd", "Số 45/2020/NĐ-CP", "24/2018/QH14"]:
            with self.subTest(query=query):
                self.assertEqual(
                    self.top3(query)[0].number_key, query.upper().replace("Đ", "D").replace("SỐ ", "")
                )

    def test_exact_diacritics_rank_above_folded_matches(self):
        register = LegalDocumentIndexPageFactory(slug="ban-ban")
        importer = LegalDocumentImporter(register, publish=True)
        importer.run(
            enumerate(
                [
                    {"number": "1/KH-X", "title": "Kế hoạch về bàn giao tài sản"},
                    {"number": "2/KH-X", "title": "Kế hoạch về bán đấu giá tài sản"},
                ],
                start=1,
            )
        )
        base = LegalDocumentPage.objects.child_of(register)
        ranked = [page.number for page in ordered(search_documents(base, "bán"), "relevance", True)]
        self.assertEqual(ranked, ["2/KH-X", "1/KH-X"])

    def test_whole_syllables_only(self):
        register = LegalDocumentIndexPageFactory(slug="am-tiet")
        LegalDocumentImporter(register, publish=True).run(
            enumerate(
                [
                    {"number": "1/QĐ-X", "title": "Quy định về an toàn thực phẩm"},
                    {"number": "2/QĐ-X", "title": "Ban hành quy chế tuyển dụng"},
                ],
                start=1,
            )
        )
        base = LegalDocumentPage.objects.child_of(register)
        self.assertEqual([page.number for page in search_documents(base, "an")], ["1/QĐ-X"])
