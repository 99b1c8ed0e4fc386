"""The report on the comments as a Word (.docx) file, laid out as Vietnamese administrative documents are
(Decree 30/2020/NĐ-CP: A4, Times New Roman 13–14 pt, margins 20/20/30/15 mm, the national motto at the
top right), so the drafting unit can edit, sign and file it like its other documents.

Word rather than ODF or PDF: departments exchange editable documents as .docx (the form of the report
is a table they finish in Word), and a signed PDF is made from that by their own signing tools.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

FONT = "Times New Roman"


def _set_font(document):
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East Asian and complex-script slots too, or Word falls back to another font for some letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _paragraph(cell_or_doc, text, bold=False, italic=False, align=None, size=None):
    paragraph = cell_or_doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _department(report):
    from home.models import PortalSettings

    site = report.get_site()
    if site is None:
        return "", ""
    portal = PortalSettings.for_site(site)
    return portal.parent_authority or "", portal.department_name or ""


def build_report(report, revision_note=""):
    """The bytes of the .docx of ``report`` (a ConsultationReportPage, live or a revision), in
    Vietnamese whatever the reader's language: it is the department's own document."""
    with translation.override("vi"):
        return _build(report, revision_note)


def _build(report, revision_note):
    draft = report.draft
    document = Document()
    _set_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    parent, department = _department(report)
    heading = document.add_table(rows=1, cols=2)
    left, right = heading.rows[0].cells
    left.paragraphs[0].add_run(parent.upper()).font.size = Pt(12)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, department.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    day = date_format(timezone.localdate(), "j")
    month, year = timezone.localdate().strftime("%m"), timezone.localdate().year
    _paragraph(right, f"ngày {day} tháng {month} năm {year}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _paragraph(document, _("REPORT"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    _paragraph(
        document,
        _("Summary of the comments received on the draft, and how they were taken in or explained"),
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, draft.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if revision_note:
        _paragraph(document, revision_note, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _paragraph(
        document,
        _("Drafting unit: %(unit)s. Comments taken from %(opens)s to %(closes)s on the portal.")
        % {
            "unit": draft.issuing_unit,
            "opens": date_format(draft.opens_on, "SHORT_DATE_FORMAT"),
            "closes": date_format(draft.closes_on, "SHORT_DATE_FORMAT"),
        },
    )
    if report.intro:
        for line in strip_tags(report.intro.replace("</p>", "\n")).splitlines():
            if line.strip():
                _paragraph(document, line.strip())
    counts = report.counts()
    _paragraph(
        document,
        _("Comments answered: %(total)s; taken in: %(accepted)s; explained: %(explained)s.") % counts,
    )

    columns = (
        pgettext("ordinal", "No."),
        _("Article"),
        _("Comment"),
        _("Commenter"),
        _("Decision"),
        _("How it was taken in or explained"),
    )
    widths = (Mm(12), Mm(35), Mm(75), Mm(35), Mm(30), Mm(65))
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, title, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(title).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, row in enumerate(report.report_rows(), start=1):
        comment = row.comment
        values = (
            str(number),
            comment.place_label if comment else "—",
            comment.body if comment else "—",
            comment.public_name if comment else "—",
            str(row.get_disposition_display() or "—"),
            row.response or "—",
        )
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            cell.paragraphs[0].add_run(value)

    output = io.BytesIO()
    document.core_properties.title = f"{_('REPORT')} – {draft.title}"[:250]
    document.core_properties.language = "vi-VN"
    document.save(output)
    return output.getvalue()


def file_name(report):
    """An ASCII name ("bao-cao-gop-y-<draft>.docx"): every browser and mail client keeps it as is."""
    from home.text import slugify_vi

    slug = slugify_vi(report.draft.title) or slugify(report.draft.slug) or "du-thao"
    return f"bao-cao-tiep-thu-giai-trinh-{slug[:60]}.docx"
