"""The structured text of a draft: chapters, articles (Điều) and free paragraphs.

Each article is a StreamField child, so it keeps one id while its number, heading or text change;
readers' comments name the article by that id (see ``DraftDocumentPage.articles``).
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import LegalArticleBlock, NoteBlock, chapter_block, legal_paragraph_block


class DraftArticleBlock(LegalArticleBlock):
    """One article (Điều) of the draft, which readers may comment on by itself."""

    class Meta:
        template = "consultation/blocks/draft_article.html"
        description = _("An article of the draft: readers may comment on it by itself")


class DraftTextStreamBlock(blocks.StreamBlock):
    chapter = chapter_block()
    article = DraftArticleBlock()
    paragraph = legal_paragraph_block()
    note = NoteBlock()
