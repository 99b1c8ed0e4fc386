"""Serving drafts and their list, taking comments, and the report as a Word file.

A draft takes comments by POST to its own address (Django's CSRF check applies). Pages whose content
changes with the clock (an open or upcoming draft: the countdown, the form appearing or going; a list
holding one) are sent ``Cache-Control: private``, which keeps them out of the page cache
(pagecache.middleware._storable) and any shared cache; a closed draft changes only when it is edited or a
comment is moderated, which purges it (consultation.signals).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from consultation import protection
from consultation.forms import CommentForm
from consultation.models import (
    CommentStatus,
    ConsultationReportPage,
    DraftComment,
    DraftDocumentPage,
    Period,
    today,
)

PER_PAGE = 10
FILTERS = {"open": Period.OPEN, "upcoming": Period.UPCOMING, "closed": Period.CLOSED}


def no_shared_cache_while_time_moves(response, moving):
    if moving:
        patch_cache_control(response, private=True, max_age=0)
    return response


# The list of drafts --------------------------------------------------------------------------------


def listing_context(index, request):
    """Drafts open now first (closing soonest first), then those to come, then closed ones (newest
    first); ``?status=open|upcoming|closed`` keeps one group."""
    day = today()
    drafts = DraftDocumentPage.objects.child_of(index).live().public()
    chosen = request.GET.get("status", "")
    if chosen not in FILTERS:
        chosen = ""
    groups = {
        Period.OPEN: drafts.filter(opens_on__lte=day, closes_on__gte=day).order_by("closes_on", "pk"),
        Period.UPCOMING: drafts.filter(opens_on__gt=day).order_by("opens_on", "pk"),
        Period.CLOSED: drafts.filter(closes_on__lt=day).order_by("-closes_on", "-pk"),
    }
    if chosen:
        ordered = list(groups[FILTERS[chosen]])
    else:
        ordered = [*groups[Period.OPEN], *groups[Period.UPCOMING], *groups[Period.CLOSED]]
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "drafts": page,
        "status_filter": chosen,
        "status_choices": [
            ("", _("All")),
            ("open", _("Open for comments")),
            ("upcoming", _("Not yet open")),
            ("closed", _("Closed")),
        ],
        "page_query": f"status={chosen}" if chosen else "",
        "today": day,
    }


# A draft ---------------------------------------------------------------------------------------------


def draft_context(draft, request, form=None):
    period = draft.period()
    context = {
        "period": period,
        "countdown": draft.countdown_text(),
        "comments": list(draft.shown_comments()),
        "articles": draft.articles,
        "sent": request.GET.get("sent") == "1" and period == Period.OPEN,
        "privacy_notice_url": privacy_notice_url(request),
    }
    if period == Period.OPEN:
        initial = {}
        wanted = request.GET.get("article", "")
        if wanted and draft.article_label(wanted):
            initial["article"] = wanted
        context["form"] = form or CommentForm(draft=draft, initial=initial)
    if period == Period.CLOSED:
        context["report"] = draft.live_report()
    comments_by_article = {}
    for comment in context["comments"]:
        comments_by_article.setdefault(comment.article_id, []).append(comment)
    context["comments_by_article"] = comments_by_article
    return context


def serve_draft(draft, request, page_serve, *args, **kwargs):
    if request.method == "POST":
        return take_comment(draft, request, page_serve, *args, **kwargs)
    response = page_serve(request, *args, **kwargs)
    return no_shared_cache_while_time_moves(response, draft.period() != Period.CLOSED)


def _page_with(draft, request, page_serve, status, **kwargs):
    response = page_serve(request, **kwargs)
    response.status_code = status
    patch_cache_control(response, private=True, no_store=True)
    return response


def take_comment(draft, request, page_serve, *args, **kwargs):
    if not draft.is_open():
        kwargs["refusal"] = (
            _("Comments on this draft are closed: the consultation ended on %(date)s.")
            if draft.period() == Period.CLOSED
            else _("Comments on this draft are not open yet: they open on %(date)s.")
        ) % {"date": _short_date(draft.closes_on if draft.period() == Period.CLOSED else draft.opens_on)}
        return _page_with(draft, request, page_serve, 403, **kwargs)
    form = CommentForm(request.POST, draft=draft)
    refusal = protection.check(request, form, draft)
    if refusal is not None:
        kwargs["refusal"] = refusal.message
        kwargs["form"] = form
        response = _page_with(draft, request, page_serve, refusal.status, **kwargs)
        for name, value in refusal.headers.items():
            response[name] = value
        return response
    if not form.is_valid():
        kwargs["form"] = form
        return _page_with(draft, request, page_serve, 400, **kwargs)
    DraftComment.objects.create(
        page=draft,
        article_id=form.cleaned_data["article"] or "",
        article_label=form.article_label,
        body=form.cleaned_data["body"],
        name=form.cleaned_data["name"],
        show_name=form.cleaned_data["show_name"],
        contact=form.cleaned_data["contact"],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    response = HttpResponseRedirect(f"{draft.get_url(request)}?sent=1#comment-form")
    response.status_code = 303
    return response


def _short_date(day):
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


def privacy_notice_url(request=None):
    """The portal's privacy notice: the live page at ``PRIVACY_NOTICE_SLUG`` in the reader's language
    (the Vietnamese one where it has no translation)."""
    from wagtail.models import Page

    pages = Page.objects.live().public().filter(slug=settings.PRIVACY_NOTICE_SLUG)
    language = translation.get_language() or settings.LANGUAGE_CODE
    page = pages.filter(locale__language_code=language).first() or pages.first()
    if page is None:
        return ""
    return page.get_url(request) or ""


# The report as a Word file --------------------------------------------------------------------------


@never_cache
def report_document(request, page_id):
    """The published report of a closed consultation as .docx, for anyone who may read the page."""
    report = get_object_or_404(ConsultationReportPage.objects.live().public(), pk=page_id)
    draft = report.draft
    if draft is None or not draft.live or draft.period() != Period.CLOSED:
        raise Http404
    return docx_response(report)


def docx_response(report, revision_note=""):
    from consultation.report_docx import build_report, file_name

    response = HttpResponse(
        build_report(report, revision_note=revision_note),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(report)}"'
    return response


def approved_count(draft):
    return DraftComment.objects.filter(
        page__translation_key=draft.translation_key, status=CommentStatus.APPROVED
    ).count()
