"""Demo content of the citizens' pages: the privacy notice, fields, units, answered questions, feedback.

Idempotent: ``manage.py load_demo`` calls ``load_demo(home)``, and a second run changes nothing. The
demo's askers are invented and their addresses use example.com; no e-mail is sent while loading.
"""

from django.db import transaction
from django.utils import timezone

from home.localize import paragraph_text, translate_with_localize
from home.models import StandardPage
from participation.models import (
    Feedback,
    FeedbackCategory,
    Question,
    QuestionAnswerCitation,
    QuestionAnswerPage,
    QuestionIndexPage,
    Status,
    Topic,
    Unit,
)

PRIVACY_TITLE = ("Chính sách bảo vệ dữ liệu cá nhân", "Privacy notice")
PRIVACY_PARAGRAPHS = [
    (
        "Sở Thông tin và Truyền thông xử lý dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân số "
        "91/2025/QH15. Khi gửi câu hỏi hoặc phản ánh, kiến nghị, bạn cung cấp họ tên và thư điện tử "
        "hoặc số điện thoại để Sở trả lời bạn; Sở không thu thập dữ liệu nào khác.",
        "The Department of Information and Communications processes personal data under the Law on "
        "Personal Data Protection No. 91/2025/QH15. When you send a question, feedback or a petition you "
        "give your name and an e-mail address or a phone number so that the department can answer you; "
        "it collects nothing else.",
    ),
    (
        "Dữ liệu liên hệ chỉ những cán bộ được giao xử lý mới xem được; không bao giờ được công bố cùng câu "
        "trả lời, không đưa vào tệp xuất, bản tin hay nhật ký hệ thống, và được xoá sau 12 tháng kể từ khi "
        "hồ sơ được giải quyết xong.",
        "Your contact details are seen only by the officials who handle your message; they are never "
        "published with the answer, never put in exports, feeds or system logs, and they are erased 12 "
        "months after the case is closed.",
    ),
    (
        "Bạn có quyền yêu cầu xem, sửa hoặc xoá dữ liệu của mình bằng cách liên hệ Sở theo địa chỉ ở "
        "chân trang.",
        "You may ask to see, correct or erase your data by contacting the department at the address in the "
        "footer.",
    ),
]

TOPICS = [
    ("Báo chí, xuất bản", "Press and publishing"),
    ("Viễn thông, Internet", "Telecommunications and the Internet"),
    ("Chuyển đổi số", "Digital transformation"),
]
UNITS = ["Phòng Thông tin – Báo chí – Xuất bản", "Phòng Bưu chính – Viễn thông", "Phòng Chuyển đổi số"]

# (topic index, title, question, answer paragraphs, cited document numbers)
ANSWERED = [
    (
        2,
        "Doanh nghiệp nhỏ có phải đánh giá tác động xử lý dữ liệu cá nhân không?",
        "Công ty tôi có 15 nhân viên, lưu thông tin khách hàng để giao hàng. Chúng tôi có phải lập hồ sơ "
        "đánh giá tác động xử lý dữ liệu cá nhân không?",
        [
            "Theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, bên kiểm soát dữ liệu cá nhân phải lập hồ sơ "
            "đánh giá tác động xử lý dữ liệu cá nhân, trừ các trường hợp được miễn theo quy định của Chính "
            "phủ đối với doanh nghiệp nhỏ, doanh nghiệp khởi nghiệp.",
            "Đề nghị Công ty đối chiếu quy định hướng dẫn hiện hành; nếu cần, liên hệ Phòng Chuyển đổi số "
            "của Sở để được hướng dẫn cụ thể.",
        ],
        ["91/2025/QH15", "13/2023/NĐ-CP"],
    ),
    (
        1,
        "Thủ tục cấp phép thiết lập mạng viễn thông dùng riêng",
        "Tôi muốn biết hồ sơ đề nghị cấp giấy phép thiết lập mạng viễn thông dùng riêng nộp ở đâu và gồm "
        "những giấy tờ gì?",
        [
            "Hồ sơ nộp trực tuyến trên Cổng Dịch vụ công quốc gia hoặc trực tiếp tại Trung tâm Phục vụ hành "
            "chính công tỉnh. Thành phần hồ sơ được niêm yết tại thủ tục tương ứng trên Cổng Dịch vụ công.",
        ],
        [],
    ),
    (
        0,
        "Đăng ký phát hành bản tin của doanh nghiệp",
        "Doanh nghiệp muốn phát hành bản tin nội bộ hằng tháng thì có cần xin phép không?",
        [
            "Cơ quan, tổ chức muốn xuất bản bản tin phải có giấy phép xuất bản bản tin theo Luật Báo chí. Hồ "
            "sơ gửi Sở Thông tin và Truyền thông; thời hạn giải quyết là 15 ngày kể từ ngày nhận đủ hồ sơ "
            "hợp lệ.",
        ],
        ["103/2016/QH13"],
    ),
]

