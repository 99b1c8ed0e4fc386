"""Blocks shared by every body on the site; apps import these and add their own."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Editors get the formatting a news article needs and nothing that breaks the site's typography.
PARAGRAPH_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "superscript",
    "subscript",
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A section heading inside the body")
        preview_value = {"text": "Tình hình triển khai chuyển đổi số", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")
        description = _("An image with its alternative text and an optional caption")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quotation")
        description = _("A quotation with the name of its speaker")
        preview_value = {
            "text": "Chuyển đổi số là nhiệm vụ trọng tâm của cả hệ thống chính trị.",
            "attribution": "Giám đốc Sở",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the file's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("File download")
        description = _("A link to download an uploaded file")


class NoteBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "info-circle"
        template = "blocks/note.html"
        label = _("Call-out note")
        description = _("A highlighted box for a notice or a key point")
        preview_value = {"title": "Lưu ý", "text": "<p>Hồ sơ nộp trước ngày 15/12/2026.</p>"}


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)
    text = blocks.CharBlock(label=_("Link text"), max_length=255)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise ValidationError(
                _("Choose either a page or an external address."),
                params={},
            )
        return value

    class Meta:
        icon = "link"
        template = "blocks/link.html"
        label = _("Link")
        description = _("A link to a page of the portal or to another site")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        template="blocks/paragraph.html",
        description=_("Body text"),
        preview_value="<p>Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết năm.</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    note = NoteBlock()
    link = LinkBlock()


class BannerBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("The text of the banner, for readers who cannot see it."),
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("url"):
            raise ValidationError(_("Choose either a page or an external address."), params={})
        return value

    class Meta:
        icon = "image"
        template = "blocks/banner.html"
        label = _("Banner")
        description = _("An image linking to a page or another site, e.g. a campaign banner")


class WidgetStreamBlock(blocks.StreamBlock):
    """Small blocks for the sidebar of the home page."""

    note = NoteBlock()
    link = LinkBlock()
    banner = BannerBlock()


# The structured text of a legal document and of a draft (documents/blocks.py, consultation/blocks.py) ---


class LegalArticleBlock(blocks.StructBlock):
    """One article (Điều): its number, heading and text. Each app's subclass says how it renders."""

    number = blocks.CharBlock(label=_("Article number"), max_length=50, help_text=_("E.g. “Điều 1”"))
    heading = blocks.CharBlock(label=_("Article heading"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ol"
        label = _("Article")
        preview_value = {
            "number": "Điều 1",
            "heading": "Phạm vi điều chỉnh",
            "text": "<p>Quy chế này quy định việc quản lý, vận hành mạng truyền số liệu chuyên dùng.</p>",
        }


def chapter_block():
    """A chapter or section heading between articles ("Chương I. NHỮNG QUY ĐỊNH CHUNG")."""
    return blocks.CharBlock(
        label=_("Chapter or section heading"),
        icon="title",
        template="blocks/legal_chapter.html",
        description=_("E.g. “Chương I. NHỮNG QUY ĐỊNH CHUNG”"),
    )


def legal_paragraph_block():
    """Text outside an article: the preamble, the legal basis, the closing."""
    return blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        template="blocks/paragraph.html",
        description=_("Text outside an article: preamble, basis, closing"),
    )
