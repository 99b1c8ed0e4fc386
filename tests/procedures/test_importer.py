"""Importing the department's procedures from a CSV export: bad rows are reported with their line
number while the rest imports, the same file twice changes nothing, a change goes through a revision."""

import io

import pytest

from django.urls import reverse

from procedures.importer import ProcedureImporter, parse_fee, read_rows
from procedures.models import ProcedurePage
from tests.factories.procedures import ProcedureIndexPageFactory
from tests.workflow.helpers import make_user, setup_portal

pytestmark = pytest.mark.django_db

HEADER = "code,title,field,level,agency,processing_time,fee,fee_note,summary,national_portal_url\n"
PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="
GOOD = (
    f"1.004945,Cấp giấy phép xuất bản bản tin,Báo chí,Toàn trình,Sở TT&TT,15 ngày,0,,,{PORTAL}1.004945\n"
    "1.005450,Cấp giấy phép bưu chính,Bưu chính,Một phần,Sở TT&TT,18 ngày làm việc,"
    f'"5.500.000 đ",,,{PORTAL}1.005450\n'
)


def run(text, register=None, **options):
    register = register or ProcedureIndexPageFactory()
    report = ProcedureImporter(register, **options).run(read_rows(io.StringIO(text)))
    return register, report


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.500.000", 1_500_000),
        ("1.500.000 đ", 1_500_000),
        ("1500000 đồng", 1_500_000),
        ("Miễn phí", 0),
        ("", None),
    ],
)
def test_fees_are_read_in_the_ways_people_write_them(text, amount):
    assert parse_fee(text) == amount


def test_good_rows_become_live_procedures():
    register, report = run(HEADER + GOOD)
    assert (report.created, report.rejected) == (2, [])
    postal = ProcedurePage.objects.get(code="1.005450")
    assert postal.live and postal.get_parent().pk == register.pk
    assert (postal.fee, postal.level, postal.field_name) == (5_500_000, "partial", "Bưu chính")
    assert postal.latest_revision is not None  # an editor opens it as imported


def test_bad_rows_are_reported_by_line_and_the_rest_imports():
    text = (
        HEADER
        + GOOD.splitlines(keepends=True)[0]
        + ",Không có mã,Báo chí,,,,,,,\n"  # line 3: no code
        + "1.1,Thủ tục,Báo chí,Mức 9,,5 ngày,,,,\n"  # line 4: unknown level
        + "1.2,Thủ tục,Báo chí,,,5 ngày,năm trăm,,,\n"  # line 5: fee not a number
        + "1.3,Thủ tục,Báo chí,,,5 ngày,,,,https://example.com/\n"  # line 6: not the national portal
        + "1.004945,Trùng mã,Báo chí,,,5 ngày,,,,\n"  # line 7: same code as line 2
        + '"1.4,Hai dòng\nvẫn một ô",Báo chí\n'  # lines 8-9: a cell over two lines, no processing time
        + GOOD.splitlines(keepends=True)[1]  # line 10
    )
    _register, report = run(text)
    assert report.created == 2
    assert [line for line, _reason in report.rejected] == [3, 4, 5, 6, 7, 9]
    reasons = dict(report.rejected)
    assert "“code”" in reasons[3]
    assert "Mức 9" in reasons[4]
    assert "năm trăm" in reasons[5]
    assert "dichvucong.gov.vn" in reasons[6]
    assert "dòng 2" in reasons[7]


def test_the_same_file_twice_changes_nothing():
    register, _ = run(HEADER + GOOD)
    revisions = {page.pk: page.latest_revision_id for page in ProcedurePage.objects.all()}
    _register, report = run(HEADER + GOOD, register)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert {page.pk: page.latest_revision_id for page in ProcedurePage.objects.all()} == revisions


def test_a_changed_row_updates_the_page_through_a_new_revision_and_keeps_its_address():
    register, _ = run(HEADER + GOOD)
    before = ProcedurePage.objects.get(code="1.005450")
    _register, report = run(HEADER + GOOD.replace("18 ngày làm việc", "12 ngày làm việc"), register)
    after = ProcedurePage.objects.get(code="1.005450")
    assert (report.updated, report.unchanged) == (1, 1)
    assert after.processing_time == "12 ngày làm việc"
    assert after.url_path == before.url_path
    assert after.latest_revision_id != before.latest_revision_id


def test_a_draft_import_leaves_new_procedures_unpublished():
    _register, report = run(HEADER + GOOD, publish=False)
    assert report.created == 2
    assert not ProcedurePage.objects.filter(live=True).exists()


def test_a_dry_run_writes_nothing():
    _register, report = run(HEADER + GOOD, dry_run=True)
    assert report.created == 2
    assert not ProcedurePage.objects.exists()


def test_vietnamese_headers_of_the_national_export_are_understood():
    text = (
        'Mã thủ tục,Tên thủ tục,Lĩnh vực,Mức độ,Cơ quan thực hiện,Thời hạn giải quyết,"Phí, lệ phí",Cột lạ\n'
        "2.001,Cho phép họp báo,Báo chí,Một phần,Sở TT&TT,02 ngày làm việc,0,bỏ qua\n"
    )
    _register, report = run(text)
    assert report.rejected == []
    page = ProcedurePage.objects.get(code="2.001")
    assert (page.title, page.processing_time, page.fee) == ("Cho phép họp báo", "02 ngày làm việc", 0)


def test_a_cell_guarded_against_formulas_is_read_back_as_written():
    _register, report = run(HEADER + "'=1.9,Thủ tục có dấu bằng,Báo chí,,,5 ngày,,,,\n")
    assert report.rejected == []
    assert ProcedurePage.objects.get().code == "=1.9"


# The admin view ---------------------------------------------------------------------------------


@pytest.fixture
def leader():
    setup_portal()
    return make_user("lanh-dao", "leader")


def upload(client, register, text, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"register": register.pk, "file": SimpleUploadedFile("thu-tuc.csv", text.encode(), "text/csv")}
    data.update(fields)
    return client.post(reverse("procedures_import"), data)


def test_a_leader_imports_from_the_admin_and_sees_each_rejected_line(client, leader):
    register = ProcedureIndexPageFactory()
    client.force_login(leader)
    response = upload(client, register, HEADER + GOOD + "1.9,,Báo chí,,,5 ngày,,,,\n", publish="on")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 mới, 0 cập nhật, 0 không đổi, 1 bị từ chối" in html
    assert "<td>4</td><td>cột “title” để trống</td>" in html
    assert ProcedurePage.objects.live().count() == 2


def test_the_admin_refuses_a_file_that_is_not_csv_in_vietnamese(client, leader):
    client.force_login(leader)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("procedures_import"),
        {"register": ProcedureIndexPageFactory().pk, "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 200
    assert "Hãy chọn tệp .csv." in response.content.decode()


def test_a_file_that_is_not_utf8_is_refused_with_a_message(client, leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(leader)
    response = client.post(
        reverse("procedures_import"),
        {
            "register": ProcedureIndexPageFactory().pk,
            "file": SimpleUploadedFile(
                "a.csv", HEADER.encode() + b"1.1,Th\xf9 t\xf5c,B\xe1o ch\xed,,,5 ng\xe0y\n"
            ),
        },
    )
    assert response.status_code == 200
    assert "Tệp không phải văn bản CSV mã UTF-8." in response.content.decode()
    assert ProcedurePage.objects.count() == 0


def test_an_editor_may_not_import(client):
    setup_portal()
    client.force_login(make_user("phong-vien", "editor"))
    response = client.get(reverse("procedures_import"))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
