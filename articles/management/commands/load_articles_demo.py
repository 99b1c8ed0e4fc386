"""Demo news sections, articles, inspection reports and home page blocks. Idempotent: a second run
changes nothing. ``load_demo`` calls it; the images are drawn here with Pillow."""

import datetime
import io
import json
import random

from PIL import Image, ImageDraw

from django.apps import apps
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Site

from articles import demo_content as demo
from articles.models import (
    InspectedUnit,
    InspectionReportAttachment,
    InspectionReportIndexPage,
    InspectionReportPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from home.models import HomePageNewsSection, HomePageSlide, PortalDocument, PortalImage

# (title, alt text, sky, ground, accent): flat illustrations standing for the province's activities; the
# alt text says what the drawing shows (buildings by a river), not the activity it stands for.
IMAGES = [
    ("Hội nghị tổng kết", "Dãy nhà đỏ bên dòng sông, trời xanh thẫm", "#0a4a8c", "#d9e4f0", "#b3121f"),
    ("Trạm phát sóng", "Dãy nhà xám bạc trên đồng xanh, cạnh sông", "#7fb2e5", "#5c9e3d", "#c0c0c0"),
    ("Bộ phận một cửa", "Dãy nhà xanh dương bên dòng sông, trời trắng", "#f3f6fa", "#c9d3df", "#0a4a8c"),
    ("Tập huấn an toàn thông tin", "Dãy nhà vàng cam bên sông, trời tối", "#1c2b3a", "#3d5166", "#ffbf47"),
    ("Chợ nổi Cái Bè", "Dãy nhà nâu bên dòng sông, trời vàng nhạt buổi sớm", "#ffd89b", "#3a7ca5", "#8c5a2b"),
    ("Thư viện số", "Dãy nhà xanh dương trên nền đất nâu, cạnh dòng sông", "#e8dcc8", "#9c6b3c", "#0a4a8c"),
    ("Vườn cây ăn trái", "Dãy nhà vàng giữa vườn xanh, cạnh dòng sông", "#a8d5ff", "#3f7d20", "#f2c14e"),
    ("Trung tâm điều hành", "Dãy nhà xanh ngọc bên dòng sông, trời đêm", "#101820", "#26333f", "#2ec4b6"),
]

LEGAL_DOCUMENTS = [
    (
        "1526/QĐ-STTTT",
        "Quyết định về việc kiểm tra việc chấp hành pháp luật về viễn thông năm 2026",
        (2026, 2, 20),
    ),
    (
        "39/2021/QĐ-UBND",
        "Quy chế quản lý, vận hành mạng truyền số liệu chuyên dùng trên địa bàn tỉnh",
        (2021, 9, 25),
    ),
    ("12/KH-UBND", "Kế hoạch chuyển đổi số tỉnh năm 2026", (2026, 1, 15)),
]


def draw_image(seed, sky, ground, accent, size=(1200, 675)):
    """A flat illustration: sky, horizon, sun, buildings or trees, a river; no text."""
    # Repeatable demo drawings, not security.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.55, 0.7))
    draw.ellipse((width * 0.72, height * 0.1, width * 0.72 + 120, height * 0.1 + 120), fill="#ffe38a")
    draw.rectangle((0, horizon, width, height), fill=ground)
    x = 40
    while x < width - 80:
        w = rng.randint(60, 140)
        h = rng.randint(80, int(horizon * 0.7))
        draw.rectangle((x, horizon - h, x + w, horizon), fill=accent, outline="#ffffff", width=3)
        for wy in range(horizon - h + 15, horizon - 20, 30):
            for wx in range(x + 12, x + w - 20, 26):
                draw.rectangle((wx, wy, wx + 12, wy + 14), fill="#ffffff")
        x += w + rng.randint(20, 70)
    draw.polygon(
        [(0, height), (width * 0.35, horizon + 30), (width * 0.55, horizon + 30), (width, height)],
        fill="#4f86c6",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def pdf_bytes(title):
    """A one-page PDF standing in for a signed conclusion."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 555, 802), outline="black", width=2)
    draw.text((60, 60), title.encode("ascii", "ignore").decode() or "Ket luan", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, format="PDF")
    return buffer.getvalue()


def rich(text):
    return f"<p>{text}</p>"


class Command(BaseCommand):
    help = "Load demo news, inspection reports and home page blocks. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            site = Site.objects.get(is_default_site=True)
            home = site.root_page.specific
            images = self.load_images()
            categories = self.load_categories(home.locale)
            sections = self.load_sections(home)
            decisions = self.load_legal_documents(home)
            created = self.load_articles(sections, categories, images, decisions)
            created += self.load_reports(home, decisions)
            created += self.load_home(home, sections, images)
            created += self.load_english(sections, categories)
        self.stdout.write(f"News and reports: {created} item(s) created.")
        return None

    # Media and vocabularies --------------------------------------------------------------------

    def load_images(self):
        images = []
        for seed, (title, alt, sky, ground, accent) in enumerate(IMAGES):
            image = PortalImage.objects.filter(title=title).first()
            if image is None:
                content = draw_image(seed, sky, ground, accent)
                image = PortalImage(title=title)
                image.file = ImageFile(io.BytesIO(content), name=f"demo-{seed + 1}.jpg")
                image.save()
            images.append((image, alt))
        return images

    def load_categories(self, locale):
        return [NewsCategory.objects.get_or_create(name=name, locale=locale)[0] for name in demo.CATEGORIES]

    def load_sections(self, home):
        sections = {}
        for slug, title, parent_slug in demo.SECTIONS:
            parent = sections[parent_slug] if parent_slug else home
            section = NewsIndexPage.objects.child_of(parent).filter(slug=slug).first()
            if section is None:
                section = NewsIndexPage(title=title, slug=slug, show_in_menus=parent_slug is None)
                parent.add_child(instance=section)
                section.save_revision().publish()
            sections[slug] = section
        return sections

    def load_legal_documents(self, home):
        """Decisions for the reports to cite, in the register of the legal documents app."""
        register_model = apps.get_model("documents", "LegalDocumentIndexPage")
        document_model = apps.get_model("documents", "LegalDocumentPage")
        register = register_model.objects.descendant_of(home).first()
        if register is None:
            register = register_model(title="Văn bản pháp luật", slug="van-ban-phap-luat")
            home.add_child(instance=register)
            register.save_revision().publish()
        type_model = apps.get_model("documents", "DocumentType")
        body_model = apps.get_model("documents", "IssuingBody")
        department, _ = body_model.objects.get_or_create(
            name="Sở Thông tin và Truyền thông tỉnh Tiền Giang", locale=register.locale
        )
        decisions = []
        for number, summary, day in LEGAL_DOCUMENTS:
            document = document_model.objects.filter(number=number).first()
            if document is None:
                kind = "Kế hoạch" if "/KH-" in number else "Quyết định"
                document = document_model(
                    title=f"{kind} {number}",
                    number=number,
                    summary=summary,
                    document_type=type_model.objects.filter(name=kind, locale=register.locale).first(),
                    issuing_body=department if "STTTT" in number else None,
                    issue_date=datetime.date(*day),
                    effective_date=datetime.date(*day),
                )
                register.add_child(instance=document)
                document.save_revision().publish()
            decisions.append(document)
        return decisions

    # Articles ----------------------------------------------------------------------------------

    def body(self, number, images, decisions):
        blocks = [{"type": "paragraph", "value": rich(demo.PARAGRAPHS[number % 2])}]
        if number % 3 == 0:
            text, attribution = demo.QUOTES[number % len(demo.QUOTES)]
            blocks.append({"type": "quote", "value": {"text": text, "attribution": attribution}})
        blocks.append({"type": "heading", "value": {"text": "Nhiệm vụ thời gian tới", "level": "h2"}})
        blocks.append({"type": "paragraph", "value": rich(demo.PARAGRAPHS[2])})
        if number % 4 == 1:
            table = {
                "data": [
                    ["Chỉ tiêu", "Kế hoạch", "Thực hiện"],
                    ["Hồ sơ trực tuyến toàn trình", "60%", "68%"],
                    ["Thanh toán trực tuyến", "40%", "52%"],
                ],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Một số chỉ tiêu chủ yếu",
            }
            blocks.append({"type": "table", "value": table})
        if number % 5 == 2:
            gallery = [
                {
                    "image": images[(number + k) % len(images)][0].pk,
                    "alt_text": images[(number + k) % len(images)][1],
                    "caption": "",
                }
                for k in range(3)
            ]
            blocks.append({"type": "gallery", "value": {"title": "Một số hình ảnh", "images": gallery}})
        if number % 4 == 3:
            blocks.append({"type": "legal_document", "value": {"document": decisions[2].pk, "text": ""}})
        if number % 6 == 5:
            blocks.append(
                {"type": "note", "value": {"title": "Hỗ trợ người dân", "text": rich(demo.PARAGRAPHS[3])}}
            )
        return json.dumps(blocks)

    def load_articles(self, sections, categories, images, decisions):
        created = 0
        newest = timezone.make_aware(datetime.datetime(2026, 6, 20, 8, 0))
        for number, (section_slug, category, tags, title, summary) in enumerate(demo.ARTICLES):
            section = sections[section_slug]
            if NewsPage.objects.child_of(section).filter(title=title).exists():
                continue
            image, alt = images[number % len(images)]
            article = NewsPage(
                title=title,
                summary=summary,
                publication_date=newest - datetime.timedelta(hours=37 * number),
                featured=number < 5,
                featured_image=image,
                featured_image_alt=alt,
                featured_image_caption=f"Tranh minh họa: {alt[0].lower()}{alt[1:]}.",
                category=categories[category],
                author=demo.AUTHORS[number % len(demo.AUTHORS)],
                source="Báo Ấp Bắc" if number % 7 == 3 else "",
                body=self.body(number, images, decisions),
            )
            section.add_child(instance=article)
            article.tags.add(*tags)
            article.save_revision().publish()
            created += 1
        return created

    def load_english(self, sections, categories):
        """The English version of the sections, the categories and the ten newest articles."""
        from articles import demo_content_en
        from home.localize import resync_with_localize, translate_with_localize

        english = Locale.objects.get(language_code="en")
        strings = demo_content_en.strings()
        created = 0
        items = [*categories, *sections.values()]
        vietnamese = sections["thong-bao"].locale
        # The inspection register too, so the English menu lists it (its reports show in Vietnamese).
        home = sections["thong-bao"].get_parent()
        items.extend(InspectionReportIndexPage.objects.child_of(home).filter(slug="thanh-tra-kiem-tra")[:1])
        for row in demo.ARTICLES[: demo_content_en.TRANSLATED_ARTICLES]:
            items.extend(NewsPage.objects.filter(title=row[3], locale=vietnamese)[:1])
        for item in items:  # categories first: the articles refer to them
            if not item.has_translation(english):
                translate_with_localize(item, strings)
                created += 1
        # The home page was translated before it had slides and news sections: synchronise it once.
        home = sections["tin-tuc-su-kien"].get_parent().specific
        home_en = home.get_translation_or_none(english)
        stale = home_en is not None and not home_en.specific.news_sections.exists()
        if stale and home.news_sections.exists():
            resync_with_localize(home, strings)
            created += 1
        return created

    # Inspection reports ------------------------------------------------------------------------

    def load_reports(self, home, decisions):
        register = InspectionReportIndexPage.objects.child_of(home).filter(slug="thanh-tra-kiem-tra").first()
        if register is None:
            register = InspectionReportIndexPage(
                title="Kết quả thanh tra, kiểm tra", slug="thanh-tra-kiem-tra", show_in_menus=True
            )
            home.add_child(instance=register)
            register.save_revision().publish()
        created = 0
        for number, spec in enumerate(demo.REPORTS):
            (
                title,
                summary,
                status,
                start,
                end,
                body,
                units,
                findings,
                shortcomings,
                recommendations,
                conclusion,
            ) = spec
            if InspectionReportPage.objects.child_of(register).filter(title=title).exists():
                continue

            def stream(text):
                return json.dumps([{"type": "paragraph", "value": rich(text)}]) if text else "[]"

            report = InspectionReportPage(
                title=title,
                summary=summary,
                status=status,
                period_start=datetime.date(*start),
                period_end=datetime.date(*end) if end else None,
                publication_date=timezone.make_aware(datetime.datetime(*(end or start), 16, 0)),
                inspecting_body=body,
                ordering_decision=decisions[0] if number == 0 else None,
                findings=stream(findings),
                shortcomings=stream(shortcomings),
                recommendations=stream(recommendations),
                conclusion=stream(conclusion),
            )
            report.inspected_units = [InspectedUnit(name=name, sort_order=i) for i, name in enumerate(units)]
            if status == "concluded":
                document = PortalDocument(title=f"Kết luận – {title}"[:255])
                document.file = SimpleUploadedFile(f"ket-luan-{number + 1}.pdf", pdf_bytes(title))
                document.save()
                report.attachments = [
                    InspectionReportAttachment(document=document, label="Kết luận (bản ký số)")
                ]
            register.add_child(instance=report)
            report.save_revision().publish()
            created += 1
        return created

    # Home page ---------------------------------------------------------------------------------

    def load_home(self, home, sections, images):
        if home.slides.exists() or home.news_sections.exists():
            return 0
        from articles import demo_content_en

        english = demo_content_en.strings()
        captions = [f"{image.title} – hoạt động của ngành" for image, _alt in images[:5]]
        home.slides = [
            HomePageSlide(
                image=image,
                alt_text=alt,
                caption=caption,
                alt_text_en=demo_content_en.IMAGE_ALTS.get(alt, ""),
                caption_en=english.get(caption, ""),
                sort_order=i,
            )
            for i, ((image, alt), caption) in enumerate(zip(images[:5], captions, strict=True))
        ]
        home.news_sections = [
            HomePageNewsSection(section=sections[slug], count=5, sort_order=i)
            for i, slug in enumerate(["tin-tuc-su-kien", "chuyen-doi-so", "thong-bao"])
        ]
        home.widgets = json.dumps(
            [
                {
                    "type": "note",
                    "value": {
                        "title": "Đường dây nóng",
                        "text": (
                            "<p>Tổng đài hỗ trợ dịch vụ công: <b>1022</b><br/>"
                            "Phản ánh tin nhắn rác: <b>5656</b></p>"
                        ),
                    },
                },
                {
                    "type": "banner",
                    "value": {
                        "image": images[7][0].pk,
                        "alt_text": "Tra cứu dịch vụ công trực tuyến",
                        "page": None,
                        "url": "https://dichvucong.gov.vn/",
                    },
                },
            ]
        )
        home.save_revision().publish()
        return 1
