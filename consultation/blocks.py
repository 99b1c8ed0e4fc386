"""The structured text of a draft: chapters, articles (Điều) and free paragraphs.

Each article is a StreamField child, so it keeps one id while its number, heading or text change;
readers' comments name the article by that id (see ``DraftDocumentPage.articles``).
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import PARAGRAPH_FEATURES, NoteBlock


class DraftArticleBlock(blocks.StructBlock):
    """One article (Điều) of the draft, which readers may comment on by itself."""

    number = blocks.CharBlock(label=_("Article number"), max_length=50, help_text=_("E.g. “Điều 1”"))
    heading = blocks.CharBlock(label=_("Article heading"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "consultation/blocks/draft_article.html"
        label = _("Article")
        description = _("An article of the draft: readers may comment on it by itself")
        preview_value = {
            "number": "Điều 1",
            "heading": "Phạm vi điều chỉnh",
            "text": "<p>Quy chế này quy định việc quản lý, vận hành mạng truyền số liệu chuyên dùng.</p>",
        }


class DraftTextStreamBlock(blocks.StreamBlock):
    chapter = blocks.CharBlock(
        label=_("Chapter or section heading"),
        icon="title",
        template="blocks/legal_chapter.html",
        description=_("E.g. “Chương I. NHỮNG QUY ĐỊNH CHUNG”"),
    )
    article = DraftArticleBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        template="blocks/paragraph.html",
        description=_("Text outside an article: preamble, basis, closing"),
    )
    note = NoteBlock()