# (category, title, content, status, reply, published)
FEEDBACK = [
    (
        FeedbackCategory.SERVICE,
        "Sóng di động yếu tại xã Tân Thanh",
        "Khu vực ấp 3 xã Tân Thanh thường xuyên mất sóng điện thoại di động vào buổi tối.",
        Status.ANSWERED,
        "Sở đã làm việc với các doanh nghiệp viễn thông; một trạm phát sóng mới được lắp đặt tại ấp 3 và "
        "đưa vào hoạt động từ tháng 11/2026.",
        True,
    ),
    (
        FeedbackCategory.PROCEDURE,
        "Đề nghị cho nộp hồ sơ cấp phép bản tin trực tuyến toàn trình",
        "Hiện nay vẫn phải nộp bản giấy một số thành phần hồ sơ; đề nghị Sở cho nộp trực tuyến toàn bộ.",
        Status.IN_PROGRESS,
        "",
        False,
    ),
    (
        FeedbackCategory.OTHER,
        "Hỏi về giá cước Internet",
        "Giá cước Internet của các nhà mạng khác nhau nhiều, đề nghị Sở quy định một mức giá chung.",
        Status.NEW,
        "",
        False,
    ),
]


def _paragraphs(texts):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts]


def _privacy_page(home):
    slug = "bao-ve-du-lieu-ca-nhan"
    page = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if page is not None:
        return 0
    page = StandardPage(
        title=PRIVACY_TITLE[0],
        slug=slug,
        intro=PRIVACY_PARAGRAPHS[0][0],
        body=_paragraphs([vi for vi, _en in PRIVACY_PARAGRAPHS]),
        show_in_menus=False,
        locale=home.locale,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    strings = {PRIVACY_TITLE[0]: PRIVACY_TITLE[1]}
    strings.update({paragraph_text(vi): en for vi, en in PRIVACY_PARAGRAPHS})
    translate_with_localize(page, strings)
    return 1


def _document(number):
    from django.apps import apps

    from documents.numbers import number_key

    model = apps.get_model("documents", "LegalDocumentPage")
    return model.objects.live().filter(number_key=number_key(number)).first()


def _index(home):
    index = QuestionIndexPage.objects.child_of(home).first()
    if index is not None:
        return index, 0
    index = QuestionIndexPage(
        title="Hỏi đáp",
        slug="hoi-dap",
        intro="Câu hỏi của người dân, doanh nghiệp và câu trả lời của Sở, theo lĩnh vực.",
        show_in_menus=True,
        locale=home.locale,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    translate_with_localize(
        index,
        {
            "Hỏi đáp": "Questions and answers",
            "Câu hỏi của người dân, doanh nghiệp và câu trả lời của Sở, theo lĩnh vực.": (
                "Questions from citizens and businesses and the department's answers, by field."
            ),
        },
    )
    return index, 1


@transaction.atomic
def load_demo(home):
    """Load the demo content under ``home``; return (created count, message)."""
    created = _privacy_page(home)
    topics = []
    for order, (name, name_en) in enumerate(TOPICS):
        topic, was_created = Topic.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "sort_order": order}
        )
        topics.append(topic)
        created += was_created
    units = []
    for name in UNITS:
        unit, was_created = Unit.objects.get_or_create(name=name)
        units.append(unit)
        created += was_created
    index, count = _index(home)
    created += count
    now = timezone.now()
    for number, (topic_index, title, question, answer, cited) in enumerate(ANSWERED):
        if QuestionAnswerPage.objects.filter(title=title).exists():
            continue
        page = QuestionAnswerPage(
            title=title,
            topic=topics[topic_index],
            question=question,
            answer="".join(f"<p>{text}</p>" for text in answer),
            locale=index.locale,
        )
        for document in filter(None, (_document(ref) for ref in cited)):
            page.citations.add(QuestionAnswerCitation(document=document))
        index.add_child(instance=page)
        # Told before publishing, so that loading the demo sends no e-mail.
        asker = Question.objects.create(
            title=title,
            content=question,
            topic=topics[topic_index],
            name=f"Người hỏi {number + 1}",
            email=f"nguoi-hoi-{number + 1}@example.com",
            unit=units[topic_index],
            status=Status.IN_PROGRESS,
            answer_page=page,
            asker_notified_at=now,
        )
        page.save_revision().publish()
        asker.refresh_from_db()
        created += 1
    if not Question.objects.filter(answer_page__isnull=True).exists():
        Question.objects.create(
            title="Hỗ trợ chữ ký số cho hộ kinh doanh",
            content="Hộ kinh doanh có được hỗ trợ chi phí chữ ký số khi nộp hồ sơ trực tuyến không?",
            topic=topics[2],
            name="Người hỏi 4",
            phone="0912 000 004",
        )
        created += 1
    for category, title, content, status, reply, published in FEEDBACK:
        if Feedback.objects.filter(title=title).exists():
            continue
        item = Feedback(
            category=category,
            title=title,
            content=content,
            name="Người phản ánh",
            email="nguoi-phan-anh@example.com",
            status=status,
            reply=reply,
            unit=units[1] if status != Status.NEW else None,
        )
        if status == Status.ANSWERED:
            item.closed_at = now
        if published:
            item.published, item.published_at = True, now
        item.save()
        created += 1
    return created, f"Citizens' questions and feedback: {created} item(s) created."
