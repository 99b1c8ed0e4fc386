"""What Nghị định 42/2022/NĐ-CP (Article 4) asks a portal to publish, as structured pages.

- Chiến lược, quy hoạch, kế hoạch, chương trình, đề án: ``PlanPage`` (type, period, issuing decision,
  status, files, dated progress updates);
- dự án, đầu tư, đấu thầu, mua sắm công: ``ProjectPage`` and ``ProcurementNoticePage``;
- công khai ngân sách, báo cáo, thống kê: ``BudgetReportPage`` and ``StatisticsPage`` (tables as data,
  each downloadable as CSV).

Each has an index page whose listing filters by what readers ask (type, status, year, period) without
JavaScript and pages by keys (disclosure/listing.py).
"""

import csv
import io
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from disclosure import listing
from disclosure.blocks import StatisticsStreamBlock
from disclosure.choices import Period, PlanStatus, PlanType, ProcurementKind, ProjectStage, ReportKind
from home.blocks import PARAGRAPH_FEATURES, BaseStreamBlock
from home.jsonld import json_for_script
from home.models import AttachedFile, BasePage
from home.spreadsheets import guard_cell
from home.text import nfc, slugify_vi
from pagecache.tags import REGISTER

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


def year_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(verbose_name, validators=YEAR_VALIDATORS, db_index=True, **kwargs)


def money_field(verbose_name, help_text):
    return models.PositiveBigIntegerField(verbose_name, null=True, blank=True, help_text=help_text)


def decision_field(verbose_name, help_text):
    return models.ForeignKey(
        "documents.LegalDocumentPage",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class DisclosureIndexPage(BasePage):
    """A listing of one kind of disclosure: each register's ``listing_context`` hands its live pages to
    its function in disclosure.listing."""

    # Listings show each entry's deciding document (number, summary, whether it is live): stored copies
    # go when the register changes, as the disclosures' own pages do.
    page_cache_depends_on = (REGISTER,)

    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    show_in_menus_default = True

    class Meta:
        abstract = True

    def live_children(self, model):
        return model.objects.live().public().child_of(self).defer_streamfields()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context(request))
        return context


class DisclosurePage(BasePage):
    """A disclosure with a summary, a free body and files; the decision it rests on, when named."""

    # The page shows its decision's number and summary, and links it only while it is live: a change to
    # the document (the register's tag) purges the stored copies of the page.
    page_cache_depends_on = (REGISTER,)

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences shown under the title and in listings.")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    subpage_types = []

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        super().save(*args, **kwargs)

    @cached_property
    def attachment_list(self):
        return list(self.attachments.select_related("document"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = SimpleLazyObject(lambda: self.get_full_url(request))
        return context


# Chiến lược, quy hoạch, kế hoạch, chương trình, đề án ---------------------------------------------


class PlanIndexPage(DisclosureIndexPage):
    subpage_types = ["disclosure.PlanPage"]

    class Meta:
        verbose_name = _("strategies and plans register")
        verbose_name_plural = _("strategies and plans registers")

    def listing_context(self, request):
        return listing.plan_listing(self.live_children(PlanPage), request)


class PlanPage(DisclosurePage):
    plan_type = models.CharField(_("type"), max_length=20, choices=PlanType.choices, default=PlanType.PLAN)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.IN_PROGRESS, db_index=True
    )
    period_from = year_field(_("period from (year)"))
    period_to = year_field(_("period to (year)"), help_text=_("The same year for a plan of one year."))
    issuing_decision = decision_field(
        _("issuing decision"),
        _("The decision that approved or issued it, from the legal documents register."),
    )

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("plan_type"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("period_from"), FieldPanel("period_to")]),
                FieldPanel("issuing_decision"),
            ],
            heading=_("Plan"),
        ),
        FieldPanel("body"),
        InlinePanel("progress_updates", label=_("Progress update"), heading=_("Progress updates")),
        InlinePanel("attachments", label=_("File"), heading=_("Files")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("progress_updates", [index.SearchField("text")]),
        index.FilterField("plan_type"),
        index.FilterField("status"),
    ]
    parent_page_types = ["disclosure.PlanIndexPage"]
    route_select_related = ("issuing_decision",)

    class Meta:
        verbose_name = _("strategy, plan, programme or scheme")
        verbose_name_plural = _("strategies, plans, programmes and schemes")

    def clean(self):
        super().clean()
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("The period cannot end before it starts.")})

    @property
    def period(self):
        if self.period_from == self.period_to:
            return str(self.period_from)
        return f"{self.period_from}–{self.period_to}"

    @cached_property
    def update_list(self):
        return list(self.progress_updates.order_by("-date", "-pk"))


