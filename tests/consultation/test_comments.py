"""Readers comment on a draft or one of its articles: what they see, what is refused and why, and the
page cache around it."""

import datetime

import pytest
import time_machine

from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import Locale

from consultation.models import CommentStatus, ConsultationReportPage, DraftComment, ReportItem
from tests.factories import DraftCommentFactory, DraftDocumentPageFactory
from tests.helpers import soup

pytestmark = pytest.mark.django_db

IP = "203.0.113.20"


@pytest.fixture
def draft():
    return DraftDocumentPageFactory(title="Dự thảo Quy chế chia sẻ dữ liệu số")


def answered(page_response):
    """The check question of the form on ``page_response``, answered as a person would."""
    from tests.participation.helpers import answer_to

    document = soup(page_response)
    token = document.find("input", attrs={"name": "challenge_token"})["value"]
    label = document.find("label", attrs={"for": "id_challenge_answer"})
    return {"challenge_token": token, "challenge_answer": answer_to(label.get_text(" ", strip=True))}


def form_data(page_response=None, **overrides):
    data = {
        "challenge_token": "",
        "challenge_answer": "",
        "article": "",
        "body": "Đề nghị bổ sung quy định về bảo vệ dữ liệu cá nhân khi chia sẻ.",
        "name": "Trần Thị Bình",
        "show_name": "on",
        "contact": "binh.tran@example.vn",
        "consent": "on",
    }
    if page_response is not None:
        data.update(answered(page_response))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def send(draft, ip=IP, url=None, **overrides):
    """Load the form as a reader, then send it filled in (check question answered)."""
    client = Client(REMOTE_ADDR=ip)
    url = url or draft.url
    page = client.get(url)
    if page.status_code == 200 and soup(page).find("input", attrs={"name": "challenge_token"}):
        return client.post(url, form_data(page, **overrides))
    return client.post(url, form_data(**overrides))


def text(response):
    return soup(response).get_text(" ", strip=True)


# Sending ----------------------------------------------------------------------------------------------


def test_a_comment_on_one_article_waits_for_moderation_and_the_reader_is_thanked(draft):
    article_id, label = draft.articles[1]
    response = send(draft, article=article_id)
    assert response.status_code == 303
    assert response["Location"] == f"{draft.url}?sent=1#comment-form"
    comment = DraftComment.objects.get()
    assert (comment.status, comment.article_id, comment.article_label) == (
        CommentStatus.PENDING,
        article_id,
        "Điều 2. Đối tượng áp dụng",
    )
    assert comment.contact == "binh.tran@example.vn"
    page = Client().get(response["Location"])
    assert "Góp ý của bạn đã được tiếp nhận" in text(page)
    assert "bảo vệ dữ liệu cá nhân khi chia sẻ" not in text(page)  # not shown before moderation


def test_an_approved_comment_shows_under_its_article_with_the_name_only_if_agreed(draft):
    first, second = draft.articles[0][0], draft.articles[1][0]
    DraftCommentFactory(page=draft, article_id=first, body="Ý kiến có tên người gửi được hiển thị.")
    DraftCommentFactory(
        page=draft,
        article_id=second,
        body="Ý kiến không muốn hiện tên.",
        name="Lê Văn Cường",
        show_name=False,
    )
    DraftCommentFactory(page=draft, body="Ý kiến bị từ chối.", status=CommentStatus.REJECTED)
    page = soup(Client().get(draft.url))
    under_first = page.find(id=f"dieu-{first}").get_text(" ", strip=True)
    under_second = page.find(id=f"dieu-{second}").get_text(" ", strip=True)
    assert "Nguyễn Văn An" in under_first and "Ý kiến có tên người gửi được hiển thị." in under_first
    assert "Người góp ý" in under_second and "Lê Văn Cường" not in page.get_text()
    assert "Ý kiến bị từ chối." not in page.get_text()
    assert "an.nguyen@example.vn" not in str(page)


def test_each_article_links_to_the_form_with_the_article_chosen_without_javascript(draft):
    article_id = draft.articles[2][0]
    page = soup(Client().get(f"{draft.url}?article={article_id}"))
    link = page.find(id=f"dieu-{article_id}").find("a", string="Góp ý điều này")
    assert link["href"] == f"{draft.url}?article={article_id}#comment-form"
    chosen = page.find("select", attrs={"name": "article"}).find("option", selected=True)
    assert chosen["value"] == article_id and chosen.get_text() == "Điều 3"


def test_the_form_has_a_csrf_token_and_a_consent_line_linking_the_privacy_notice(draft):
    from django.conf import settings

    from tests.factories import StandardPageFactory

    StandardPageFactory(title="Chính sách bảo vệ dữ liệu cá nhân", slug=settings.PARTICIPATION_PRIVACY_SLUG)
    form = soup(Client().get(draft.url)).find("form", class_="comment-form__form")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    consent = form.find(class_="form-field--consent")
    assert "Tôi đồng ý để Sở xử lý góp ý" in consent.find("label", attrs={"for": "id_consent"}).get_text()
    assert consent.find("a")["href"] == f"/{settings.PARTICIPATION_PRIVACY_SLUG}/"


