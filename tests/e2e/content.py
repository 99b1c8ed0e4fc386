"""The little content each browser test needs, built with the project's factories."""

import datetime
from io import BytesIO
from types import SimpleNamespace

from pypdf import PdfWriter
from wagtail_factories import ImageFactory

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Locale

from documents.models import LegalDocumentAttachment
from home.models import HomePageNewsSection, HomePageSlide, PortalDocument
from tests.factories import (
    DocumentTypeFactory,
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    IssuingBodyFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    default_home,
)


def _blank_pdf():
    """A small, valid PDF: one empty A4 page."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


def when(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def photo(title, color):
    return ImageFactory(title=title, file__width=1200, file__height=675, file__color=color)


def news(with_slides=False):
    home = default_home()
    section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
    article = NewsPageFactory(
        parent=section,
        title="Tỉnh đạt 92% hồ sơ trực tuyến toàn trình",
        slug="ho-so-truc-tuyen",
        summary="Kết quả chuyển đổi số năm 2025 của tỉnh Tiền Giang được công bố tại hội nghị sáng nay.",
        featured=True,
        featured_image=photo("Hội nghị chuyển đổi số", "#2a6f97"),
        featured_image_alt="Đại biểu dự hội nghị chuyển đổi số tại hội trường Sở",
        featured_image_caption="Quang cảnh hội nghị",
        publication_date=when(1),
        body__0__heading__text="Kết quả đạt được",
        body__1__paragraph__value="<p>Tỷ lệ hồ sơ trực tuyến toàn trình đạt 92%, vượt chỉ tiêu đề ra.</p>",
    )
    older = NewsPageFactory(
        parent=section,
        title="Tập huấn an toàn thông tin cho cán bộ cấp xã",
        slug="tap-huan-an-toan-thong-tin",
        publication_date=when(3),
    )
    HomePageNewsSection.objects.create(page=home, section=section, count=3)
    slides = []
    if with_slides:
        captions = [
            ("Hội nghị tổng kết", "#1d4e89"),
            ("Tập huấn an toàn thông tin", "#7b2d26"),
            ("Ngày sách", "#2d6a4f"),
        ]
        for order, (caption, color) in enumerate(captions):
            slides.append(
                HomePageSlide.objects.create(
                    page=home,
                    image=photo(caption, color),
                    alt_text=f"Ảnh: {caption}",
                    caption=caption,
                    sort_order=order,
                )
            )
    return SimpleNamespace(home=home, section=section, article=article, older=older, slides=slides)


def register():
    """A legal documents register with three documents of two types and years; one has a signed PDF."""
    index = LegalDocumentIndexPageFactory(title="Văn bản pháp luật", slug="van-ban")
    decision = LegalDocumentPageFactory(
        parent=index,
        number="39/2021/QĐ-UBND",
        title="Quyết định 39/2021/QĐ-UBND",
        summary="Ban hành Quy chế quản lý, vận hành mạng truyền số liệu chuyên dùng",
        issue_date=datetime.date(2021, 9, 15),
        effective_date=datetime.date(2021, 9, 25),
    )
    law = LegalDocumentPageFactory(
        parent=index,
        number="86/2015/QH13",
        title="Luật 86/2015/QH13",
        summary="Luật An toàn thông tin mạng",
        document_type=DocumentTypeFactory(name="Luật"),
        issuing_body=IssuingBodyFactory(name="Quốc hội"),
        issue_date=datetime.date(2015, 11, 19),
        effective_date=datetime.date(2016, 7, 1),
    )
    plan = LegalDocumentPageFactory(
        parent=index,
        number="12/2024/QĐ-UBND",
        title="Quyết định 12/2024/QĐ-UBND",
        summary="Kế hoạch chuyển đổi số tỉnh Tiền Giang năm 2024",
        issue_date=datetime.date(2024, 2, 1),
        effective_date=datetime.date(2024, 2, 15),
    )
    pdf = PortalDocument(title="Bản ký số")
    pdf.file.save("quyet-dinh-39-2021.pdf", ContentFile(PDF), save=False)
    pdf.save()
    LegalDocumentAttachment.objects.create(page=decision, document=pdf, label="Bản ký số")
    return SimpleNamespace(index=index, decision=decision, law=law, plan=plan, pdf=pdf)


def inspection():
    index = InspectionReportIndexPageFactory(title="Kết quả thanh tra, kiểm tra", slug="thanh-tra")
    report = InspectionReportPageFactory(
        parent=index,
        title="Kết luận kiểm tra việc chấp hành pháp luật về viễn thông",
        slug="ket-luan-vien-thong",
    )
    return SimpleNamespace(index=index, report=report)


def english_home():
    home = default_home()
    home_en = home.copy_for_translation(Locale.objects.get(language_code="en"))
    home_en.title = "Home"
    home_en.save_revision().publish()
    return home_en
