"""The legal documents register: documents as pages, with their vocabularies as snippets."""

import datetime
import json
from collections import defaultdict
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager, TranslatableMixin
from wagtail.search import index

from documents.blocks import LegalTextStreamBlock
from documents.listing import build_listing
from documents.numbers import number_key
from documents.status import (
    ENDS_PART_OF_VALIDITY,
    ENDS_VALIDITY,
    INVERSE_LABELS,
    RelationType,
    Status,
    derive_status,
    status_expression,
    today,
)
from documents.versions import register_version
from home import memo
from home.blocks import PARAGRAPH_FEATURES
from home.models import AttachedFile, BasePage
from home.models.pages import PortalPageQuerySet
from home.text import matching_key, nfc, padded
from pagecache.tags import REGISTER, SIDEBAR, page_tag

MAX_SEARCH_BODY = 200_000
document_saved = Signal()  # a legal document and its relations written (documents.signals)


# Vocabularies ----------------------------------------------------------------------------------


class Term(TranslatableMixin, models.Model):
    """A named entry of a vocabulary; spelling variants of a name share one ``name_key``."""

    name = models.CharField(_("name"), max_length=255)
    name_key = models.CharField(max_length=255, editable=False, db_index=True)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_key = matching_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        clash = (
            type(self)
            .objects.filter(name_key=matching_key(self.name), locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError({"name": _("“%(name)s” already exists.") % {"name": clash.name}})


class DocumentType(Term):
    class Meta(Term.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        unique_together = [("translation_key", "locale"), ("name_key", "locale")]


class IssuingBody(Term):
    class Meta(Term.Meta):
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        unique_together = [("translation_key", "locale"), ("name_key", "locale")]


class Signer(Term):
    class Meta(Term.Meta):
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        unique_together = [("translation_key", "locale"), ("name_key", "locale")]


class LegalField(Term):
    """A field or sector (lĩnh vực), e.g. "Công nghệ thông tin"."""

    class Meta(Term.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        unique_together = [("translation_key", "locale"), ("name_key", "locale")]


# Pages -----------------------------------------------------------------------------------------


class LegalDocumentQuerySet(PortalPageQuerySet):
    def with_status(self, on=None):
        """Annotate ``validity`` with the status on the given day (today by default)."""
        return self.annotate(validity=status_expression(on or today(), LegalDocumentRelation))

    def newest_first(self):
        return self.order_by("-sort_date", "-page_ptr_id")


class LegalDocumentManager(PageManager.from_queryset(LegalDocumentQuerySet)):
    pass


class LegalDocumentIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["documents.LegalDocumentPage"]
    show_in_menus_default = True
    # Stored by the page cache and the front cache, searches included (?q=): any change to a document, a
    # relation, a vocabulary or a view restriction bumps the register's tag (documents.signals).
    page_cache_depends_on = (REGISTER,)
    page_cache_keeps_searches = True

    class Meta:
        verbose_name = _("legal documents register")
        verbose_name_plural = _("legal documents registers")

    def documents(self, request=None):
        """Live documents of the register: public ones, and for staff those restricted to them."""
        from home.privacy import visible_to

        return visible_to(LegalDocumentPage.objects.child_of(self.documents_register()).live(), request)

    def documents_register(self):
        """The register whose documents this page lists: its own, or for a translation that has no
        documents in its language (the usual case: documents are issued in Vietnamese), the source's."""
        default = memo.default_locale()
        if self.locale_id == default.pk or LegalDocumentPage.objects.child_of(self).live().exists():
            return self
        return self.get_translation_or_none(default) or self

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(build_listing(self, request))
        register = self.documents_register()
        context["documents_language"] = (
            register.locale.language_code if register.locale_id != self.locale_id else None
        )
        return context


class LegalDocumentPage(BasePage):
    number = models.CharField(
        _("number"),
        max_length=100,
        blank=True,
        help_text=_("Số ký hiệu, e.g. “39/2021/QĐ-UBND”. Leave empty for a document without one."),
    )
    number_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuing_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer = models.ForeignKey(
        Signer, verbose_name=_("signer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=255, blank=True, help_text=_("E.g. “Chủ tịch”, “KT. Giám đốc”.")
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    gazette_reference = models.CharField(
        _("official gazette"), max_length=255, blank=True, help_text=_("E.g. “Công báo số 45, 20/10/2021”.")
    )
    fields = ParentalManyToManyField(LegalField, verbose_name=_("fields"), blank=True, related_name="+")
    scope = models.CharField(
        _("scope"), max_length=255, blank=True, help_text=_("Where it applies, e.g. “Toàn tỉnh”.")
    )
    summary = models.TextField(_("summary"), help_text=_("Trích yếu: what the document is about."))
    body = StreamField(LegalTextStreamBlock(), verbose_name=_("full text"), blank=True)
    status_override = models.CharField(
        _("validity status"),
        max_length=20,
        blank=True,
        choices=[(s.value, s.label) for s in Status if s != Status.UNKNOWN],
        help_text=_(
            "Leave empty to derive it from the dates and the relations, which keeps it right as days pass."
        ),
    )

    import_fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    # The issue date, or the effective date when that is all there is, or the first day of year 1 for a
    # document with no date: what "newest first" sorts by (never NULL, so one plain index serves it).
    sort_date = models.DateField(default=datetime.date.min, editable=False)
    # Texts prepared for Vietnamese-aware search (documents.search): folded and exact words, padded.
    search_heading = models.TextField(blank=True, editable=False)
    search_heading_exact = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)

    objects = LegalDocumentManager()

    # What the document's template shows, fetched with the page when it is served (home/routing.py). Its
    # fields, files and relations are not prefetched: only its fragments show them, and those are usually
    # current (most documents have no files or relations: prefetching them cost two empty queries).
    route_select_related = ("document_type", "issuing_body", "signer", "locale")

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("signer"), FieldPanel("signer_title")]),
                FieldRowPanel(
                    [FieldPanel("issue_date"), FieldPanel("effective_date"), FieldPanel("expiry_date")]
                ),
                FieldPanel("status_override"),
                FieldPanel("fields"),
                FieldRowPanel([FieldPanel("scope"), FieldPanel("gazette_reference")]),
            ],
            heading=_("Metadata"),
        ),
        InlinePanel("attachments", label=_("Files"), heading=_("Files")),
        InlinePanel("relations", label=_("Relation"), heading=_("Relations to other documents")),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("number", boost=5),
        index.AutocompleteField("number"),
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.SearchField("attachment_text"),
        index.RelatedFields("document_type", [index.SearchField("name")]),
        index.RelatedFields("issuing_body", [index.SearchField("name")]),
        index.FilterField("number_key"),
        index.FilterField("document_type"),
        index.FilterField("issuing_body"),
        index.FilterField("issue_date"),
        index.FilterField("effective_date"),
    ]

    parent_page_types = ["documents.LegalDocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        permissions = [
            ("import_legaldocumentpage", "Can import legal documents"),
            ("export_legaldocumentpage", "Can export legal documents"),
        ]
        indexes = [models.Index(fields=["-sort_date", "-page_ptr"], name="legaldoc_newest_first")]

    def full_clean(self, *args, **kwargs):
        self.set_derived_fields()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)
        # After the clustered relations (fields, attachments) are written, which post_save precedes: the
        # search index's row (documents.signals) needs them.
        document_saved.send(sender=type(self), instance=self)

    def set_derived_fields(self, **search_texts):
        self.number = nfc(self.number)
        self.number_key = number_key(self.number)
        self.summary = nfc(self.summary)
        self.sort_date = self.issue_date or self.effective_date or datetime.date.min
        self.set_search_text(**search_texts)

    def set_search_text(self, body_text=None, attachment_text=None):
        """Fill the search texts; the importer passes the texts it already has to spare queries."""
        heading = " ".join(
            [
                self.number,
                self.document_type.name if self.document_type_id else "",
                self.issuing_body.name if self.issuing_body_id else "",
                self.title,
                self.summary,
            ]
        )
        if body_text is None:
            body_text = (
                " ".join(self.body.stream_block.get_searchable_content(self.body)) if self.body else ""
            )
        if attachment_text is None:
            attachment_text = self.attachment_text() if self.pk else ""
        self.search_heading = padded(heading)
        self.search_heading_exact = padded(heading, fold=False)
        self.search_body = padded(f"{body_text} {attachment_text}"[:MAX_SEARCH_BODY])

    def clean(self):
        super().clean()
        errors = {}
        if self.expiry_date and self.effective_date and self.expiry_date <= self.effective_date:
            errors["expiry_date"] = _("The expiry date must be after the effective date.")
        key = number_key(self.number)
        if key and self.issuing_body_id:
            clash = (
                LegalDocumentPage.objects.filter(
                    number_key=key, issuing_body_id=self.issuing_body_id, locale_id=self.locale_id
                )
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if clash is not None:
                errors["number"] = _(
                    "%(issuer)s already has a document numbered %(number)s: “%(title)s”."
                ) % {
                    "issuer": self.issuing_body,
                    "number": clash.number,
                    "title": clash.title,
                }
        if errors:
            raise ValidationError(errors)

    # Derived facts -----------------------------------------------------------------------------

    def attachment_text(self):
        return "\n".join(a.document.extracted_text for a in self.attachment_list)

    @cached_property
    def attachment_list(self):
        if "attachments" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.attachments.all())
        return list(self.attachments.select_related("document"))

    @cached_property
    def _relation_rows(self):
        """Every relation from or to this document, in one query, without the related documents' long
        texts. Which of them a reader may see is decided per audience (``_relations``)."""
        long_texts = ("body", "search_body", "search_heading", "search_heading_exact")
        # Both directions by the relation's own indexed columns; which ones count is decided in Python
        # (a condition on the joined pages would keep PostgreSQL from using the indexes).
        return list(
            LegalDocumentRelation.objects.filter(models.Q(source=self) | models.Q(target=self))
            .select_related("source", "target")
            .defer(*(f"{side}__{name}" for side in ("source", "target") for name in long_texts))
        )

    def _relations(self, hidden_paths):
        """(outgoing relations to live documents, incoming relations from live documents of the same
        language), without the documents under ``hidden_paths`` (view restrictions the reader does not
        pass): a restricted document's number and summary stay inside its restriction."""

        def visible(page):
            return page.live and not page.path.startswith(hidden_paths)

        rows = self._relation_rows
        outgoing = sorted(
            (r for r in rows if r.source_id == self.pk and visible(r.target)),
            key=lambda r: (r.sort_order, r.pk),
        )
        incoming = sorted(
            (
                r
                for r in rows
                if r.target_id == self.pk
                and r.source_id != self.pk
                and r.source.locale_id == self.locale_id
                and visible(r.source)
            ),
            key=lambda r: (r.source.issue_date is None, r.source.issue_date or datetime.date.min, r.pk),
        )
        return outgoing, incoming

    @staticmethod
    def _hidden_paths(request=None):
        """Paths of the restricted pages whose documents ``request`` may not see; with no request, those
        of every restriction (what the public sees)."""
        from home import privacy

        return privacy.hidden_paths(request)

    @cached_property
    def _public_relations(self):
        """``_relations`` as the public sees them: what the status and the JSON-LD follow."""
        return self._relations(self._hidden_paths())

    @property
    def outgoing_relations(self):
        """The relations a public reader sees from this document."""
        return self._public_relations[0]

    @staticmethod
    def _takes_effect_on(document):
        return document.effective_date or document.issue_date

    def _earliest(self, relation_types):
        # The status follows public documents only (like ``status_expression``): a restricted document
        # changes it once it is made public, so that the status gives nothing of it away.
        dates = [
            self._takes_effect_on(r.source)
            for r in self._public_relations[1]
            if r.relation_type in relation_types and self._takes_effect_on(r.source)
        ]
        return min(dates) if dates else None

    def status_on(self, day=None):
        return Status(
            derive_status(
                override=self.status_override,
                issue_date=self.issue_date,
                effective_date=self.effective_date,
                expiry_date=self.expiry_date,
                ended_on=self._earliest(ENDS_VALIDITY),
                changed_on=self._earliest(ENDS_PART_OF_VALIDITY),
                today=day or today(),
            )
        )

    @property
    def status(self):
        validity = getattr(self, "validity", None)  # annotated by LegalDocumentQuerySet.with_status
        return Status(validity) if validity else self.status_on()

    def related_documents(self, request=None):
        """[(label, [(relation, document)])] for both directions, outgoing first: the live documents
        ``request`` may see (the public's, without one)."""
        outgoing, incoming = self._relations(self._hidden_paths(request))
        groups = defaultdict(list)
        for relation in outgoing:
            groups[RelationType(relation.relation_type).label].append((relation, relation.target))
        for relation in incoming:
            groups[INVERSE_LABELS[RelationType(relation.relation_type)]].append((relation, relation.source))
        return list(groups.items())

    def timeline(self, request=None):
        """The validity events of this document that ``request`` may see, oldest first:
        [(date, label, document or None)]."""
        events = []
        if self.issue_date:
            events.append((self.issue_date, _("Issued"), None))
        if self.effective_date:
            events.append((self.effective_date, _("Takes effect"), None))
        for relation in self._relations(self._hidden_paths(request))[1]:
            day = self._takes_effect_on(relation.source)
            if day and relation.relation_type in ENDS_VALIDITY | ENDS_PART_OF_VALIDITY:
                events.append((day, INVERSE_LABELS[RelationType(relation.relation_type)], relation.source))
        if self.expiry_date:
            events.append((self.expiry_date, _("Expires"), None))
        return sorted(events, key=lambda event: event[0])

    def json_ld(self, request=None):
        """schema.org Legislation for search engines, as a string safe inside <script>."""
        legal_force = {
            Status.IN_FORCE: "https://schema.org/InForce",
            Status.PARTIALLY_EXPIRED: "https://schema.org/PartiallyInForce",
            Status.EXPIRED: "https://schema.org/NotInForce",
            Status.SUSPENDED: "https://schema.org/NotInForce",
            Status.NOT_YET_IN_FORCE: "https://schema.org/NotInForce",
        }

        def url_of(page):
            return page.get_full_url(request)

        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.summary,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
        }
        optional = {
            "legislationIdentifier": self.number,
            "legislationType": self.document_type.name if self.document_type else None,
            "legislationDate": self.issue_date.isoformat() if self.issue_date else None,
            "legislationDateOfApplicability": self.effective_date.isoformat()
            if self.effective_date
            else None,
            "expires": self.expiry_date.isoformat() if self.expiry_date else None,
            "legislationLegalForce": legal_force.get(self.status),
            "legislationPassedBy": (
                {"@type": "GovernmentOrganization", "name": self.issuing_body.name}
                if self.issuing_body
                else None
            ),
            "isBasedOn": [
                url_of(r.target) for r in self.outgoing_relations if r.relation_type == RelationType.BASED_ON
            ],
            "legislationChanges": [
                url_of(r.target)
                for r in self.outgoing_relations
                if r.relation_type in {RelationType.AMENDS, RelationType.REPEALS_PART}
            ],
            "associatedMedia": [
                {
                    "@type": "MediaObject",
                    "name": a.label or a.document.title,
                    "contentUrl": request.build_absolute_uri(a.document.url) if request else a.document.url,
                    "encodingFormat": a.document.content_type,
                }
                for a in self.attachment_list
            ],
        }
        data.update({key: value for key, value in optional.items() if value})
        return (
            json.dumps(data, ensure_ascii=False)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders it: not when its cached fragment is current.
        context["json_ld"] = SimpleLazyObject(lambda: self.json_ld(request))
        context["relations"] = SimpleLazyObject(lambda: self.related_documents(request))
        context["timeline"] = SimpleLazyObject(lambda: self.timeline(request))
        return context

    def page_cache_purge_tags(self):
        """Page cache (pagecache/tags.py): the documents this one amends or replaces show it (and their
        status depends on it), and so do those that name it; the “Văn bản mới” box of every page shows it
        while it is among the newest."""
        related = LegalDocumentRelation.objects.filter(models.Q(source=self) | models.Q(target=self))
        tags = {page_tag(pk) for pair in related.values_list("source_id", "target_id") for pk in pair}
        with translation.override(self.locale.language_code):
            newest = {document.pk for document in latest_documents()}
        if not self.live or self.pk in newest:
            tags.add(SIDEBAR)
        return tags


LATEST_CACHE_SECONDS = 60 * 60


def latest_documents(count=5, locale=None):
    """The newest live, public legal documents in ``locale`` (the reader's language by default).

    Every page's sidebar shows them, and with 100,000 documents the query takes a noticeable time: the
    list is kept in the cache under the register's version, which changes whenever a document is
    published, unpublished, changed or restricted (documents.signals).
    """
    locale = locale or memo.active_locale()
    key = f"documents:latest:{register_version()}:{locale.pk}:{count}"
    documents = cache.get(key)
    if documents is None:
        documents = list(
            LegalDocumentPage.objects.live()
            .public()
            .filter(locale=locale)
            .newest_first()
            .only("title", "url_path", "number", "summary", "effective_date", "issue_date", "locale_id")[
                :count
            ]
        )
        cache.set(key, documents, LATEST_CACHE_SECONDS)
    return documents


class LegalDocumentAttachment(AttachedFile):
    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("E.g. “Bản ký số”, “Phụ lục I”.")
    )


