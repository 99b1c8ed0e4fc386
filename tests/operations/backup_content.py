"""Content for the backup round trip, and a summary of everything a restore must bring back.

``summary()`` is also run in a subprocess against the restored PostgreSQL database, so it only reads.
"""

import datetime
import hashlib
import io

from PIL import Image

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.models import Page, Revision


def build_content():
    from documents.models import LegalDocumentAttachment
    from home.models import PortalDocument, PortalImage
    from ratings.models import Rating
    from tests.factories import (
        LegalDocumentIndexPageFactory,
        LegalDocumentPageFactory,
        NewsIndexPageFactory,
        NewsPageFactory,
    )
    from visits.models import DailyVisits, PageDailyVisits

    news_index = NewsIndexPageFactory()
    article = NewsPageFactory(parent=news_index, title="Hội nghị chuyển đổi số năm 2026")
    article.title = "Hội nghị tổng kết chuyển đổi số năm 2026"
    article.save_revision().publish()
    article.title = "Bản nháp: Hội nghị tổng kết (chưa duyệt)"
    article.save_revision()  # a draft revision on top of the live one
    register = LegalDocumentIndexPageFactory()
    decision = LegalDocumentPageFactory(parent=register, number="39/2021/QĐ-UBND")
    LegalDocumentPageFactory(parent=register, number="5/2022/HD-STTTT", summary="Hướng dẫn thực hiện")

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    image = PortalImage(title="Ảnh hội nghị")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="hoi-nghi.png")
    image.save()
    pdf = PortalDocument(title="Bản ký số")
    pdf.file.save("quyet-dinh-39.pdf", ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
    LegalDocumentAttachment.objects.create(page=decision, document=pdf, label="Bản ký số")

    Rating.objects.create(page=article, reader="a" * 64, score=5)
    Rating.objects.create(page=article, reader="b" * 64, score=3)
    Rating.objects.create(page=decision, reader="a" * 64, score=4)
    DailyVisits.objects.create(day=datetime.date(2026, 11, 27), views=1234)
    DailyVisits.objects.create(day=datetime.date(2026, 11, 28), views=56)
    PageDailyVisits.objects.create(day=datetime.date(2026, 11, 28), page=article, views=42)


def _file_digest(field):
    with field.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def summary():
    """Everything a reader or an editor would notice missing, as plain JSON-able data."""
    from documents.models import LegalDocumentAttachment, LegalDocumentPage
    from home.models import PortalDocument, PortalImage
    from ratings.models import Rating
    from visits.models import DailyVisits, PageDailyVisits

    return {
        "pages": sorted(
            [page.url_path, page.title, page.live, page.has_unpublished_changes, page.specific_class.__name__]
            for page in Page.objects.all()
        ),
        "revisions": sorted(
            [revision.object_id, revision.content.get("title", "")]
            for revision in Revision.objects.filter(base_content_type__model="page")
        ),
        "legal_documents": sorted(
            [doc.number, doc.summary, str(doc.issue_date), doc.document_type.name, doc.issuing_body.name]
            for doc in LegalDocumentPage.objects.all()
        ),
        "attachments": sorted(
            [a.page.title, a.document.title, a.label] for a in LegalDocumentAttachment.objects.all()
        ),
        "images": sorted(
            [image.title, image.width, image.height, image.file.name, _file_digest(image.file)]
            for image in PortalImage.objects.all()
        ),
        "documents": sorted(
            [document.title, document.file.name, _file_digest(document.file)]
            for document in PortalDocument.objects.all()
        ),
        "ratings": sorted([r.page.url_path, r.reader, r.score] for r in Rating.objects.all()),
        "daily_visits": sorted([str(v.day), v.views] for v in DailyVisits.objects.all()),
        "page_visits": sorted([str(v.day), v.page.url_path, v.views] for v in PageDailyVisits.objects.all()),
    }
