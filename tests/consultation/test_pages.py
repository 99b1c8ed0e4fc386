"""The draft and list pages: the period on the department's calendar, the list's order and filter, the
English list, search, the sitemap, what never leaves the admin, and the demo content."""

import datetime
from io import StringIO

import pytest
import time_machine

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from wagtail.models import Locale

from consultation.demo import load_demo
from consultation.models import (
    CommentStatus,
    ConsultationIndexPage,
    ConsultationReportPage,
    DraftComment,
    DraftDocumentPage,
    Period,
)
from tests.factories import ConsultationIndexPageFactory, DraftCommentFactory, DraftDocumentPageFactory
from tests.factories.pages import default_home
from tests.helpers import soup

pytestmark = pytest.mark.django_db
HCM = timezone.get_fixed_timezone(7 * 60)
DAY = datetime.date(2026, 12, 7)


def at(day, hour=12):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour, 0), HCM), tick=False)


def text(response):
    return soup(response).get_text(" ", strip=True)


# The period ------------------------------------------------------------------------------------------


def test_the_period_follows_the_departments_calendar_and_counts_today():
    draft = DraftDocumentPage(opens_on=DAY, closes_on=DAY + datetime.timedelta(days=9))
    with translation.override("vi"):
        assert draft.period(DAY - datetime.timedelta(days=1)) == Period.UPCOMING
        assert draft.countdown_text(DAY - datetime.timedelta(days=1)) == "Bắt đầu từ ngày 07/12/2026"
        assert draft.countdown_text(DAY) == "Còn 10 ngày"
        assert draft.countdown_text(DAY + datetime.timedelta(days=9)) == "Hôm nay là ngày cuối nhận góp ý"
        assert draft.countdown_text(DAY + datetime.timedelta(days=10)) == "Kết thúc ngày 16/12/2026"
    with translation.override("en"):
        assert draft.countdown_text(DAY + datetime.timedelta(days=8)) == "2 days left"
        assert draft.countdown_text(DAY - datetime.timedelta(days=1)) == "Opens on 7 Dec 2026"
    # 23:30 in Hà Nội on the last day is 16:30 UTC: still open; 00:30 the next day (17:30 UTC) is not.
    last = DAY + datetime.timedelta(days=9)
    with at(last, 23):
        assert draft.is_open()
    with time_machine.travel(datetime.datetime(2026, 12, 16, 17, 30, tzinfo=datetime.UTC), tick=False):
        assert not draft.is_open()


def test_a_consultation_cannot_close_before_it_opens():
    draft = DraftDocumentPageFactory()
    draft.closes_on = draft.opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()
    assert "Ngày kết thúc lấy ý kiến không được trước ngày bắt đầu." in str(caught.value)


def test_the_articles_are_the_article_blocks_with_their_ids():
    draft = DraftDocumentPageFactory()
    assert [label for _id, label in draft.articles] == [
        "Điều 1. Phạm vi điều chỉnh",
        "Điều 2. Đối tượng áp dụng",
        "Điều 3",
    ]
    assert [block.id for block in draft.body if block.block_type == "article"] == [
        article_id for article_id, _label in draft.articles
    ]


# The list --------------------------------------------------------------------------------------------


@pytest.fixture
def listing():
    index = ConsultationIndexPageFactory()
    today = timezone.localdate()

    def make(title, opens, closes):
        return DraftDocumentPageFactory(
            parent=index,
            title=title,
            opens_on=today + datetime.timedelta(days=opens),
            closes_on=today + datetime.timedelta(days=closes),
        )

    make("Đã đóng lâu", -60, -30)
    make("Sắp mở", 3, 20)
    make("Mở, còn lâu", -2, 25)
    make("Đã đóng gần đây", -20, -2)
    make("Mở, sắp hết hạn", -10, 1)
    return index


def titles(response):
    return [h.get_text(strip=True) for h in soup(response).select(".draft-list__title")]


