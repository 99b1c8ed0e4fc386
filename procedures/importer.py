"""Import of administrative procedures from a CSV export (the national database's list of a department).

Rules, as for the legal register (documents/importer.py):

- a bad row never stops the import: it is reported with its line number and reason, the rest imports;
- importing the same file again creates nothing new: a procedure's key is its code in the register; a
  row whose content did not change is counted as unchanged and not written;
- a changed procedure goes through a revision, like an editor's change: history records it, and a
  draft import leaves the live page alone.

Headers may be the documented English names or the Vietnamese ones of the national database's export
("Mã thủ tục", "Tên thủ tục", "Lĩnh vực", ...), in any case and with or without diacritics.
"""

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from home.params import unstorable_values
from home.spreadsheets import unguard_cell
from home.text import fold_diacritics, nfc, slugify_vi
from procedures.models import ProcedurePage, ServiceLevel, validate_national_portal_url

COLUMNS = (
    "code",
    "title",
    "field",
    "level",
    "agency",
    "processing_time",
    "fee",
    "fee_note",
    "summary",
    "national_portal_url",
)
REQUIRED = ("code", "title", "field", "processing_time")
# Folded, lower-case Vietnamese headers of the national database's export -> our column.
HEADER_ALIASES = {
    "ma thu tuc": "code",
    "ma tthc": "code",
    "ten thu tuc": "title",
    "linh vuc": "field",
    "muc do": "level",
    "muc do dvc": "level",
    "muc do dich vu cong": "level",
    "co quan thuc hien": "agency",
    "thoi han giai quyet": "processing_time",
    "thoi gian giai quyet": "processing_time",
    "phi, le phi": "fee",
    "phi le phi": "fee",
    "ghi chu phi": "fee_note",
    "mo ta": "summary",
    "doi tuong thuc hien": "summary",
    "duong dan": "national_portal_url",
    "lien ket dich vu cong": "national_portal_url",
}
LEVEL_ALIASES = {
    "full": ServiceLevel.FULL,
    "toan trinh": ServiceLevel.FULL,
    "dich vu cong truc tuyen toan trinh": ServiceLevel.FULL,
    "muc do 4": ServiceLevel.FULL,
    "partial": ServiceLevel.PARTIAL,
    "mot phan": ServiceLevel.PARTIAL,
    "dich vu cong truc tuyen mot phan": ServiceLevel.PARTIAL,
    "muc do 3": ServiceLevel.PARTIAL,
    "offline": ServiceLevel.OFFLINE,
    "truc tiep": ServiceLevel.OFFLINE,
    "khong": ServiceLevel.OFFLINE,
}
FREE = {"0", "mien phi", "khong", "khong thu", "khong co"}
MAX_LENGTHS = {"code": 50, "title": 255, "field": 255, "agency": 255, "processing_time": 255, "fee_note": 500}


