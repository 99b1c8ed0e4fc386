"""One admin inbox over several sources: questions, feedback, and what other apps register (comments on
draft documents, ``consultation/``).

A source is an ``InboxSource`` registered once, e.g. in its app's ``ready()``::

    from participation.inbox import InboxSource, register
    register(InboxSource(key="comments", label=_("Comments on drafts"), model="consultation.Comment",
                         detail_url_name="consultation_comment", permission="consultation.view_comment",
                         statuses=Comment.Status.choices, open_statuses=("new",), unit_field=None))

Its model needs ``code``-like, title, status and received fields (names configurable); ``unit_field``,
``topic_field`` and ``due_field`` may be None, and then the filter on them leaves the source out. The
inbox, its filters, its overdue rule and the monthly report read sources only through this class.
"""

import heapq
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_sources = {}


@dataclass(frozen=True)
class InboxItem:
    source: "InboxSource"
    pk: int
    code: str
    title: str
    status: str
    status_label: str
    received_at: object
    unit: str = ""
    topic: str = ""
    due_date: date | None = None
    overdue: bool = False
    url: str = ""


@dataclass(frozen=True)
class InboxSource:
    key: str
    label: str
    model: str
    detail_url_name: str
    permission: str = "participation.view_inbox"
    statuses: tuple = ()
    open_statuses: tuple = ("new", "in_progress")
    code_field: str = "code"
    title_field: str = "title"
    status_field: str = "status"
    received_field: str = "received_at"
    unit_field: str | None = "unit"
    topic_field: str | None = None
    due_field: str | None = "due_date"
    related: tuple = field(default_factory=tuple)

    def get_model(self):
        return apps.get_model(self.model)

    def visible_to(self, user):
        return user.is_active and user.has_perm(self.permission)

    def status_labels(self):
        return dict(self.statuses) if self.statuses else {}

    def overdue_q(self, today):
        return Q(**{f"{self.status_field}__in": self.open_statuses, f"{self.due_field}__lt": today})

    def queryset(self, filters):
        """The source's items under ``filters`` (an ``InboxFilters``), newest first; None: filtered out."""
        if filters.unit and not self.unit_field:
            return None
        if filters.topic and not self.topic_field:
            return None
        if (filters.overdue or filters.due_before) and not self.due_field:
            return None
        related = [name for name in (self.unit_field, self.topic_field) if name]
        rows = self.get_model().objects.select_related(*related, *self.related)
        if filters.status:
            rows = rows.filter(**{self.status_field: filters.status})
        if filters.unit:
            rows = rows.filter(**{f"{self.unit_field}_id": filters.unit})
        if filters.topic:
            rows = rows.filter(**{f"{self.topic_field}_id": filters.topic})
        if filters.due_before:
            rows = rows.filter(**{f"{self.due_field}__lte": filters.due_before})
        if filters.overdue:
            rows = rows.filter(self.overdue_q(timezone.localdate()))
        return rows.order_by(f"-{self.received_field}", "-pk")

    def item(self, obj, today):
        status = getattr(obj, self.status_field)
        due = getattr(obj, self.due_field) if self.due_field else None
        unit = getattr(obj, self.unit_field) if self.unit_field else None
        topic = getattr(obj, self.topic_field) if self.topic_field else None
        return InboxItem(
            source=self,
            pk=obj.pk,
            code=getattr(obj, self.code_field),
            title=getattr(obj, self.title_field),
            status=status,
            status_label=self.status_labels().get(status, status),
            received_at=getattr(obj, self.received_field),
            unit=str(unit) if unit else "",
            topic=getattr(topic, "label", str(topic)) if topic else "",
            due_date=due,
            overdue=bool(due and status in self.open_statuses and due < today),
            url=reverse(self.detail_url_name, args=[obj.pk]),
        )

    def monthly_counts(self, since):
        """{month (date): {"received", "closed", "open"}} of items received since ``since``."""
        rows = (
            self.get_model()
            .objects.filter(**{f"{self.received_field}__date__gte": since})
            .annotate(month=TruncMonth(self.received_field, tzinfo=timezone.get_current_timezone()))
            .values("month")
            .annotate(
                received=Count("pk"),
                open=Count("pk", filter=Q(**{f"{self.status_field}__in": self.open_statuses})),
            )
        )
        result = {}
        for row in rows:
            month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
            result[month] = {
                "received": row["received"],
                "open": row["open"],
                "closed": row["received"] - row["open"],
            }
        return result


@dataclass(frozen=True)
class InboxFilters:
    source: str = ""
    status: str = ""
    unit: int | None = None
    topic: int | None = None
    due_before: date | None = None
    overdue: bool = False


def register(source):
    """Add (or replace, by key) a source of the inbox."""
    _sources[source.key] = source


def sources(user=None):
    return [source for source in _sources.values() if user is None or source.visible_to(user)]


def get_source(key):
    return _sources.get(key)


def items(user, filters, limit):
    """(the newest ``limit`` items over every source ``user`` may read, the total count)."""
    today = timezone.localdate()
    chosen = [s for s in sources(user) if not filters.source or s.key == filters.source]
    streams, total = [], 0
    for source in chosen:
        rows = source.queryset(filters)
        if rows is None:
            continue
        total += rows.count()
        streams.append([source.item(obj, today) for obj in rows[:limit]])
    merged = heapq.merge(*streams, key=lambda item: (item.received_at, item.pk), reverse=True)
    return list(merged)[:limit], total


def register_builtin_sources():
    from participation.models import Status

    register(
        InboxSource(
            key="questions",
            label=_("Questions"),
            model="participation.Question",
            detail_url_name="participation_admin:question",
            statuses=tuple(Status.choices),
            topic_field="topic",
        )
    )
    register(
        InboxSource(
            key="feedback",
            label=_("Feedback and petitions"),
            model="participation.Feedback",
            detail_url_name="participation_admin:feedback",
            statuses=tuple(Status.choices),
        )
    )