def test_the_list_shows_open_drafts_first_then_those_to_come_then_closed_ones(listing):
    response = Client().get(listing.url)
    assert titles(response) == ["Mở, sắp hết hạn", "Mở, còn lâu", "Sắp mở", "Đã đóng gần đây", "Đã đóng lâu"]
    assert "Còn 2 ngày" in text(response)
    assert "private" in response["Cache-Control"]  # the countdowns move with the clock


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["Mở, sắp hết hạn", "Mở, còn lâu"]),
        ("closed", ["Đã đóng gần đây", "Đã đóng lâu"]),
        ("upcoming", ["Sắp mở"]),
        ("anything", ["Mở, sắp hết hạn", "Mở, còn lâu", "Sắp mở", "Đã đóng gần đây", "Đã đóng lâu"]),
    ],
)
def test_the_list_filters_by_period_with_a_plain_form(listing, status, expected):
    response = Client().get(f"{listing.url}?status={status}")
    assert response.status_code == 200
    assert titles(response) == expected
    form = soup(response).find("form", class_="filters")
    assert form["method"] == "get" and form.find("button", type="submit")


def test_the_english_list_shows_the_vietnamese_drafts_without_a_translation(listing):
    english = Locale.objects.get(language_code="en")
    listing_en = listing.copy_for_translation(english, copy_parents=True)
    listing_en.save_revision().publish()
    source = DraftDocumentPage.objects.get(title="Mở, còn lâu")
    translated = source.copy_for_translation(english)
    translated.title = "Open, closing later"
    translated.save_revision().publish()
    response = Client().get(listing_en.url)
    assert titles(response) == [
        "Mở, sắp hết hạn",
        "Open, closing later",
        "Sắp mở",
        "Đã đóng gần đây",
        "Đã đóng lâu",
    ]
    assert "2 days left" in text(response)


# Search, sitemap, API, feeds -------------------------------------------------------------------------


def test_a_draft_is_found_by_the_site_search_and_listed_in_the_sitemap():
    draft = DraftDocumentPageFactory(title="Dự thảo Quy chế quản lý cơ sở dữ liệu đất đai")
    DraftCommentFactory(
        page=draft, contact="an.nguyen@example.vn", body="Đề nghị bổ sung điều khoản chuyển tiếp."
    )
    found = Client().get("/search/?query=quan+ly+co+so+du+lieu+dat+dai")
    assert draft.title in text(found)
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert f"http://localhost{draft.url}" in sitemap or draft.url in sitemap
    assert "an.nguyen" not in sitemap


def test_comments_never_reach_feeds_or_the_apis():
    draft = DraftDocumentPageFactory()
    DraftCommentFactory(page=draft, contact="an.nguyen@example.vn", body="Góp ý về nội dung Điều 1 dự thảo.")
    for url in ("/rss.xml", "/api/v2/legal-documents/", "/sitemap.xml", "/search/?query=dieu+1"):
        response = Client().get(url)
        body = response.content.decode()
        assert "an.nguyen" not in body, url
        assert "Góp ý về nội dung Điều 1 dự thảo." not in body, url


def test_sending_a_comment_writes_no_contact_to_the_logs(caplog):
    from tests.consultation.test_comments import send

    draft = DraftDocumentPageFactory()
    with caplog.at_level("DEBUG"):
        send(draft, contact="rieng.tu@example.vn", body="Đề nghị bổ sung thời hạn chuyển tiếp.")
        send(draft, contact="rieng.tu@example.vn", body="<b>HTML</b> bị từ chối ở đây nhé.")
    assert DraftComment.objects.count() == 1
    assert "rieng.tu" not in caplog.text


# Demo ------------------------------------------------------------------------------------------------


def test_the_demo_has_one_open_and_one_closed_consultation_with_its_report_and_loads_once():
    home = default_home()
    call_command("setup_portal", stdout=StringIO())
    created, _message = load_demo(home)
    assert created == 4
    index = ConsultationIndexPage.objects.get(locale__language_code="vi")
    drafts = {draft.period(): draft for draft in DraftDocumentPage.objects.child_of(index).live()}
    assert set(drafts) == {Period.OPEN, Period.CLOSED}
    report = ConsultationReportPage.objects.child_of(drafts[Period.CLOSED]).live().get()
    assert len(report.report_rows()) == 3
    assert DraftComment.objects.filter(status=CommentStatus.APPROVED).count() == 5
    closed = Client().get(drafts[Period.CLOSED].url)
    assert "Báo cáo tiếp thu, giải trình ý kiến góp ý" in text(closed)
    english = drafts[Period.OPEN].get_translation(Locale.objects.get(language_code="en"))
    assert "Send a comment" in text(Client().get(english.url))
    assert load_demo(home)[0] == 0
