"""Bulk import of legal documents from JSON Lines or CSV (the format of shared/data/legal-documents).

Rules, as editors and administrators rely on them:

- a bad row never stops the import: it is reported with its line number and reason, the rest imports;
- importing the same file again creates nothing new: the key of a document is its number and issuing
  body, or its title and issuing body when it has no number; a row whose content did not change is
  counted as unchanged and not written at all;
- vocabularies are reused: "THANH HOÁ", "Thanh Hóa" and "thanh hoá" are one issuing body; document
  types must already exist (they are a controlled list, managed in the admin);
- rows are written in batches, each batch in one transaction, and indexed for search in bulk.
"""

import csv
import datetime
import hashlib
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Page, PageLogEntry
from wagtail.search.backends import get_search_backend

from documents.models import DocumentType, IssuingBody, LegalDocumentPage, LegalField, Signer
from documents.numbers import number_key
from documents.search import refresh_index
from documents.status import Status, derive_status
from documents.versions import bump_register_version
from home.params import unstorable_values
from home.spreadsheets import unguard_cell
from home.text import fold_diacritics, matching_key, nfc

COLUMNS = (
    "number",
    "type",
    "title",
    "issuing_body",
    "signer",
    "signer_title",
    "issue_date",
    "effective_date",
    "expiry_date",
    "status",
    "fields",
    "scope",
    "gazette_reference",
    "text",
)
DATE_COLUMNS = ("issue_date", "effective_date", "expiry_date")
MAX_TITLE_LENGTH = 255


class RowError(ValueError):
    """A row that cannot be imported; the message says why, in the reader's language."""


# After a bulk import PostgreSQL's planner still believes the register holds what it held before (autovacuum
# analyses later): with 100,000 new pages its stale estimates turned the register's first page from 80 ms
# into 3.8 s (nested loops over 100,000 rows). Re-analysing the tables the register reads takes a few
# seconds, so it is done once an import has written this many rows.
ANALYZE_AFTER_ROWS = 1000


def refresh_planner_statistics():
    connection = connections[router.db_for_write(LegalDocumentPage)]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Page, LegalDocumentPage):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")  # nosec B608 - table names come from the models


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list = field(default_factory=list)  # [(line number, reason)]

    @property
    def processed(self):
        return self.created + self.updated + self.unchanged + len(self.rejected)


# Reading ---------------------------------------------------------------------------------------


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), =cmd|...): the
# CSV export writes such a cell with a leading apostrophe, which the import takes off again.
def read_rows(path_or_file, file_format=None):
    """Yield (line number, row dict or RowError) from a .jsonl or .csv file, never raising for a row."""
    if isinstance(path_or_file, (str, Path)):
        path = Path(path_or_file)
        file_format = file_format or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            yield from read_rows(handle, file_format)
        return
    handle = path_or_file
    if isinstance(handle, (io.BufferedIOBase, io.RawIOBase)) or "b" in getattr(handle, "mode", ""):
        # Bytes that are not UTF-8 become lone surrogates in their own row, which clean_row refuses.
        handle = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    if file_format == "csv":
        reader = csv.DictReader(handle)
        for row in reader:
            row = {key: unguard_cell(value) for key, value in row.items()}
            if None in row:
                yield reader.line_num, RowError(_("the row has more cells than the header"))
                continue
            raw_fields = row.get("fields") or ""
            row["fields"] = [part for part in (p.strip() for p in raw_fields.split(";")) if part]
            yield reader.line_num, {key: (value if value != "" else None) for key, value in row.items()}
        return
    for line_number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield line_number, RowError(_("broken JSON (%(error)s)") % {"error": error.msg})
            continue
        if not isinstance(row, dict):
            yield line_number, RowError(_("the line is not a JSON object"))
            continue
        yield line_number, row


# Cleaning --------------------------------------------------------------------------------------


def _text(row, name, max_length=None):
    value = row.get(name)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise RowError(_("“%(column)s” must be text") % {"column": name})
    value = nfc(value)
    if max_length and len(value) > max_length:
        raise RowError(
            _("“%(column)s” is longer than %(limit)s characters") % {"column": name, "limit": max_length}
        )
    return value


