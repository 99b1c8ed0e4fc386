"""Export of the register in the import format (JSON Lines or CSV), so that data round-trips."""

import csv
import io
import json

from django.utils.html import strip_tags

from documents.importer import COLUMNS
from documents.models import LegalDocumentPage
from home.spreadsheets import guard_cell


def body_to_text(body):
    import html

    lines = []
    for block in body:
        if block.block_type == "paragraph":
            lines.append(html.unescape(strip_tags(block.value.source)))
    return "\n".join(lines)


def document_rows(queryset=None):
    """Yield one dict per document, with the import format's column names."""
    queryset = queryset if queryset is not None else LegalDocumentPage.objects.all()
    queryset = queryset.select_related("document_type", "issuing_body", "signer").prefetch_related("fields")
    for page in queryset.order_by("path").iterator(chunk_size=1000):
        yield {
            "number": page.number or None,
            "type": page.document_type.name if page.document_type else None,
            "title": page.summary,
            "issuing_body": page.issuing_body.name if page.issuing_body else None,
            "signer": page.signer.name if page.signer else None,
            "signer_title": page.signer_title or None,
            "issue_date": page.issue_date.isoformat() if page.issue_date else None,
            "effective_date": page.effective_date.isoformat() if page.effective_date else None,
            "expiry_date": page.expiry_date.isoformat() if page.expiry_date else None,
            "status": page.status_override or None,
            "fields": [term.name for term in page.fields.all()],
            "scope": page.scope or None,
            "gazette_reference": page.gazette_reference or None,
            "text": body_to_text(page.body) or None,
        }


def write_jsonl(rows, handle):
    count = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows, handle):
    writer = csv.DictWriter(handle, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        cells = {**row, "fields": "; ".join(row["fields"])}
        writer.writerow({key: "" if value is None else guard_cell(value) for key, value in cells.items()})
        count += 1
    return count


def export_to_string(file_format, queryset=None):
    buffer = io.StringIO()
    (write_csv if file_format == "csv" else write_jsonl)(document_rows(queryset), buffer)
    return buffer.getvalue()