class RowError(ValueError):
    """A row that cannot be imported; the message says why, in the reader's language."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list = field(default_factory=list)  # [(line number, reason)]


def _column(header):
    key = fold_diacritics(header or "").lower().strip().strip(":")
    key = re.sub(r"\s+", " ", key)
    if key in COLUMNS:
        return key
    return HEADER_ALIASES.get(key, key)


def read_rows(handle):
    """Yield (line number, row dict or RowError) from a CSV file (text or bytes), never raising for a row."""
    if isinstance(handle, (io.BufferedIOBase, io.RawIOBase)) or "b" in getattr(handle, "mode", ""):
        handle = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        return
    columns = [_column(name) for name in header]
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            yield reader.line_num, RowError(_("the row has more cells than the header"))
            continue
        yield (
            reader.line_num,
            {name: unguard_cell(value) for name, value in zip(columns, cells, strict=False)},
        )


def parse_fee(text):
    """Whole đồng from “1.500.000”, “1.500.000 đ”, “1500000 đồng”; 0 for “Miễn phí”; None if blank."""
    text = nfc(text)
    if not text:
        return None
    folded = fold_diacritics(text).lower()
    if folded in FREE:
        return 0
    digits = re.sub(r"\s*(d|dong|vnd)\.?$", "", folded).replace(".", "").replace(",", "").replace(" ", "")
    if not digits.isdigit() or len(digits) > 15:
        raise RowError(_("the fee “%(value)s” is not an amount in đồng") % {"value": text})
    return int(digits)


def parse_level(text):
    text = nfc(text)
    if not text:
        return ServiceLevel.PARTIAL
    level = LEVEL_ALIASES.get(fold_diacritics(text).lower())
    if level is None:
        raise RowError(_("unknown online service level “%(value)s”") % {"value": text})
    return level


def clean_row(row):
    """A normalised record from a raw row, or RowError."""
    if unstorable_values(row):
        raise RowError(_("the row holds a NUL character or bytes that are not UTF-8"))
    record = {name: nfc(row.get(name) or "") for name in COLUMNS}
    for name in REQUIRED:
        if not record[name]:
            raise RowError(_("the column “%(column)s” is empty") % {"column": name})
    for name, limit in MAX_LENGTHS.items():
        if len(record[name]) > limit:
            raise RowError(
                _("“%(column)s” is longer than %(limit)s characters") % {"column": name, "limit": limit}
            )
    record["level"] = parse_level(record["level"])
    record["fee"] = parse_fee(record["fee"])
    if record["national_portal_url"]:
        try:
            validate_national_portal_url(record["national_portal_url"])
        except ValidationError as error:
            raise RowError(" ".join(error.messages)) from error
    return record


def fingerprint(record):
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


class ProcedureImporter:
    def __init__(self, parent, *, publish=True, dry_run=False, user=None):
        self.parent = parent
        self.publish = publish
        self.dry_run = dry_run
        self.user = user
        self.report = ImportReport()
        self.existing = {
            code: (pk, stored)
            for pk, code, stored in ProcedurePage.objects.child_of(parent).values_list(
                "pk", "code", "import_fingerprint"
            )
        }
        self.seen = {}  # code -> line number within this file

    def run(self, rows):
        with transaction.atomic():
            for line_number, row in rows:
                try:
                    if isinstance(row, Exception):
                        raise row
                    record = clean_row(row)
                    with transaction.atomic():  # a row that fails to save leaves the others alone
                        self._import(line_number, record)
                except RowError as error:
                    self.report.rejected.append((line_number, str(error)))
                except ValidationError as error:
                    self.report.rejected.append((line_number, " ".join(error.messages)))
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    def _import(self, line_number, record):
        code = record["code"]
        if code in self.seen:
            raise RowError(
                _("the code %(code)s is already on line %(line)s") % {"code": code, "line": self.seen[code]}
            )
        self.seen[code] = line_number
        stamp = fingerprint(record)
        existing = self.existing.get(code)
        if existing and existing[1] == stamp:
            self.report.unchanged += 1
            return
        values = {
            "title": record["title"],
            "code": code,
            "field_name": record["field"],
            "level": record["level"],
            "agency": record["agency"],
            "processing_time": record["processing_time"],
            "fee": record["fee"],
            "fee_note": record["fee_note"],
            "summary": record["summary"],
            "national_portal_url": record["national_portal_url"],
            "import_fingerprint": stamp,
        }
        if existing:
            page = ProcedurePage.objects.get(pk=existing[0])
            for name, value in values.items():
                setattr(page, name, value)  # the slug, and so the address, stays
            page.full_clean()
            revision = page.save_revision(user=self.user, log_action=True)
            if self.publish:
                revision.publish(user=self.user)
            self.report.updated += 1
        else:
            page = ProcedurePage(**values, slug=slugify_vi(f"{code} {record['title']}")[:80].strip("-"))
            page.locale_id = self.parent.locale_id
            page.live = False  # live when its first revision is published, as an editor's page
            page.has_unpublished_changes = True
            self.parent.add_child(instance=page)
            revision = page.save_revision(user=self.user, log_action=True)
            if self.publish:
                revision.publish(user=self.user)
            self.report.created += 1
        self.existing[code] = (page.pk, stamp)
