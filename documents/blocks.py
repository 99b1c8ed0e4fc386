"""Blocks for the full text of a legal document: chapters, articles and clauses, plus shared blocks."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import DocumentBlock, LegalArticleBlock, NoteBlock, chapter_block, legal_paragraph_block


class ArticleBlock(LegalArticleBlock):
    """One article (Điều) of the document, e.g. "Điều 1. Phạm vi điều chỉnh"."""

    class Meta:
        template = "blocks/legal_article.html"
        description = _("An article of the document with its number, heading and text")


class LegalTextStreamBlock(blocks.StreamBlock):
    chapter = chapter_block()
    article = ArticleBlock()
    paragraph = legal_paragraph_block()
    note = NoteBlock()
    document = DocumentBlock()
