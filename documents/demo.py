"""The demo register: the shipped corpus, imported and published, with a few true relations."""

from pathlib import Path

from django.db import transaction

from documents.importer import LegalDocumentImporter, read_rows
from documents.models import LegalDocumentIndexPage, LegalDocumentPage, LegalDocumentRelation
from documents.numbers import number_key

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILES = ("tien-giang-examples.jsonl", "corpus.jsonl")

# (source number, relation, target number or title, note): relations that hold in Vietnamese law.
DEMO_RELATIONS = [
    ("24/2023/QH15", "replaces", "41/2009/QH12", ""),
    ("12/2017/QH14", "amends", "100/2015/QH13", "Sửa đổi, bổ sung một số điều"),
    ("13/2023/NĐ-CP", "based_on", "24/2018/QH14", ""),
    ("91/2025/QH15", "related", "13/2023/NĐ-CP", "Cùng điều chỉnh bảo vệ dữ liệu cá nhân"),
    ("24/2018/QH14", "based_on", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam 2013", ""),
    ("60/2024/QH15", "based_on", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam 2013", ""),
]


def _find(register, reference):
    documents = LegalDocumentPage.objects.child_of(register)
    return (
        documents.filter(number_key=number_key(reference)).first()
        or documents.filter(summary=reference).first()
    )


def _has_dates(row):
    return isinstance(row, dict) and bool(row.get("issue_date") or row.get("effective_date"))


def load_demo_register(home, translate):
    """Create the register if needed and import the demo files; return (created count, message)."""
    register = LegalDocumentIndexPage.objects.child_of(home).first()
    created = 0
    if register is None:
        register = LegalDocumentIndexPage(
            title="Văn bản pháp luật",
            slug="van-ban",
            intro=(
                "<p>Văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành do Sở ban hành hoặc áp dụng.</p>"
            ),
            locale=home.locale,
        )
        home.add_child(instance=register)
        register.save_revision().publish()
        translate(register, "Legal documents", "<p>Legal and administrative documents.</p>")
        created += 1
    totals = [0, 0, 0, 0]
    for name in DEMO_FILES:
        # The corpus holds some laws twice: a crawled row (upper-case title, no dates) and a census row
        # (proper title, dates, status). Rows with dates go first so that the census row is the one kept;
        # line numbers in the report stay those of the file.
        rows = sorted(read_rows(DATA_DIR / name), key=lambda item: not _has_dates(item[1]))
        report = LegalDocumentImporter(register, publish=True).run(rows)
        for index, value in enumerate(
            (report.created, report.updated, report.unchanged, len(report.rejected))
        ):
            totals[index] += value
    created += totals[0]
    with transaction.atomic():
        for source_ref, relation_type, target_ref, note in DEMO_RELATIONS:
            source, target = _find(register, source_ref), _find(register, target_ref)
            if source is None or target is None:
                continue
            _, was_created = LegalDocumentRelation.objects.get_or_create(
                source=source, target=target, relation_type=relation_type, defaults={"note": note}
            )
            created += was_created
    message = (
        f"Legal documents: {totals[0]} created, {totals[1]} updated, {totals[2]} unchanged, "
        f"{totals[3]} rows rejected (duplicates in the source data)."
    )
    return created, message