def _date(row, name):
    value = row.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
    raise RowError(_("%(column)s is not a valid date: “%(value)s”") % {"column": name, "value": value})


def clean_row(row):
    """A normalised record from a raw row, or RowError."""
    if unstorable_values(row):
        raise RowError(_("the row holds a NUL character or bytes that are not UTF-8"))
    title = _text(row, "title")
    if not title:
        raise RowError(_("the title (trích yếu) is missing"))
    record = {
        "number": _text(row, "number", 100),
        "type": _text(row, "type", 255),
        "summary": title,
        "issuing_body": _text(row, "issuing_body", 255),
        "signer": _text(row, "signer", 255),
        "signer_title": _text(row, "signer_title", 255),
        "scope": _text(row, "scope", 255),
        "gazette_reference": _text(row, "gazette_reference", 255),
        "text": _text(row, "text"),
    }
    for name in DATE_COLUMNS:
        record[name] = _date(row, name)
    status = row.get("status") or ""
    if status and status not in Status.values:
        raise RowError(_("unknown validity status “%(value)s”") % {"value": status})
    record["status"] = status
    fields = row.get("fields") or []
    if isinstance(fields, str):
        fields = [part for part in (p.strip() for p in fields.split(";")) if part]
    if not isinstance(fields, list) or not all(isinstance(item, str) for item in fields):
        raise RowError(_("“fields” must be a list of names"))
    record["fields"] = sorted({nfc(item) for item in fields if nfc(item)}, key=matching_key)
    if (
        record["expiry_date"]
        and record["effective_date"]
        and record["expiry_date"] <= record["effective_date"]
    ):
        raise RowError(_("the expiry date is not after the effective date"))
    return record


def status_to_store(record, today):
    """The status given by the file, kept only where the dates cannot tell it (see documents.status)."""
    given = record["status"]
    if not given:
        return ""
    if given in (Status.IN_FORCE, Status.NOT_YET_IN_FORCE) and record["effective_date"]:
        return ""
    derived = derive_status(
        override="",
        issue_date=record["issue_date"],
        effective_date=record["effective_date"],
        expiry_date=record["expiry_date"],
        ended_on=None,
        changed_on=None,
        today=today,
    )
    return "" if derived == given else given


