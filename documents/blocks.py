"""Blocks for the full text of a legal document: chapters, articles and clauses, plus shared blocks."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import PARAGRAPH_FEATURES, DocumentBlock, NoteBlock


class ArticleBlock(blocks.StructBlock):
    """One article (Điều) of the document, e.g. "Điều 1. Phạm vi điều chỉnh"."""

    number = blocks.CharBlock(label=_("Article number"), max_length=50, help_text=_("E.g. “Điều 1”"))
    heading = blocks.CharBlock(label=_("Article heading"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "blocks/legal_article.html"
        label = _("Article")
        description = _("An article of the document with its number, heading and text")
        preview_value = {
            "number": "Điều 1",
            "heading": "Phạm vi điều chỉnh",
            "text": "<p>Quy chế này quy định việc quản lý, vận hành mạng truyền số liệu chuyên dùng.</p>",
        }


class LegalTextStreamBlock(blocks.StreamBlock):
    chapter = blocks.CharBlock(
        label=_("Chapter or section heading"),
        icon="title",
        template="blocks/legal_chapter.html",
        description=_("E.g. “Chương I. NHỮNG QUY ĐỊNH CHUNG”"),
    )
    article = ArticleBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        template="blocks/paragraph.html",
        description=_("Text outside an article: preamble, basis, closing"),
    )
    note = NoteBlock()
    document = DocumentBlock()
