"""Serving drafts and their list, and taking comments.

A draft takes comments by POST to its own address (Django's CSRF check applies). Pages whose content
changes with the clock (an open or upcoming draft: the countdown, the form appearing or going; a list
holding one) are sent ``Cache-Control: private``, which keeps them out of the page cache
(pagecache.middleware._storable) and any shared cache; a closed draft changes only when it is edited or a
comment is moderated, which purges it (consultation.signals).

Imported by consultation/models.py; it takes the drafts and comments from the pages it is given, so that
it imports no model (no import cycle).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from consultation.forms import CommentForm
from consultation.periods import Period, today

PER_PAGE = 10
SCOPE = "consultation"  # the shared protection's counters for comments on drafts
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
    drafts = index.drafts()
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
    ordered = _one_per_draft(ordered, index.locale_id)
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "drafts": page,
        "status_filter": chosen,
        "status_choices": [
            ("", _("All")),
            ("open", Period.OPEN.label),
            ("upcoming", Period.UPCOMING.label),
            ("closed", Period.CLOSED.label),
        ],
        "page_query": f"status={chosen}" if chosen else "",
        "today": day,
    }


def _one_per_draft(drafts, locale_id):
    """Each draft once: in the list's language where it has a version in it."""
    chosen = {}
    for draft in drafts:
        kept = chosen.get(draft.translation_key)
        if kept is None or (draft.locale_id == locale_id and kept.locale_id != locale_id):
            chosen[draft.translation_key] = draft
    return [draft for draft in drafts if chosen[draft.translation_key] is draft]


# A draft ---------------------------------------------------------------------------------------------


def draft_context(draft, request, form=None):
    period = draft.period()
    context = {
        "period": period,
        "countdown": draft.countdown_text(),
        "comments": list(draft.shown_comments()),
        "articles": draft.articles,
        "sent": request.GET.get("sent") == "1" and period == Period.OPEN,
    }
    if period == Period.OPEN:
        initial = {}
        wanted = request.GET.get("article", "")
        if wanted and draft.article_label(wanted):
            initial["article"] = wanted
        context["form"] = form or CommentForm(draft=draft, initial=initial, request=request)
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
    """Refuse, with the reason on the page, or save the comment as awaiting moderation (303 back)."""
    from participation import protection

    if not draft.is_open():
        kwargs["refusal"] = (
            _("Comments on this draft are closed: the consultation ended on %(date)s.")
            if draft.period() == Period.CLOSED
            else _("Comments on this draft are not open yet: they open on %(date)s.")
        ) % {"date": _short_date(draft.closes_on if draft.period() == Period.CLOSED else draft.opens_on)}
        return _page_with(draft, request, page_serve, 403, **kwargs)
    form = CommentForm(request.POST, draft=draft, request=request)
    kwargs["form"] = form
    try:
        protection.check_address(request, SCOPE)
        if not form.is_valid():
            return _page_with(draft, request, page_serve, 400, **kwargs)
        protection.check_submission(
            form,
            SCOPE,
            _contact_key(form, draft, request),
            form.cleaned_data["body"],
            already_sent=lambda _fingerprint: _already_sent(draft, form.cleaned_data["body"]),
        )
    except protection.Refused as refused:
        # The shared duplicate message speaks of a tracking code, which comments do not have.
        kwargs["refusal"] = (
            _("This comment has already been sent on this draft. It is awaiting moderation.")
            if refused.status == 409
            else refused.message
        )
        response = _page_with(draft, request, page_serve, refused.status, **kwargs)
        for name, value in refused.headers().items():
            response[name] = value
        return response
    draft.comments.create(
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


def _contact_key(form, draft, request):
    """Who the per-contact limit counts: the e-mail or phone given, or (most comments give none) the
    address on this draft, so that anonymous readers do not share one count."""
    from home.proxies import client_ip
    from participation.protection import normalise_contact

    contact = form.cleaned_data["contact"]
    if contact:
        return normalise_contact(*((contact, "") if "@" in contact else ("", contact)))
    return f"address:{client_ip(request)}:draft:{draft.translation_key}"


def _already_sent(draft, body):
    """The same text already sent on this draft (by anyone, in any of its languages)."""
    return draft.comments.model.objects.filter(
        page__translation_key=draft.translation_key, body=body
    ).exists()


def _short_date(day):
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")
