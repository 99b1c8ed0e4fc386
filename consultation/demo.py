"""Demo content (``manage.py load_demo``): a list of drafts, one open and one closed with its report,
and a few moderated comments. (The privacy notice the form links to is the citizens' demo's.) Idempotent."""

import datetime
import uuid

from django.utils import timezone

from consultation.models import (
    CommentStatus,
    ConsultationIndexPage,
    ConsultationReportPage,
    Disposition,
    DraftComment,
    DraftDocumentPage,
)
from home.localize import translate_with_localize

INDEX_SLUG = "gop-y-du-thao"


def _article(number, heading, text):
    return {
        "type": "article",
        "value": {"number": number, "heading": heading, "text": f"<p>{text}</p>"},
        "id": str(uuid.uuid4()),
    }


def _body(topic):
    return [
        {"type": "chapter", "value": "Chương I. NHỮNG QUY ĐỊNH CHUNG", "id": str(uuid.uuid4())},
        _article("Điều 1", "Phạm vi điều chỉnh", f"Quy chế này quy định về {topic} trên địa bàn tỉnh."),
        _article(
            "Điều 2",
            "Đối tượng áp dụng",
            "Quy chế này áp dụng đối với các sở, ban, ngành, Ủy ban nhân dân cấp xã và tổ chức, cá nhân "
            "có liên quan.",
        ),
        {"type": "chapter", "value": "Chương II. NỘI DUNG CỤ THỂ", "id": str(uuid.uuid4())},
        _article(
            "Điều 3",
            "Trách nhiệm của các cơ quan",
            "Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan liên quan tổ chức triển khai; "
            "định kỳ hằng năm báo cáo Ủy ban nhân dân tỉnh.",
        ),
        _article(
            "Điều 4",
            "Kinh phí thực hiện",
            "Kinh phí thực hiện được bố trí từ ngân sách nhà nước theo phân cấp hiện hành.",
        ),
    ]


OPEN_DRAFT = {
    "slug": "du-thao-quy-che-chia-se-du-lieu",
    "title": "Dự thảo Quyết định ban hành Quy chế khai thác, chia sẻ dữ liệu số của tỉnh",
    "summary": "Lấy ý kiến góp ý của tổ chức, cá nhân đối với dự thảo Quy chế quy định việc khai thác, "
    "chia sẻ "
    "dữ liệu số giữa các cơ quan nhà nước trên địa bàn tỉnh.",
    "issuing_unit": "Phòng Chuyển đổi số",
    "topic": "việc khai thác, chia sẻ dữ liệu số giữa các cơ quan nhà nước",
}
CLOSED_DRAFT = {
    "slug": "du-thao-quy-dinh-ho-tro-doanh-nghiep-so",
    "title": "Dự thảo Nghị quyết quy định chính sách hỗ trợ doanh nghiệp công nghệ số",
    "summary": "Lấy ý kiến đối với dự thảo Nghị quyết quy định chính sách hỗ trợ doanh nghiệp công nghệ số "
    "khởi nghiệp sáng tạo giai đoạn 2026–2030.",
    "issuing_unit": "Phòng Kế hoạch – Tài chính",
    "topic": "chính sách hỗ trợ doanh nghiệp công nghệ số",
}
CLOSED_COMMENTS = [
    (
        "Điều 3",
        "Đề nghị bổ sung trách nhiệm của Sở Tài chính trong việc bố trí kinh phí hỗ trợ hằng năm.",
        "Nguyễn Văn An",
        True,
        Disposition.ACCEPTED,
        "Đã bổ sung khoản 2 Điều 3: Sở Tài chính tham mưu bố trí kinh phí hằng năm.",
    ),
    (
        "Điều 4",
        "Đề nghị nâng mức hỗ trợ lên 100% chi phí thuê trụ sở trong ba năm đầu.",
        "Trần Thị Bình",
        False,
        Disposition.EXPLAINED,
        "Mức hỗ trợ 50% phù hợp với khả năng cân đối ngân sách của tỉnh và quy định của Luật Hỗ trợ doanh "
        "nghiệp nhỏ và vừa; giữ như dự thảo.",
    ),
    (
        "",
        "Dự thảo cần quy định rõ hồ sơ, thủ tục đề nghị hỗ trợ để doanh nghiệp dễ thực hiện.",
        "",
        False,
        Disposition.ACCEPTED,
        "Đã bổ sung Phụ lục hồ sơ, thủ tục đề nghị hỗ trợ kèm theo Nghị quyết.",
    ),
]
OPEN_COMMENTS = [
    ("Điều 1", "Đề nghị làm rõ dữ liệu số nào thuộc phạm vi chia sẻ bắt buộc.", "Lê Minh", True),
    ("", "Nên có điều khoản về bảo vệ dữ liệu cá nhân khi chia sẻ giữa các cơ quan.", "", False),
]


