"""The admin's "Thống kê truy cập": figures, the 90-day chart, top pages, one page, CSV exports."""

import datetime
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import StandardPageFactory
from tests.helpers import soup
from visits import counter
from visits.models import DailyVisits, PageDailyVisits

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=HCM)
TODAY = NOW.date()

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("bien-tap", "bt@example.com", "mat-khau-dai-123")
    client.force_login(user)
    return client


@pytest.fixture
def history():
    """Views on some of the last 90 days, and two pages read today."""
    intro = StandardPageFactory(title="Giới thiệu")
    contact = StandardPageFactory(title="=Liên hệ")  # a title a spreadsheet would run as a formula
    for days_ago, views in [(0, 40), (1, 25), (10, 7), (89, 3), (90, 1000)]:
        DailyVisits.objects.create(day=TODAY - datetime.timedelta(days=days_ago), views=views)
    PageDailyVisits.objects.create(day=TODAY, page=intro, views=30)
    PageDailyVisits.objects.create(day=TODAY, page=contact, views=10)
    PageDailyVisits.objects.create(day=TODAY - datetime.timedelta(days=1), page=contact, views=25)
    return intro, contact


def test_the_report_shows_the_figures_a_90_day_chart_and_the_top_pages(editor, history):
    intro, contact = history
    with time_machine.travel(NOW, tick=False):
        counter.record_view("reader", intro.pk)  # still in Redis (when used): the report flushes first
        response = editor.get(reverse("visits_admin"))
    assert response.status_code == 200
    document = soup(response)
    summary = {
        div.dt.get_text(strip=True): div.dd.get_text(strip=True)
        for div in document.select(".visits-summary > div")
    }
    assert summary["Hôm nay"] == "41"
    assert summary["Tổng lượt truy cập"] == "1.076"

    svg = document.select_one(".visits-chart svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "Lượt xem theo ngày, 90 ngày qua"
    bars = svg.select("rect")
    assert len(bars) == 90
    assert bars[-1].title.get_text() == "18/03/2026: 41 lượt xem"
    assert bars[0].title.get_text() == "19/12/2025: 3 lượt xem"  # 89 days ago; 90 days ago is out
    assert "76 lượt xem" in svg.desc.get_text()  # 41 + 25 + 7 + 3
    # Every day is in a table too, for screen readers and for reading exact figures.
    assert len(document.select(".visits-chart details tbody tr")) == 90

    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in document.select("#visits-top-heading ~ table tbody tr")
    ]
    assert [row[1] for row in rows] == ["35", "31"]  # 30 days by default
    assert rows[0][0].startswith("=Liên hệ") and rows[1][0].startswith("Giới thiệu")
    link = document.select_one("#visits-top-heading ~ table a")
    assert link["href"] == f"?page={contact.pk}"


def test_the_top_pages_period_can_be_changed(editor, history):
    with time_machine.travel(NOW, tick=False):
        document = soup(editor.get(reverse("visits_admin"), {"days": 7}))
    assert document.select_one("#visits-days option[selected]")["value"] == "7"


def test_one_pages_own_figures(editor, history):
    intro, contact = history
    with time_machine.travel(NOW, tick=False):
        response = editor.get(reverse("visits_admin"), {"page": contact.pk})
    assert response.status_code == 200
    document = soup(response)
    summary = [div.dd.get_text(strip=True) for div in document.select(".visits-summary > div")]
    assert summary == ["10", "35", "35", "35"]  # today, 7 days, 90 days, all time
    assert (
        document.select_one(".visits-chart svg rect:last-of-type title").get_text()
        == "18/03/2026: 10 lượt xem"
    )
    assert document.select("#visits-top-heading") == []
    assert editor.get(reverse("visits_admin"), {"page": 987654}).status_code == 404
    assert editor.get(reverse("visits_admin"), {"page": "abc"}).status_code == 404


def test_the_daily_figures_and_the_top_pages_export_as_csv(editor, history):
    intro, contact = history
    with time_machine.travel(NOW, tick=False):
        daily = editor.get(reverse("visits_admin"), {"export": "daily"})
        pages = editor.get(reverse("visits_admin"), {"export": "pages", "days": 90})
    assert daily["Content-Type"] == "text/csv; charset=utf-8"
    assert daily["Content-Disposition"] == 'attachment; filename="thong-ke-truy-cap-2026-03-18.csv"'
    lines = daily.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Ngày,Lượt xem"
    assert len(lines) == 91
    assert lines[-1] == "2026-03-18,40"
    rows = pages.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Số trang,Tiêu đề,Địa chỉ,Lượt xem"
    assert rows[1].startswith(f"{contact.pk},'=Liên hệ,")  # neutralised for spreadsheets
    assert rows[1].endswith(",35")


def test_every_editor_finds_it_under_reports_and_on_each_page(editor, history):
    intro, _contact = history
    menu = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("visits_admin") in menu
    assert reverse("ratings_admin") in menu
    edit = editor.get(reverse("wagtailadmin_pages:edit", args=[intro.pk])).content.decode()
    assert f"{reverse('visits_admin')}?page={intro.pk}" in edit


def test_the_report_needs_admin_access(client):
    response = client.get(reverse("visits_admin"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
