"""The legal-document importer with arbitrary Unicode lines: it never crashes, every bad line is reported
with its line number, and every good line among them is imported."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from django.db import transaction

from documents.importer import LegalDocumentImporter, read_rows
from documents.models import LegalDocumentPage
from tests.factories import LegalDocumentIndexPageFactory
from tests.fuzz.strategies import any_text, mixed_text, vietnamese_text

pytestmark = pytest.mark.django_db

COLUMNS = ["number", "type", "title", "issuing_body", "signer", "issue_date", "effective_date",
           "expiry_date", "status", "fields", "text", "scope"]  # fmt: skip
cell_values = st.one_of(
    st.none(), mixed_text, st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.lists(mixed_text, max_size=3), st.dictionaries(any_text, any_text, max_size=2),
    st.sampled_from(["2021-02-30", "31/12/2021", "2021-13-01", "0000-00-00", "hiệu lực", "expired"]),
)  # fmt: skip
garbage_line = st.one_of(
    any_text.map(lambda text: text.replace("\n", " ").replace("\r", " ").replace("\x85", " ")
                 .replace("\u2028", " ").replace("\u2029", " ")),
    st.dictionaries(st.sampled_from(COLUMNS) | any_text, cell_values, max_size=6).map(
        lambda row: json.dumps(row, ensure_ascii=False)
    ),
    st.lists(cell_values, max_size=3).map(json.dumps),
)  # fmt: skip


@st.composite
def good_row(draw, serial):
    return json.dumps(
        {
            "number": f"{serial}/2024/QĐ-UBND",
            "type": draw(st.sampled_from(["Quyết định", "Nghị quyết", "Chỉ thị", "Kế hoạch"])),
            "title": "Về việc " + draw(vietnamese_text.filter(lambda t: t.strip())) + f" ({serial})",
            "issuing_body": draw(st.sampled_from(["UBND tỉnh", "Sở Thông tin và Truyền thông"])),
            "issue_date": "2024-03-0" + str(draw(st.integers(1, 9))),
            "fields": draw(st.lists(vietnamese_text.filter(lambda t: t.strip()), max_size=2)),
        },
        ensure_ascii=draw(st.booleans()),
    )


@st.composite
def import_file(draw):
    """Lines of a .jsonl file: (text, line numbers of good rows)."""
    lines, good = [], []
    for index in range(draw(st.integers(min_value=1, max_value=8))):
        if draw(st.booleans()):
            lines.append(draw(good_row(serial=index + 1)))
            good.append(len(lines))
        else:
            lines.append(draw(garbage_line))
    return "\n".join(lines) + "\n", good


@pytest.fixture
def register():
    return LegalDocumentIndexPageFactory()


@settings(max_examples=30)
@given(data=import_file())
def test_any_file_imports_its_good_rows_and_reports_the_rest_by_line(register, data):
    text, good_lines = data
    with transaction.atomic():
        before = LegalDocumentPage.objects.count()
        report = LegalDocumentImporter(register, publish=True).run(read_rows(io.StringIO(text), "jsonl"))
        rejected = dict(report.rejected)
        non_blank = {number for number, line in enumerate(text.split("\n"), start=1) if line.strip()}
        assert set(rejected) <= non_blank
        assert not set(good_lines) & set(rejected), report.rejected
        for line_number, reason in report.rejected:
            assert isinstance(line_number, int) and str(reason).strip()
        assert report.created + report.updated + report.unchanged + len(report.rejected) == len(non_blank)
        assert LegalDocumentPage.objects.count() - before == report.created >= len(good_lines)
        for line in good_lines:
            number = json.loads(text.split("\n")[line - 1])["number"]
            assert LegalDocumentPage.objects.filter(number=number).exists()
        transaction.set_rollback(True)  # the next example starts from the same register


@settings(max_examples=20)
@given(rows=st.lists(st.lists(mixed_text.map(lambda t: t.replace("\x00", "")), min_size=1, max_size=6),
                     min_size=1, max_size=5))  # fmt: skip
def test_any_csv_never_crashes_the_reader_or_the_import(register, rows):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS[:6])
    writer.writerows(rows)
    with transaction.atomic():
        report = LegalDocumentImporter(register, publish=False).run(
            read_rows(io.StringIO(buffer.getvalue()), "csv")
        )
        assert report.processed >= 1 or not any(any(cell.strip() for cell in row) for row in rows)
        transaction.set_rollback(True)
