"""Thủ tục hành chính và dịch vụ công (Nghị định 42/2022/NĐ-CP, Article 4(1)(c)) as pages.

Each procedure is a page with the structured facts readers filter and compare on (field, level of
online service, processing time, fee) and a link to the same procedure on the national public service
portal, where it is carried out. The list is imported from the portal's CSV export (procedures/importer.py).
"""

from functools import cached_property
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from home.blocks import PARAGRAPH_FEATURES, BaseStreamBlock
from home.jsonld import json_for_script
from home.models import AttachedFile, BasePage
from home.text import nfc
from procedures import listing
from procedures.choices import ServiceLevel
from procedures.text import search_key

NATIONAL_PORTAL_HOST = "dichvucong.gov.vn"


def validate_national_portal_url(value):
    """An https address on the national public service portal (or one of its sub-domains)."""
    URLValidator(schemes=["https"])(value)
    host = (urlsplit(value).hostname or "").lower()
    if host != NATIONAL_PORTAL_HOST and not host.endswith("." + NATIONAL_PORTAL_HOST):
        raise ValidationError(
            _("Give the procedure's address on the national public service portal (https://%(host)s/…).")
            % {"host": NATIONAL_PORTAL_HOST},
            code="not_national_portal",
        )


class ProcedureIndexPage(BasePage):
    """“Thủ tục hành chính”: the department's procedures by field, searchable and filtered."""

    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["procedures.ProcedurePage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("administrative procedures register")
        verbose_name_plural = _("administrative procedures registers")

    def procedures(self):
        return ProcedurePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listing.procedure_listing(self, request))
        return context


class ProcedurePage(BasePage):
    code = models.CharField(
        _("procedure code"),
        max_length=50,
        db_index=True,
        help_text=_("The code in the national database of administrative procedures, e.g. 1.004945."),
    )
    field_name = models.CharField(
        _("field"),
        max_length=255,
        db_index=True,
        help_text=_("Lĩnh vực, e.g. “Báo chí”, “Viễn thông và Internet”."),
    )
    level = models.CharField(
        _("online service level"), max_length=20, choices=ServiceLevel.choices, default=ServiceLevel.PARTIAL
    )
    agency = models.CharField(
        _("carried out by"),
        max_length=255,
        blank=True,
        help_text=_("Cơ quan thực hiện, e.g. “Sở Thông tin và Truyền thông”."),
    )
    processing_time = models.CharField(
        _("processing time"),
        max_length=255,
        help_text=_("E.g. “10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ”."),
    )
    fee = models.PositiveBigIntegerField(
        _("fee (đồng)"),
        null=True,
        blank=True,
        help_text=_(
            "Fees and charges in whole đồng, digits only; 0 when nothing is charged, blank if unknown."
        ),
    )
    fee_note = models.CharField(
        _("fee details"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “Lệ phí cấp giấy phép: 50.000 đồng/giấy phép”."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Who the procedure is for and what it gives, in one or two sentences."),
    )
    national_portal_url = models.URLField(
        _("address on the national public service portal"),
        max_length=500,
        blank=True,
        validators=[validate_national_portal_url],
        help_text=_("Where citizens submit it online: the procedure's page on dichvucong.gov.vn."),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("steps, dossier and requirements"),
        blank=True,
        help_text=_("Trình tự thực hiện, thành phần hồ sơ, yêu cầu, điều kiện, căn cứ pháp lý."),
    )
    search_key = models.TextField(editable=False, default="")
    # Field, then name, folded: the listing's order, the same on every database ("Cấp" before "Cho").
    sort_key = models.CharField(max_length=600, editable=False, default="", db_index=True)
    import_fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("field_name"), FieldPanel("agency")]),
                FieldPanel("processing_time"),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_note")]),
                FieldPanel("national_portal_url"),
            ],
            heading=_("Procedure"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("File"), heading=_("Forms and files")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("code", boost=2),
        index.SearchField("summary", boost=2),
        index.SearchField("field_name"),
        index.SearchField("agency"),
        index.SearchField("body"),
        index.FilterField("level"),
        index.FilterField("field_name"),
    ]

    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        permissions = [("import_procedurepage", "Can import administrative procedures")]

    def clean(self):
        super().clean()
        if self.national_portal_url:
            validate_national_portal_url(self.national_portal_url)

    def save(self, *args, **kwargs):
        for name in ("code", "field_name", "agency", "processing_time", "fee_note", "summary"):
            setattr(self, name, nfc(getattr(self, name)))
        self.search_key = search_key(self.title, self.code, self.field_name, self.agency, self.summary)
        self.sort_key = f"{search_key(self.field_name).strip()} / {search_key(self.title).strip()}"[:600]
        super().save(*args, **kwargs)

    @cached_property
    def attachment_list(self):
        return list(self.attachments.select_related("document"))

    def json_ld(self, request=None):
        """schema.org GovernmentService, as a string safe inside <script>."""
        from home.structured import department_name

        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": self.title,
            "identifier": self.code,
            "serviceType": self.field_name,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
            "provider": {
                "@type": "GovernmentOrganization",
                "name": self.agency or department_name(self, request),
            },
        }
        if self.summary:
            data["description"] = self.summary
        if self.national_portal_url:
            data["availableChannel"] = {
                "@type": "ServiceChannel",
                "name": "Cổng Dịch vụ công quốc gia",
                "serviceUrl": self.national_portal_url,
            }
        if self.fee is not None:
            data["offers"] = {"@type": "Offer", "price": self.fee, "priceCurrency": "VND"}
        return json_for_script(data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = SimpleLazyObject(lambda: self.json_ld(request))
        context["canonical_url"] = SimpleLazyObject(lambda: self.get_full_url(request))
        return context


class ProcedureAttachment(AttachedFile):
    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("E.g. “Mẫu đơn đề nghị cấp giấy phép”.")
    )