class LegalDocumentRelation(Orderable):
    """“source relation_type target”, e.g. “this decision replaces Decision 12/2015/QĐ-UBND”."""

    source = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    relation_type = models.CharField(_("relation"), max_length=20, choices=RelationType.choices)
    target = models.ForeignKey(
        LegalDocumentPage,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("E.g. “Bãi bỏ Điều 5, Điều 7”.")
    )

    panels = [FieldPanel("relation_type"), FieldPanel("target"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        indexes = [models.Index(fields=["target", "relation_type"])]

    def clean(self):
        super().clean()
        if self.source_id and self.target_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("A document cannot relate to itself.")})


class _VendorColumn(models.Field):
    """A column Django never reads or writes (documents.search_index does, in SQL): PostgreSQL's type
    for it, and plain text on other databases, where the index is not used."""

    postgresql_type = "text"

    def db_type(self, connection):
        return self.postgresql_type if connection.vendor == "postgresql" else "text"


class TextSearchVectorColumn(_VendorColumn):
    postgresql_type = "tsvector"


class IntegerArrayColumn(_VendorColumn):
    postgresql_type = "integer[]"


class LegalDocumentSearchEntry(models.Model):
    """The register's narrow search index on PostgreSQL, one row per document (documents.search_index):
    written only there, in SQL; empty on other databases. A model so that Django creates, flushes and
    deletes it with the documents."""

    page = models.OneToOneField(
        LegalDocumentPage, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    path = models.CharField(max_length=255)
    depth = models.PositiveIntegerField()
    live = models.BooleanField()
    locale_id = models.IntegerField()
    document_type_id = models.IntegerField(null=True)
    issuing_body_id = models.IntegerField(null=True)
    year = models.IntegerField(null=True)
    status = models.CharField(max_length=20)
    status_until = models.DateField(null=True)
    field_ids = IntegerArrayColumn(null=True)
    sort_date = models.DateField()
    effective_date = models.DateField(null=True)
    number_key = models.CharField(max_length=100, blank=True)
    search_vector = TextSearchVectorColumn(null=True)  # words and adjacent word pairs, no positions
    heading_vector = TextSearchVectorColumn(null=True)
    heading_exact_vector = TextSearchVectorColumn(null=True)
    heading_pairs_vector = TextSearchVectorColumn(null=True)

    class Meta:
        db_table = "documents_legaldocumentsearch"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return f"{self.page_id} {self.number_key}"
