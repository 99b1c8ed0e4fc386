"""The best and worst rated pages, for the admin."""

from django.db.models import Count, Sum

from wagtail.models import Page

from ratings.models import Rating
from ratings.services import Summary


def rated_pages(minimum=1, best=True, limit=20):
    """[{"page", "summary"}] of pages with at least ``minimum`` ratings, best or worst average first."""
    rows = (
        Rating.objects.values("page")
        .annotate(count=Count("pk"), total=Sum("score"))
        .filter(count__gte=minimum)
    )
    rows = [{"page_id": row["page"], "summary": Summary(row["count"], row["total"])} for row in rows]
    # Sorted on the exact mean (total / count), in Python: ties go to the page with more ratings.
    rows.sort(
        key=lambda row: (
            (-1 if best else 1) * row["summary"].total / row["summary"].count,
            -row["summary"].count,
            row["page_id"],
        )
    )
    rows = rows[:limit] if limit else rows
    pages = Page.objects.select_related("content_type").in_bulk([row["page_id"] for row in rows])
    return [
        {"page": pages[row["page_id"]], "summary": row["summary"]} for row in rows if row["page_id"] in pages
    ]


def overall():
    totals = Rating.objects.aggregate(count=Count("pk"), total=Sum("score", default=0))
    return Summary(totals["count"], totals["total"]), Rating.objects.values("page").distinct().count()
