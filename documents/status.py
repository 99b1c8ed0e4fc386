"""Validity status (tình trạng hiệu lực) of a legal document, derived from its dates and relations.

The status is computed when it is read, never stored, so it stays right as days pass without anybody
re-saving a page. An editor may set it explicitly (e.g. "Ngưng hiệu lực" after a suspension decision);
otherwise it follows these rules, in order:

1. wholly replaced or repealed by a document that has taken effect -> expired
2. past its expiry date -> expired
3. before its effective date -> not yet in force
4. partly repealed, amended or supplemented by a document that has taken effect -> partially expired
5. with an effective or issue date -> in force
6. with no date at all -> unknown (nothing to derive it from)
"""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def today():
    """The day in the portal's time zone (Asia/Ho_Chi_Minh), on which a status is read."""
    return timezone.localdate()


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    PARTIALLY_EXPIRED = "partially_expired", _("Partially expired")
    EXPIRED = "expired", _("Expired")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Not yet in force")
    SUSPENDED = "suspended", _("Suspended")
    UNKNOWN = "unknown", _("Unknown")


class RelationType(models.TextChoices):
    """How the document holding the relation (source) relates to the target document."""

    BASED_ON = "based_on", _("Based on")
    GUIDES = "guides", _("Guides")
    AMENDS = "amends", _("Amends or supplements")
    REPLACES = "replaces", _("Replaces")
    REPEALS = "repeals", _("Repeals")
    REPEALS_PART = "repeals_part", _("Partly repeals")
    CORRECTS = "corrects", _("Corrects")
    RELATED = "related", _("Related to")


# How the relation reads from the target's side, on the target's page.
INVERSE_LABELS = {
    RelationType.BASED_ON: _("Serves as a basis for"),
    RelationType.GUIDES: _("Guided by"),
    RelationType.AMENDS: _("Amended or supplemented by"),
    RelationType.REPLACES: _("Replaced by"),
    RelationType.REPEALS: _("Repealed by"),
    RelationType.REPEALS_PART: _("Partly repealed by"),
    RelationType.CORRECTS: _("Corrected by"),
    RelationType.RELATED: _("Related to"),
}

ENDS_VALIDITY = {RelationType.REPLACES, RelationType.REPEALS}
ENDS_PART_OF_VALIDITY = {RelationType.AMENDS, RelationType.REPEALS_PART}


def derive_status(*, override, issue_date, effective_date, expiry_date, ended_on, changed_on, today):
    """The status for these facts; ``ended_on``/``changed_on`` are the earliest dates on which live
    documents that replace/repeal or amend/partly repeal this one take effect (their effective date, or
    their issue date when that is all they have); None when there are none."""
    if override:
        return override
    if ended_on is not None and ended_on <= today:
        return Status.EXPIRED
    if expiry_date is not None and expiry_date <= today:
        return Status.EXPIRED
    if effective_date is not None and effective_date > today:
        return Status.NOT_YET_IN_FORCE
    if changed_on is not None and changed_on <= today:
        return Status.PARTIALLY_EXPIRED
    if effective_date is not None or issue_date is not None:
        return Status.IN_FORCE
    return Status.UNKNOWN


def status_expression(today, relation_model):
    """The same rules as :func:`derive_status`, as a database expression for filtering and counts.

    Only public documents count: one under a view restriction changes no status until it is made public
    (the register, its filters and its search index show everyone the same status)."""
    from wagtail.models import PageViewRestriction

    # A restriction on the source or on a page above it: its path is a prefix of the source's.
    restricted_source = Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("source__path"), 1, Length("page__path"))
        )
    )

    def incoming(types):
        takes_effect = Q(source__effective_date__lte=today) | Q(
            source__effective_date__isnull=True, source__issue_date__lte=today
        )
        return Exists(
            relation_model.objects.filter(
                takes_effect,
                ~restricted_source,
                target=OuterRef("pk"),
                relation_type__in=[str(t) for t in types],
                source__live=True,
            )
        )

    return Case(
        When(~Q(status_override=""), then="status_override"),
        When(incoming(ENDS_VALIDITY), then=Value(Status.EXPIRED.value)),
        When(expiry_date__lte=today, then=Value(Status.EXPIRED.value)),
        When(effective_date__gt=today, then=Value(Status.NOT_YET_IN_FORCE.value)),
        When(incoming(ENDS_PART_OF_VALIDITY), then=Value(Status.PARTIALLY_EXPIRED.value)),
        When(
            Q(effective_date__isnull=False) | Q(issue_date__isnull=False),
            then=Value(Status.IN_FORCE.value),
        ),
        default=Value(Status.UNKNOWN.value),
        output_field=models.CharField(),
    )