class PlanProgressUpdate(Orderable):
    """A dated entry on how far the plan has come (“Đến 30/6/2026 đã hoàn thành 8/12 nhiệm vụ”)."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("progress"))

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return self.text[:80]


class PlanAttachment(AttachedFile):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(_("label"), max_length=255, blank=True, help_text=_("E.g. “Toàn văn kế hoạch”."))


# Dự án, đầu tư -------------------------------------------------------------------------------------


class ProjectIndexPage(DisclosureIndexPage):
    subpage_types = ["disclosure.ProjectPage"]

    class Meta:
        verbose_name = _("projects register")
        verbose_name_plural = _("projects registers")

    def listing_context(self, request):
        return listing.project_listing(self.live_children(ProjectPage), request)


class ProjectPage(DisclosurePage):
    investor = models.CharField(_("investor"), max_length=255, help_text=_("Chủ đầu tư."))
    budget = money_field(_("total investment (đồng)"), _("In whole đồng, digits only."))
    funding_source = models.CharField(
        _("funding source"), max_length=255, blank=True, help_text=_("E.g. “Ngân sách tỉnh”.")
    )
    location = models.CharField(_("location"), max_length=255)
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=ProjectStage.choices,
        default=ProjectStage.PREPARATION,
        db_index=True,
    )
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("planned end date"), null=True, blank=True)
    decision = decision_field(
        _("approving decision"), _("The decision approving the project, from the legal documents register.")
    )

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("investor"), FieldPanel("stage")]),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("funding_source")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("decision"),
            ],
            heading=_("Project"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("File"), heading=_("Files")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("investor"),
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("stage"),
    ]
    parent_page_types = ["disclosure.ProjectIndexPage"]
    route_select_related = ("decision",)

    class Meta:
        verbose_name = _("public investment project")
        verbose_name_plural = _("public investment projects")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The project cannot end before it starts.")})


class ProjectAttachment(AttachedFile):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("E.g. “Quyết định phê duyệt dự án”.")
    )


# Đấu thầu, mua sắm công ----------------------------------------------------------------------------


class ProcurementIndexPage(DisclosureIndexPage):
    subpage_types = ["disclosure.ProcurementNoticePage"]

    class Meta:
        verbose_name = _("procurement notices register")
        verbose_name_plural = _("procurement notices registers")

    def listing_context(self, request):
        return listing.procurement_listing(self.live_children(ProcurementNoticePage), request)


class ProcurementNoticePage(DisclosurePage):
    notice_number = models.CharField(
        _("notice number"),
        max_length=50,
        blank=True,
        help_text=_("Số thông báo mời thầu, e.g. IB2600012345."),
    )
    procuring_entity = models.CharField(_("procuring entity"), max_length=255, help_text=_("Bên mời thầu."))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProcurementKind.choices, default=ProcurementKind.GOODS
    )
    package_value = money_field(_("package price (đồng)"), _("Giá gói thầu, in whole đồng, digits only."))
    notice_date = models.DateField(_("notice date"), default=timezone.localdate, db_index=True)
    closing_at = models.DateTimeField(_("bid closing"), db_index=True, help_text=_("Thời điểm đóng thầu."))
    award_date = models.DateField(_("award date"), null=True, blank=True)
    winner = models.CharField(_("winning bidder"), max_length=255, blank=True)
    award_value = money_field(_("contract price (đồng)"), _("Giá trúng thầu, in whole đồng, digits only."))
    result_note = models.TextField(_("result"), blank=True, help_text=_("The selection result as announced."))

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("notice_number"), FieldPanel("kind")]),
                FieldPanel("procuring_entity"),
                FieldPanel("package_value"),
                FieldRowPanel([FieldPanel("notice_date"), FieldPanel("closing_at")]),
            ],
            heading=_("Notice"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("award_date"), FieldPanel("award_value")]),
                FieldPanel("winner"),
                FieldPanel("result_note"),
            ],
            heading=_("Result"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("File"), heading=_("Files")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("notice_number", boost=2),
        index.SearchField("procuring_entity"),
        index.SearchField("winner"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["disclosure.ProcurementIndexPage"]

    class Meta:
        verbose_name = _("procurement notice")
        verbose_name_plural = _("procurement notices")

    def clean(self):
        super().clean()
        closing = self.closing_at and timezone.localtime(self.closing_at).date()
        if closing and self.notice_date and closing < self.notice_date:
            raise ValidationError({"closing_at": _("Bids cannot close before the notice.")})
        if self.award_date and closing and self.award_date < closing:
            raise ValidationError({"award_date": _("The award cannot come before bids close.")})

    def is_open(self, now=None):
        return self.closing_at >= (now or timezone.now())

    @property
    def awarded(self):
        return bool(self.award_date)


class ProcurementAttachment(AttachedFile):
    page = ParentalKey(ProcurementNoticePage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(_("label"), max_length=255, blank=True, help_text=_("E.g. “Hồ sơ mời thầu”."))


# Công khai ngân sách, báo cáo, thống kê ------------------------------------------------------------


class BudgetIndexPage(DisclosureIndexPage):
    subpage_types = ["disclosure.BudgetReportPage"]

    class Meta:
        verbose_name = _("budget disclosures and reports register")
        verbose_name_plural = _("budget disclosures and reports registers")

    def listing_context(self, request):
        return listing.budget_listing(self.live_children(BudgetReportPage), request)


class PeriodicPage(DisclosurePage):
    year = year_field(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.YEAR)
    published_on = models.DateField(
        _("publication date"), default=timezone.localdate, db_index=True, help_text=_("Ngày công khai.")
    )

    class Meta:
        abstract = True


class BudgetReportPage(PeriodicPage):
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ReportKind.choices,
        default=ReportKind.BUDGET_ESTIMATE,
        db_index=True,
    )
    decision = decision_field(
        _("disclosure decision"), _("The decision publishing the figures, from the legal documents register.")
    )

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("period"), FieldPanel("published_on")]),
                FieldPanel("decision"),
            ],
            heading=_("Report"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("File"), heading=_("Files")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields(
            "attachments", [index.RelatedFields("document", [index.SearchField("extracted_text")])]
        ),
        index.FilterField("kind"),
        index.FilterField("year"),
    ]
    parent_page_types = ["disclosure.BudgetIndexPage"]
    route_select_related = ("decision",)

    class Meta:
        verbose_name = _("budget disclosure or report")
        verbose_name_plural = _("budget disclosures and reports")


class BudgetReportAttachment(AttachedFile):
    page = ParentalKey(BudgetReportPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("E.g. “Biểu số 01/CK-NSNN”.")
    )


class StatisticsIndexPage(DisclosureIndexPage):
    subpage_types = ["disclosure.StatisticsPage"]

    class Meta:
        verbose_name = _("statistics register")
        verbose_name_plural = _("statistics registers")

    def listing_context(self, request):
        return listing.statistics_listing(self.live_children(StatisticsPage), request)


class StatisticsPage(RoutablePageMixin, PeriodicPage):
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where the figures come from.")
    )
    tables = StreamField(StatisticsStreamBlock(), verbose_name=_("tables"), blank=True)

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year"), FieldPanel("period"), FieldPanel("published_on")]),
                FieldPanel("source"),
            ],
            heading=_("Statistics"),
        ),
        FieldPanel("tables"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("File"), heading=_("Files")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("tables"),
        index.SearchField("body"),
        index.FilterField("year"),
    ]
    parent_page_types = ["disclosure.StatisticsIndexPage"]

    class Meta:
        verbose_name = _("statistics page")
        verbose_name_plural = _("statistics pages")

    def table_list(self):
        """[(number from 1, table block value)] of the page's tables."""
        return [
            (number, block.value)
            for number, block in enumerate(self.tables, start=1)
            if block.block_type == "table"
        ]

    def tables_with_downloads(self):
        """[(table block value, address of its CSV)] for the template."""
        url = self.url or ""
        return [
            (value, f"{url}{self.reverse_subpage('table_csv', args=[number])}")
            for number, value in self.table_list()
        ]

    def json_ld(self, request=None):
        """schema.org Dataset with one CSV distribution per table."""
        from home.structured import department_name

        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": self.title,
            "description": self.summary,
            "url": url,
            "inLanguage": self.locale.language_code,
            "datePublished": self.published_on.isoformat(),
            "temporalCoverage": str(self.year),
            "creator": {"@type": "GovernmentOrganization", "name": department_name(self, request)},
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "text/csv",
                    "name": str(value["caption"]),
                    "contentUrl": f"{url}csv/{number}/",
                }
                for number, value in self.table_list()
            ],
        }
        return json_for_script(data)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = SimpleLazyObject(lambda: self.json_ld(request))
        return context

    @path("csv/<int:number>/")
    def table_csv(self, request, number):
        """One table as CSV (UTF-8 with a byte order mark, which spreadsheets need to read Vietnamese)."""
        tables = dict(self.table_list())
        if number not in tables:
            raise Http404
        value = tables[number]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        for row in value.rows():
            writer.writerow([guard_cell(cell) for cell in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        name = slugify_vi(str(value["caption"]) or self.title)[:60]
        response["Content-Disposition"] = f'attachment; filename="{self.slug[:60]}-{number}-{name}.csv"'
        return response


class StatisticsAttachment(AttachedFile):
    page = ParentalKey(StatisticsPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(_("label"), max_length=255, blank=True)