def test_csrf_is_checked(draft):
    page = Client().get(draft.url)
    response = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP).post(draft.url, form_data(page))
    assert response.status_code == 403
    assert not DraftComment.objects.exists()


def test_the_english_version_speaks_english_and_shares_the_comments_of_the_draft(draft):
    english = Locale.objects.get(language_code="en")
    translated = draft.copy_for_translation(english, copy_parents=True)
    translated.title = "Draft regulation on sharing digital data"
    translated.save_revision().publish()
    page = Client().get(translated.url)
    assert translated.url.startswith("/en/")
    assert "Send a comment" in text(page) and "11 days left" in text(page)
    response = send(translated, url=translated.url, body="A comment sent in English here.")
    assert response.status_code == 303
    comment = DraftComment.objects.get()
    assert (comment.page_id, comment.language) == (translated.pk, "en")
    comment.status = CommentStatus.APPROVED
    comment.save()
    assert "A comment sent in English here." in text(Client().get(draft.url))


# Bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": ""}, "Vui lòng nhập nội dung góp ý trước khi gửi."),
        ({"body": "   \n\t "}, "Vui lòng nhập nội dung góp ý trước khi gửi."),
        ({"body": "Ngắn"}, "quá ngắn"),
        ({"body": "x" * 5001}, "tối đa 5000 ký tự (hiện có 5001 ký tự)"),
        ({"body": "Xem <a href='http://spam.example'>đây</a> nhé bạn"}, "không dùng thẻ HTML"),
        ({"body": "<script>alert(1)</script> góp ý"}, "không dùng thẻ HTML"),
        ({"article": "khong-co-dieu-nay"}, "Điều bạn chọn không có trong dự thảo này"),
        ({"consent": None}, "đánh dấu ô đồng ý"),
        ({"contact": "khong-phai-email@"}, "thư điện tử hợp lệ"),
        ({"contact": "12ab"}, "số điện thoại hợp lệ"),
        ({"name": "", "show_name": "on"}, "nhập họ tên cần hiển thị"),
        ({"name": "A" * 101}, "Họ tên quá dài"),
        ({"challenge_answer": "99"}, "Câu trả lời cho câu hỏi kiểm tra chưa đúng"),
        ({"challenge_token": "gia-mao"}, "Trả lời câu hỏi mới"),
        ({"website": "http://spam.example"}, "Ô này phải để trống"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_the_form_kept(draft, overrides, message):
    response = send(draft, **overrides)
    assert response.status_code == 400
    assert message in text(response)
    assert "Góp ý chưa được gửi" in text(response)
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    assert not DraftComment.objects.exists()
    if overrides.get("body", "").startswith("Xem"):
        assert soup(response).find("textarea", attrs={"name": "body"}).get_text().strip().startswith("Xem <a")


def test_a_phone_number_is_a_valid_contact_and_text_is_normalised(draft):
    decomposed = "Đề nghị bổ sung quy định về thời hạn.".replace("ề", "e\u0302\u0300")
    assert send(draft, contact="0912 345 678", body=f"  {decomposed}\x07 ").status_code == 303
    comment = DraftComment.objects.get()
    assert comment.contact == "0912 345 678"
    assert comment.body == "Đề nghị bổ sung quy định về thời hạn."


def test_the_same_comment_twice_is_refused(draft):
    assert send(draft).status_code == 303
    again = send(draft, ip="203.0.113.21")
    assert again.status_code == 409
    assert "đã được gửi" in text(again)
    assert DraftComment.objects.count() == 1


@override_settings(PARTICIPATION_ADDRESS_RATE_LIMIT="2/600")
def test_too_many_comments_from_one_address_are_refused_with_what_to_do(draft):
    for n in range(2):
        assert send(draft, body=f"Góp ý số {n} về phạm vi điều chỉnh.").status_code == 303
    refused = send(draft, body="Góp ý thứ ba về phạm vi điều chỉnh.")
    assert refused.status_code == 429
    assert "Vui lòng chờ" in text(refused) and int(refused["Retry-After"]) > 0
    assert send(draft, ip="203.0.113.99", body="Góp ý từ người khác về phạm vi.").status_code == 303


# Period -----------------------------------------------------------------------------------------------


def test_a_closed_consultation_takes_no_comment_and_has_no_form():
    draft = DraftDocumentPageFactory(closed=True)
    page = Client().get(draft.url)
    assert soup(page).find("form", class_="comment-form__form") is None
    assert "không nhận thêm góp ý" in text(page)
    response = send(draft)
    assert response.status_code == 403
    assert "Dự thảo đã hết thời gian lấy ý kiến" in text(response)
    assert soup(response).find("form", class_="comment-form__form") is None
    assert not DraftComment.objects.exists()


def test_a_consultation_not_yet_open_takes_no_comment():
    today = timezone.localdate()
    draft = DraftDocumentPageFactory(
        opens_on=today + datetime.timedelta(days=2), closes_on=today + datetime.timedelta(days=20)
    )
    page = Client().get(draft.url)
    assert soup(page).find("form", class_="comment-form__form") is None
    assert "Dự thảo bắt đầu nhận góp ý từ ngày" in text(page)
    response = send(draft)
    assert response.status_code == 403 and "chưa đến thời gian lấy ý kiến" in text(response)


def test_the_countdown_is_text_on_the_page_and_the_last_day_counts(draft):
    assert "Còn 11 ngày" in text(Client().get(draft.url))
    with time_machine.travel(
        datetime.datetime.combine(draft.closes_on, datetime.time(23, 30), timezone.get_current_timezone())
    ):
        page = Client().get(draft.url)
        assert "Hôm nay là ngày cuối nhận góp ý" in text(page)
        assert send(draft).status_code == 303
    with time_machine.travel(
        datetime.datetime.combine(
            draft.closes_on + datetime.timedelta(days=1), datetime.time(0, 1), timezone.get_current_timezone()
        )
    ):
        assert send(draft, body="Gửi sau nửa đêm ngày cuối cùng.").status_code == 403


# Page cache -------------------------------------------------------------------------------------------


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield


@pytest.mark.usefixtures("page_cache_on")
def test_an_open_draft_is_never_stored_so_its_countdown_and_form_follow_the_clock(draft):
    first, second = Client().get(draft.url), Client().get(draft.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("bypass", "bypass")
    assert "private" in second["Cache-Control"]


@pytest.mark.usefixtures("page_cache_on")
def test_a_closed_draft_is_stored_and_purged_when_a_comment_is_moderated():
    draft = DraftDocumentPageFactory(closed=True)
    comment = DraftCommentFactory(
        page=draft, status=CommentStatus.PENDING, body="Ý kiến chờ kiểm duyệt xong."
    )
    assert Client().get(draft.url)["X-Page-Cache"] == "miss"
    assert Client().get(draft.url)["X-Page-Cache"] == "hit"
    comment.status = CommentStatus.APPROVED
    comment.save()
    fresh = Client().get(draft.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Ý kiến chờ kiểm duyệt xong." in text(fresh)


@pytest.mark.usefixtures("page_cache_on")
def test_contact_details_never_reach_the_page_cache(draft):
    DraftCommentFactory(page=draft, contact="bi.mat@example.vn")
    send(draft, contact="rieng.tu@example.vn")
    closed = DraftDocumentPageFactory(closed=True, parent=draft.get_parent().specific)
    DraftCommentFactory(page=closed, contact="kin.dao@example.vn")
    for url in (draft.url, closed.url, closed.url, draft.get_parent().url):
        Client().get(url)
    stored = repr(caches["default"]._cache) if hasattr(caches["default"], "_cache") else ""
    if not stored:  # Redis: read every stored value under this run's prefix
        backend = caches["default"]
        stored = repr([backend.get(key) for key in backend.keys("*")])
    assert "kin.dao" not in stored and "bi.mat" not in stored and "rieng.tu" not in stored


@pytest.mark.usefixtures("page_cache_on")
def test_publishing_a_report_purges_its_draft_in_every_language():
    draft = DraftDocumentPageFactory(closed=True)
    english = draft.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    comment = DraftCommentFactory(page=draft, body="Ý kiến được trả lời trong báo cáo.")
    for url in (draft.url, english.url):
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"
    report = ConsultationReportPage(title="Báo cáo tiếp thu, giải trình")
    draft.add_child(instance=report)
    report.items = [ReportItem(comment=comment, disposition="accepted", response="Đã tiếp thu toàn bộ.")]
    report.save_revision().publish()
    for url in (draft.url, english.url):
        fresh = Client().get(url)
        assert fresh["X-Page-Cache"] == "miss"
        assert "Đã tiếp thu toàn bộ." in text(fresh)


@pytest.mark.usefixtures("page_cache_on")
def test_a_closed_list_is_stored_and_a_new_draft_purges_it_in_every_language():
    first = DraftDocumentPageFactory(closed=True, title="Dự thảo đã đóng")
    index = first.get_parent().specific
    english = index.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    for url in (index.url, english.url):
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"
    DraftDocumentPageFactory(parent=index, title="Dự thảo mới mở")
    for url in (index.url, english.url):
        fresh = Client().get(url)
        assert fresh["X-Page-Cache"] == "bypass"  # an open draft in it: the list follows the clock
        assert "Dự thảo mới mở" in text(fresh)
