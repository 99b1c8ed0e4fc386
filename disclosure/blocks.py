"""A statistics table as data: a caption, a unit and a grid whose first row holds the column headings."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from home.text import nfc


def _cell(value):
    return nfc(value) if value is not None else ""


class StatisticsTableValue(blocks.StructValue):
    def rows(self):
        """Every row of the grid as text, the heading row first; empty trailing rows left out."""
        data = (self.get("table") or {}).get("data") or []
        rows = [[_cell(cell) for cell in row] for row in data]
        while rows and not any(rows[-1]):
            rows.pop()
        return rows

    def header(self):
        rows = self.rows()
        return rows[0] if rows else []

    def body_rows(self):
        return self.rows()[1:]


class StatisticsTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Table caption"),
        max_length=255,
        help_text=_("What the table shows, e.g. “Số hồ sơ trực tuyến theo quý”."),
    )
    unit = blocks.CharBlock(
        label=_("Unit"), max_length=100, required=False, help_text=_("E.g. “hồ sơ”, “triệu đồng”.")
    )
    table = TableBlock(
        label=_("Table"),
        help_text=_("The first row holds the column headings, the first column the row headings."),
        table_options={
            "contextMenu": [
                "row_above",
                "row_below",
                "col_left",
                "col_right",
                "remove_row",
                "remove_col",
                "undo",
                "redo",
            ]
        },
    )
    note = blocks.CharBlock(label=_("Note"), max_length=500, required=False)

    class Meta:
        icon = "table"
        template = "blocks/statistics_table.html"
        label = _("Statistics table")
        description = _("A table of figures that readers can also download as CSV")
        value_class = StatisticsTableValue
        preview_value = {
            "caption": "Số hồ sơ trực tuyến theo quý",
            "unit": "hồ sơ",
            "table": {"data": [["Quý", "Toàn trình", "Một phần"], ["Quý I", "1200", "340"]]},
        }

    def clean(self, value):
        value = super().clean(value)
        rows = value.rows()
        if len(rows) < 2 or not any(rows[0]):
            raise ValidationError(_("A table needs a heading row and at least one row of figures."))
        return value


class StatisticsStreamBlock(blocks.StreamBlock):
    table = StatisticsTableBlock()