INDEX_EN = {
    "Góp ý dự thảo": "Public consultation on drafts",
    "Các dự thảo văn bản Sở đang lấy ý kiến góp ý của tổ chức, cá nhân.": (
        "Draft documents on which the department asks organisations and citizens for comments."
    ),
}
OPEN_DRAFT_EN = {
    OPEN_DRAFT["title"]: "Draft decision on the rules for using and sharing the province's digital data",
    OPEN_DRAFT["summary"]: "Comments are invited from organisations and citizens on the draft rules on how "
    "state bodies in the province use and share digital data.",
    "Chương I. NHỮNG QUY ĐỊNH CHUNG": "Chapter I. GENERAL PROVISIONS",
    "Chương II. NỘI DUNG CỤ THỂ": "Chapter II. SPECIFIC PROVISIONS",
    "Điều 1": "Article 1",
    "Điều 2": "Article 2",
    "Điều 3": "Article 3",
    "Điều 4": "Article 4",
    "Phạm vi điều chỉnh": "Scope",
    "Đối tượng áp dụng": "Subjects",
    "Trách nhiệm của các cơ quan": "Responsibilities",
    "Kinh phí thực hiện": "Funding",
    f"Quy chế này quy định về {OPEN_DRAFT['topic']} trên địa bàn tỉnh.": (
        "These rules govern how state bodies in the province use and share digital data."
    ),
    "Quy chế này áp dụng đối với các sở, ban, ngành, Ủy ban nhân dân cấp xã và tổ chức, cá nhân có liên "
    "quan.": "These rules apply to the provincial departments, the commune People's Committees and the "
    "organisations and people concerned.",
    "Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan liên quan tổ chức triển khai; định kỳ hằng "
    "năm báo cáo Ủy ban nhân dân tỉnh.": "The Department of Science and Technology leads the implementation "
    "with the bodies concerned and reports to the Provincial People's Committee every year.",
    "Kinh phí thực hiện được bố trí từ ngân sách nhà nước theo phân cấp hiện hành.": (
        "Funding comes from the state budget under the current division of responsibilities."
    ),
    OPEN_DRAFT["issuing_unit"]: "Digital Transformation Division",
}


def load_demo(home):
    """Create what is missing; return (items created, a line to print)."""
    created = 0
    index = ConsultationIndexPage.objects.child_of(home).first()
    if index is None:
        index = ConsultationIndexPage(
            title="Góp ý dự thảo",
            slug=INDEX_SLUG,
            intro="<p>Các dự thảo văn bản Sở đang lấy ý kiến góp ý của tổ chức, cá nhân.</p>",
            locale=home.locale,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        translate_with_localize(index, INDEX_EN)
        created += 1
    today = timezone.localdate()
    open_draft, made = _draft(
        index, OPEN_DRAFT, today - datetime.timedelta(days=5), today + datetime.timedelta(days=25)
    )
    created += made
    if made:
        for number, body, name, show in OPEN_COMMENTS:
            _comment(open_draft, number, body, name, show)
        translate_with_localize(open_draft, OPEN_DRAFT_EN)
    closed_draft, made = _draft(
        index, CLOSED_DRAFT, today - datetime.timedelta(days=60), today - datetime.timedelta(days=30)
    )
    created += made
    if made:
        comments = [_comment(closed_draft, *row[:4]) for row in CLOSED_COMMENTS]
        report = ConsultationReportPage(
            title="Báo cáo tiếp thu, giải trình ý kiến góp ý",
            slug="bao-cao-tiep-thu-giai-trinh",
            intro="<p>Dự thảo được đăng trên Cổng trong 30 ngày; Sở nhận được 3 ý kiến góp ý và đã tiếp thu, "
            "giải trình như sau.</p>",
            locale=closed_draft.locale,
        )
        closed_draft.add_child(instance=report)
        report.items = [
            report.items.model(comment=comment, disposition=row[4], response=row[5])
            for comment, row in zip(comments, CLOSED_COMMENTS, strict=True)
        ]
        report.save_revision().publish()
        created += 1
    return created, f"Draft consultation: {created} item(s) created."


def _draft(index, spec, opens_on, closes_on):
    draft = DraftDocumentPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if draft is not None:
        return draft, 0
    draft = DraftDocumentPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        issuing_unit=spec["issuing_unit"],
        opens_on=opens_on,
        closes_on=closes_on,
        body=_body(spec["topic"]),
        locale=index.locale,
    )
    index.add_child(instance=draft)
    draft.save_revision().publish()
    return draft, 1


def _comment(draft, number, body, name, show_name):
    article = next(((pk, label) for pk, label in draft.articles if label.startswith(number + ".")), ("", ""))
    return DraftComment.objects.create(
        page=draft,
        article_id=article[0] if number else "",
        article_label=article[1] if number else "",
        body=body,
        name=name,
        show_name=show_name,
        status=CommentStatus.APPROVED,
        moderated_at=timezone.now(),
        created_at=timezone.make_aware(datetime.datetime.combine(draft.opens_on, datetime.time(9, 30))),
    )
