"""Lịch công tác: the leadership's weekly schedule, one page per week, one row per engagement.

A week is a page so that it goes through the approval workflow and gets its English version like any
other page; its engagements are rows of the page (translatable with it). The index page shows the
current week, links to the previous and next published weeks, and serves an iCalendar feed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import PARAGRAPH_FEATURES
from home.models import BasePage
from home.text import nfc
from schedule.dates import monday_of, parse_week
from schedule.ical import calendar_response


class ScheduleIndexPage(RoutablePageMixin, BasePage):
    """Lịch công tác: the current week's schedule, the way to other weeks and the iCalendar feed."""

    # Page cache (pagecache/tags.py): every week links to the previous and next published weeks.
    page_cache_depends_on = ("schedule",)

    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["schedule.ScheduleWeekPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("work schedule")
        verbose_name_plural = _("work schedules")

    def weeks(self):
        return ScheduleWeekPage.objects.live().public().child_of(self)

    def week_page(self, monday):
        return self.weeks().filter(week_start=monday).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        monday = parse_week(request.GET.get("week")) or monday_of(timezone.localdate())
        week = self.week_page(monday)
        context.update(week_context(self, week, monday))
        return context

    @path("ical/", name="ical")
    def ical(self, request):
        return calendar_response(self, request)


class ScheduleWeekPage(RoutablePageMixin, BasePage):
    """One week of the leadership's schedule."""

    page_cache_group = "schedule"
    page_cache_depends_on = ("schedule",)

    week_start = models.DateField(
        _("week starting on"), db_index=True, help_text=_("The Monday of the week (dd/mm/yyyy).")
    )
    note = RichTextField(
        _("note"),
        blank=True,
        features=PARAGRAPH_FEATURES,
        help_text=_("E.g. changes announced after the schedule was published."),
    )

    content_panels = [
        TitleFieldPanel("title", help_text=_("E.g. “Lịch công tác tuần từ 07/12/2026 đến 13/12/2026”.")),
        FieldPanel("week_start"),
        InlinePanel("entries", label=_("Engagement"), heading=_("Engagements")),
        FieldPanel("note"),
    ]
    search_fields = BasePage.search_fields + [
        index.RelatedFields(
            "entries",
            [index.SearchField("content"), index.SearchField("place"), index.SearchField("attendees")],
        ),
        index.FilterField("week_start"),
    ]
    override_translatable_fields = [SynchronizedField("week_start")]

    parent_page_types = ["schedule.ScheduleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("weekly schedule")
        verbose_name_plural = _("weekly schedules")

    @property
    def week_end(self):
        return self.week_start + datetime.timedelta(days=6)

    def clean(self):
        super().clean()
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("Choose the Monday the week starts on.")})
        if self.week_start and self.path:
            parent = self.get_parent()
            same = (
                ScheduleWeekPage.objects.child_of(parent)
                .filter(week_start=self.week_start)
                .exclude(pk=self.pk)
                if parent
                else ScheduleWeekPage.objects.none()
            )
            if same.exists():
                raise ValidationError({"week_start": _("This week already has a schedule: edit that one.")})

    def entry_list(self):
        return list(self.entries.all().order_by("day", "start_time", "sort_order"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(week_context(self.get_parent().specific, self, self.week_start))
        return context

    @path("in/", name="print")
    def print_view(self, request):
        from django.template.response import TemplateResponse

        context = self.get_context(request)
        return TemplateResponse(request, "schedule/week_print.html", context)


def week_context(index_page, week, monday):
    """What the week view shows: the days with their engagements and the previous and next weeks."""
    from schedule.structured_data import events_json_ld

    weeks = ScheduleWeekPage.objects.live().public().child_of(index_page)
    previous_week = weeks.filter(week_start__lt=monday).order_by("-week_start").first()
    next_week = weeks.filter(week_start__gt=monday).order_by("week_start").first()
    entries = week.entry_list() if week else []
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        rows = [entry for entry in entries if entry.day == day]
        if rows or offset < 5:
            days.append((day, rows))
    return {
        "index_page": index_page,
        "week": week,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "days": days,
        "previous_week": previous_week,
        "next_week": next_week,
        "json_ld": events_json_ld(week, entries) if entries else "",
    }


class ScheduleEntry(TranslatableMixin, Orderable):
    """An engagement: when, what, where, who chairs and who attends."""

    page = ParentalKey(ScheduleWeekPage, on_delete=models.CASCADE, related_name="entries")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"), null=True, blank=True)
    content = models.TextField(_("content"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    host = models.CharField(
        _("chaired by"), max_length=255, blank=True, help_text=_("E.g. “Giám đốc Sở Nguyễn Văn An”.")
    )
    attendees = models.TextField(
        _("attendees"), blank=True, help_text=_("Who attends, e.g. “Lãnh đạo Văn phòng, Phòng Kế hoạch”.")
    )

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("content"),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("host"), FieldPanel("attendees")]),
    ]
    override_translatable_fields = [
        SynchronizedField("day"),
        SynchronizedField("start_time"),
        SynchronizedField("end_time"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["sort_order"]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        self.content = nfc(self.content)
        self.place = nfc(self.place)
        self.host = nfc(self.host)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The engagement must end after it starts.")})
        page = getattr(self, "page", None)
        in_week = page is None or not (page.week_start and self.day)
        in_week = in_week or page.week_start <= self.day <= page.week_start + datetime.timedelta(days=6)
        if not in_week:
            raise ValidationError({"day": _("The day must be in the week of this schedule.")})

    def starts_at(self):
        return datetime.datetime.combine(self.day, self.start_time, tzinfo=timezone.get_default_timezone())

    def ends_at(self):
        if not self.end_time:
            return None
        return datetime.datetime.combine(self.day, self.end_time, tzinfo=timezone.get_default_timezone())