def fingerprint(record):
    data = {
        key: (value.isoformat() if isinstance(value, datetime.date) else value)
        for key, value in record.items()
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def text_to_body(text):
    return [
        {"type": "paragraph", "value": f"<p>{html.escape(line)}</p>"}
        for line in text.split("\n")
        if line.strip()
    ]


def page_title(record, type_name):
    if record["number"]:
        return f"{type_name} {record['number']}".strip()[:MAX_TITLE_LENGTH]
    summary = record["summary"]
    return summary if len(summary) <= MAX_TITLE_LENGTH else summary[: MAX_TITLE_LENGTH - 1].rstrip() + "…"


def slug_for(record):
    source = fold_diacritics(record["number"] or record["summary"]).replace("/", "-").replace(".", "-")
    base = slugify(source)[:70].strip("-")
    return base or "van-ban"


# Vocabularies ----------------------------------------------------------------------------------


class Vocabulary:
    """Names of one snippet model by matching key, created on first use unless ``create`` is False."""

    def __init__(self, model, locale, create=True):
        self.model = model
        self.locale = locale
        self.create = create
        self.by_key = {term.name_key: term for term in model.objects.filter(locale=locale)}

    def get(self, name):
        if not name:
            return None
        key = matching_key(name)
        term = self.by_key.get(key)
        if term is None:
            if not self.create:
                return None
            term = self.model.objects.create(name=name, locale=self.locale)
            self.by_key[key] = term
        elif term.name.isupper() and not name.isupper():
            # Prefer the ordinary spelling ("Quốc hội") over a crawled upper-case one ("QUỐC HỘI").
            term.name = name
            term.save(update_fields=["name", "name_key"])
        return term


# Importing -------------------------------------------------------------------------------------


class LegalDocumentImporter:
    def __init__(self, parent, *, publish=True, dry_run=False, batch_size=500, progress=None, today=None):
        self.parent = parent
        self.publish = publish
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress
        self.today = today or timezone.localdate()
        self.report = ImportReport()
        locale = parent.locale
        self.types = Vocabulary(DocumentType, locale, create=False)
        self.bodies = Vocabulary(IssuingBody, locale)
        self.signers = Vocabulary(Signer, locale)
        self.fields = Vocabulary(LegalField, locale)
        self.existing = {}  # key -> (page id, fingerprint)
        for pk, number_k, summary, body_id, stored in LegalDocumentPage.objects.child_of(parent).values_list(
            "pk", "number_key", "summary", "issuing_body_id", "import_fingerprint"
        ):
            self.existing[self._key(number_k, summary, body_id)] = (pk, stored)
        self.slugs = set(Page.objects.child_of(parent).values_list("slug", flat=True))
        self.seen = {}  # key -> (line number, fingerprint), within this file

    @staticmethod
    def _key(number_k, summary, issuing_body_id):
        return ("n", number_k, issuing_body_id) if number_k else ("t", matching_key(summary), issuing_body_id)

    def run(self, rows):
        batch = []
        for line_number, row in rows:
            batch.append((line_number, row))
            if len(batch) >= self.batch_size:
                self._process_batch(batch)
                batch = []
        if batch:
            self._process_batch(batch)
        if not self.dry_run and self.report.created + self.report.updated >= ANALYZE_AFTER_ROWS:
            refresh_planner_statistics()
        return self.report

    def _process_batch(self, batch):
        with transaction.atomic():
            to_create, to_update = [], []
            for line_number, row in batch:
                try:
                    if isinstance(row, Exception):
                        raise row
                    self._plan(line_number, clean_row(row), to_create, to_update)
                except RowError as error:
                    self.report.rejected.append((line_number, str(error)))
            if not self.dry_run:
                self._write(to_create, to_update)
            else:
                self.report.created += len(to_create)
                self.report.updated += len(to_update)
            if self.dry_run:
                transaction.set_rollback(True)
        if self.progress:
            self.progress(self.report)

    def _plan(self, line_number, record, to_create, to_update):
        issuing_body = self.bodies.get(record["issuing_body"])
        key = self._key(
            number_key(record["number"]), record["summary"], issuing_body.pk if issuing_body else None
        )
        record_fingerprint = fingerprint(record)
        if key in self.seen:
            first_line, first_fingerprint = self.seen[key]
            if first_fingerprint == record_fingerprint:
                raise RowError(_("duplicate of line %(line)s") % {"line": first_line})
            raise RowError(
                _("same number and issuing body as line %(line)s, with different content")
                % {"line": first_line}
            )
        self.seen[key] = (line_number, record_fingerprint)
        document_type = None
        if record["type"]:
            document_type = self.types.get(record["type"])
            if document_type is None:
                raise RowError(
                    _("unknown document type “%(type)s”: add it under Legal vocabularies first")
                    % {"type": record["type"]}
                )
        existing = self.existing.get(key)
        if existing and existing[1] == record_fingerprint:
            self.report.unchanged += 1
            return
        values = {
            "number": record["number"],
            "document_type": document_type,
            "issuing_body": issuing_body,
            "signer": self.signers.get(record["signer"]),
            "signer_title": record["signer_title"],
            "issue_date": record["issue_date"],
            "effective_date": record["effective_date"],
            "expiry_date": record["expiry_date"],
            "gazette_reference": record["gazette_reference"],
            "scope": record["scope"],
            "summary": record["summary"],
            "body": text_to_body(record["text"]),
            "status_override": status_to_store(record, self.today),
            "import_fingerprint": record_fingerprint,
            "number_key": number_key(record["number"]),
            "title": page_title(record, document_type.name if document_type else ""),
        }
        field_terms = [self.fields.get(name) for name in record["fields"]]
        if existing:
            to_update.append((existing[0], values, field_terms))
        else:
            to_create.append((key, values, field_terms, record["text"]))

    def _unique_slug(self, base):
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def _write(self, to_create, to_update):
        now = timezone.now()
        parent = self.parent
        created = []
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .first()
        )
        next_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        for key, values, field_terms, text in to_create:
            page = LegalDocumentPage(
                **values,
                slug=self._unique_slug(slug_for({"number": values["number"], "summary": values["summary"]})),
                draft_title=values["title"],
                locale_id=parent.locale_id,
                live=self.publish,
                has_unpublished_changes=not self.publish,
                first_published_at=now if self.publish else None,
                last_published_at=now if self.publish else None,
                depth=parent.depth + 1,
                path=Page._get_path(parent.path, parent.depth + 1, next_step),
                numchild=0,
            )
            page.set_url_path(parent)
            page.set_derived_fields(body_text=text, attachment_text="")
            next_step += 1
            created.append((key, page, field_terms))
        if created:
            _bulk_insert_pages([page for _key, page, _terms in created])
            through = LegalDocumentPage.fields.through
            through.objects.bulk_create(
                [
                    through(legaldocumentpage_id=page.pk, legalfield_id=term.pk)
                    for _key, page, terms in created
                    for term in terms
                ],
                batch_size=1000,
            )
            refresh_index([page.pk for _key, page, _terms in created])
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(created))
            parent.numchild += len(created)
            for key, page, _terms in created:
                self.existing[key] = (page.pk, page.import_fingerprint)
            created = [page for _key, page, _terms in created]
            self._log(created, now)
        updated = [self._update(page_id, values, field_terms) for page_id, values, field_terms in to_update]
        self.report.created += len(created)
        self.report.updated += len(updated)
        self._index(created)
        if created or updated:
            transaction.on_commit(bump_register_version)

    def _update(self, page_id, values, field_terms):
        """Changes to an existing document go through a revision, like an editor's: the admin shows
        the imported content, history records it, and a draft import leaves the live page alone."""
        page = LegalDocumentPage.objects.get(pk=page_id)
        for name, value in values.items():
            setattr(page, name, value)  # the slug, and so the URL, stays: links keep working
        page.fields = field_terms
        revision = page.save_revision(clean=False, log_action=True)
        if self.publish:
            revision.publish()
        return page

    def _log(self, pages, now):
        actions = ["wagtail.create"] + (["wagtail.publish"] if self.publish else [])
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page_id=page.pk,
                    content_type_id=page.content_type_id,
                    label=page.title,
                    action=action,
                    data={},
                    timestamp=now,
                    content_changed=True,
                )
                for page in pages
                for action in actions
            ],
            batch_size=1000,
        )

    def _index(self, pages):
        if not pages:
            return
        fresh = (
            LegalDocumentPage.objects.filter(pk__in=[page.pk for page in pages])
            .select_related("document_type", "issuing_body")
            .prefetch_related("attachments__document")
        )
        get_search_backend().add_bulk(LegalDocumentPage, list(fresh))


def _bulk_insert_pages(pages):
    """Insert new document pages with two multi-row INSERTs (page table, then document table).

    Django's bulk_create refuses multi-table inheritance, so the base rows go through bulk_create on
    Page and the document rows through the same insert compiler that Model.save() uses (QuerySet._insert,
    Django 5.2). No post_save signal fires: the caller indexes the pages for search in bulk. New pages
    have no revision until an editor saves one, which Wagtail supports (the editor starts from the
    page as imported); their creation and publication are in the audit log.
    """
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    base_rows = Page.objects.bulk_create(
        [Page(**{field.attname: getattr(page, field.attname) for field in base_fields}) for page in pages]
    )
    for page, base in zip(pages, base_rows, strict=True):
        page.page_ptr_id = base.pk
        page.id = base.pk
    LegalDocumentPage._base_manager._insert(
        pages, fields=LegalDocumentPage._meta.local_concrete_fields, using=router_db()
    )
    for page in pages:
        page._state.adding = False


def router_db():
    return router.db_for_write(LegalDocumentPage)
