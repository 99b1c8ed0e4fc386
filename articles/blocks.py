"""Body blocks for news articles and inspection reports, built on the shared blocks of ``home``."""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from home.blocks import BaseStreamBlock, ImageBlock

TABLE_OPTIONS = {
    "minSpareRows": 0,
    "startRows": 3,
    "startCols": 3,
    "colHeaders": False,
    "rowHeaders": False,
    "contextMenu": [
        "row_above",
        "row_below",
        "---------",
        "col_left",
        "col_right",
        "---------",
        "remove_row",
    ],
    "editor": "text",
    "stretchH": "all",
    "renderer": "text",
    "autoColumnSize": False,
}

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{6,12}$")


def video_embed_url(url):
    """The privacy-friendly player address of a YouTube or Vimeo video, or None for anything else."""
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
        if video_id and _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parsed.path.rstrip("/").split("/")[-1]
        if _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


class VideoStructValue(blocks.StructValue):
    def embed_url(self):
        return video_embed_url(self.get("url"))


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video. The player loads only when the reader asks for it."""

    url = blocks.URLBlock(
        label=_("Video address"),
        help_text=_("The address of a YouTube or Vimeo video, as copied from the browser."),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=255,
        help_text=_("What the video is about; screen readers announce it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    def clean(self, value):
        value = super().clean(value)
        if not video_embed_url(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Enter the address of a YouTube or Vimeo video."))}
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")
        description = _("An embedded YouTube or Vimeo video")
        value_class = VideoStructValue


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    images = blocks.ListBlock(ImageBlock(), min_num=2, label=_("Images"))

    class Meta:
        icon = "image"
        template = "blocks/gallery.html"
        label = _("Image gallery")
        description = _("Two or more images shown as a grid of thumbnails")


class DataTableBlock(TableBlock):
    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("Table")
        description = _("A table of figures; the first row can be a header row")


class LegalDocumentLinkBlock(blocks.StructBlock):
    document = blocks.PageChooserBlock(label=_("Legal document"), page_type="documents.LegalDocumentPage")
    text = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to show the document's number and summary."),
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/legal_document_link.html"
        label = _("Legal document")
        description = _("A link to a document of the legal documents register")


def table_block():
    return DataTableBlock(table_options=TABLE_OPTIONS)


class ArticleStreamBlock(BaseStreamBlock):
    """The body of a news article."""

    gallery = GalleryBlock()
    table = table_block()
    video = VideoBlock()
    legal_document = LegalDocumentLinkBlock()


class ReportStreamBlock(BaseStreamBlock):
    """One section of an inspection report: findings, shortcomings, recommendations or conclusion."""

    table = table_block()
    legal_document = LegalDocumentLinkBlock()
