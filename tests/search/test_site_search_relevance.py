"""Relevance of the site search over the demo news and inspection reports (``load_articles_demo``):
each query, typed the way readers type it (with or without diacritics, the tone mark placed either
way), must bring the expected page into the top 3.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with DATABASE_URL), and prints
the share of queries that pass next to the share Wagtail's stock database search gets on the same pages.
"""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from wagtail.models import Locale, Page

from documents.models import LegalDocumentPage
from search.site_index import search_pages

# (query, title of the page that must be in the top 3)
RELEVANCE_SET = [
    ("dai truyen thanh", "Nâng cấp hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin"),
    ("đài truyền thanh thông minh", "Nâng cấp hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin"),
    ("chu ky so ca nhan", "Cấp miễn phí chữ ký số cá nhân cho người dân"),
    ("so suc khoe dien tu", "Hơn 700.000 người dân đã có sổ sức khỏe điện tử"),
    ("sổ sức khoẻ điện tử", "Hơn 700.000 người dân đã có sổ sức khỏe điện tử"),
    ("hoc ba so", "Triển khai học bạ số tại các trường tiểu học"),
    ("cho 4.0", "Nhân rộng mô hình chợ 4.0 tại các huyện"),
    ("phu song 5G", "Phủ sóng 5G tại trung tâm các huyện, thị xã"),
    ("lừa đảo qua điện thoại", "Cảnh báo thủ đoạn giả mạo cơ quan nhà nước để lừa đảo"),
    ("thu dien tu gia mao", "Tập huấn kỹ năng nhận diện thư điện tử giả mạo"),
    ("dien tap su co an toan thong tin", "Diễn tập ứng cứu sự cố an toàn thông tin mạng năm 2026"),
    (
        "tuyen dung vien chuc",
        "Thông báo tuyển dụng viên chức Trung tâm Công nghệ thông tin và Truyền thông",
    ),
    ("lich tiep cong dan", "Lịch tiếp công dân định kỳ của Giám đốc Sở tháng 3"),
    ("kho du lieu dung chung", "Đưa vào vận hành Kho dữ liệu dùng chung của tỉnh"),
    ("thuê bao di động", "Chuẩn hóa thông tin thuê bao di động trên địa bàn tỉnh"),
    ("chuẩn hoá thông tin thuê bao", "Chuẩn hóa thông tin thuê bao di động trên địa bàn tỉnh"),
    ("ngung song 2G", "Thông báo về việc ngừng cung cấp dịch vụ điện thoại di động 2G"),
    ("ban do du lich so", "Ra mắt bản đồ du lịch số tỉnh Tiền Giang"),
    ("nông sản lên sàn thương mại điện tử", "Đưa nông sản địa phương lên sàn thương mại điện tử"),
    ("hop truc tuyen cap xa", "Hệ thống họp trực tuyến kết nối đến cấp xã"),
    ("giai bao chi", "Trao giải Báo chí tỉnh lần thứ XII"),
    ("van hoa doc", "Ngày Sách và Văn hóa đọc Việt Nam thu hút đông đảo bạn đọc"),
    ("Văn hoá đọc", "Ngày Sách và Văn hóa đọc Việt Nam thu hút đông đảo bạn đọc"),
    ("camera giam sat", "Kiểm tra an toàn thông tin hệ thống camera giám sát"),
    ("du thao ke hoach chuyen doi so 2027", "Lấy ý kiến góp ý dự thảo Kế hoạch chuyển đổi số năm 2027"),
    ("nhat ky dien tu trong san xuat lua", "Ứng dụng nhật ký điện tử trong sản xuất lúa"),
    ("to cong nghe so cong dong", "Ra mắt 172 tổ công nghệ số cộng đồng tại các xã, phường"),
    ("tong ket nam 2025", "Sở Thông tin và Truyền thông tổng kết công tác năm 2025"),
    ("cai cach hanh chinh", "Sở Thông tin và Truyền thông dẫn đầu chỉ số cải cách hành chính"),
    ("trả kết quả tại nhà", "Bưu điện hỗ trợ trả kết quả thủ tục hành chính tại nhà"),
    ("thu tuc truc tuyen toan trinh", "Hơn 90% thủ tục hành chính được cung cấp trực tuyến toàn trình"),
    # inspection reports
    ("ket luan thanh tra hoat dong in", "Kết luận thanh tra hoạt động in trên địa bàn thành phố Mỹ Tho"),
    ("kiem tra buu chinh 2025", "Kết luận kiểm tra hoạt động bưu chính năm 2025"),
    ("trang thong tin dien tu tong hop", "Kiểm tra hoạt động của trang thông tin điện tử tổng hợp"),
    ("lỗ hổng bảo mật", "Kiểm tra công tác bảo đảm an toàn thông tin tại các sở, ngành"),
    (
        "kiem tra doanh nghiep vien thong",
        "Kết luận kiểm tra việc chấp hành pháp luật về viễn thông tại các doanh nghiệp",
    ),
    ("Viettel Tiền Giang", "Kết luận kiểm tra việc chấp hành pháp luật về viễn thông tại các doanh nghiệp"),
]
REQUIRED_SHARE = 0.9


class SiteSearchRelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_articles_demo", stdout=StringIO())

    def pages(self):
        return Page.objects.live().public().filter(locale=Locale.get_default()).not_type(LegalDocumentPage)

    def top3(self, query):
        _parsed, entries = search_pages(self.pages(), query)
        ids = list(entries.values_list("page_id", flat=True)[:3])
        titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
        return [titles[pk] for pk in ids]

    def wagtail_top3(self, query):
        return [page.title for page in self.pages().search(query)[:3]]

    def test_the_expected_page_is_in_the_top_3(self):
        hits, wagtail_hits, misses = 0, 0, []
        for query, expected in RELEVANCE_SET:
            found = self.top3(query)
            if expected in found:
                hits += 1
            else:
                misses.append((query, expected, found))
            wagtail_hits += expected in self.wagtail_top3(query)
        total = len(RELEVANCE_SET)
        print(
            f"\nsite search relevance: {hits}/{total} queries ({hits / total:.0%}) have their page in the "
            f"top 3; Wagtail's database search on the same pages: {wagtail_hits}/{total} "
            f"({wagtail_hits / total:.0%})"
        )
        for miss in misses:
            print("  miss:", miss)
        self.assertGreaterEqual(total, 20)
        self.assertGreaterEqual(hits / total, REQUIRED_SHARE, misses)
