"""The public side: ask a question, send feedback, look up a tracking code, read published feedback.

None of these responses is ever stored by the page cache or a browser (``never_cache``): they carry a
form's CSRF token or what one person sent. Every refusal re-displays the form with the message and
what the person wrote (apart from the check question, which is asked anew).
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participation import protection, services
from participation.forms import FeedbackForm, LookupForm, QuestionForm
from participation.models import Feedback, Question, Status

PER_PAGE = 10


def _language():
    return (translation.get_language() or "vi")[:2]


def _submit(request, form_class, model, scope, template, done_template):
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, request=request)
        try:
            protection.check_address(request, scope)
            if form.is_valid():
                fingerprint = protection.check_submission(
                    form,
                    scope,
                    form.contact,
                    form.cleaned_data["title"] + "\n" + form.cleaned_data["content"],
                    already_sent=lambda value: model.objects.filter(fingerprint=value).exists(),
                )
                with transaction.atomic():
                    item = form.save(commit=False)
                    item.fingerprint = fingerprint
                    item.language = _language()
                    item.save()
                return TemplateResponse(request, done_template, {"item": item})
            status = 400
        except protection.Refused as refused:
            refused.show_on(form)
            response = TemplateResponse(request, template, {"form": form}, status=refused.status)
            for name, value in refused.headers().items():
                response[name] = value
            return response
    else:
        form = form_class(request=request)
    return TemplateResponse(request, template, {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    return _submit(
        request, QuestionForm, Question, "questions", "participation/ask.html", "participation/received.html"
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def send_feedback(request):
    return _submit(
        request,
        FeedbackForm,
        Feedback,
        "feedback",
        "participation/feedback_form.html",
        "participation/received.html",
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """Look a tracking code up (POST: the code stays out of addresses, histories and server logs)."""
    item, status = None, 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        try:
            protection.check_lookup(request, "track")
            if form.is_valid():
                item = services.find_by_code(form.cleaned_data["code"])
                if item is None:
                    form.add_error("code", _not_found())
                    status = 404
            else:
                status = 400
        except protection.Refused as refused:
            refused.show_on(form)
            response = TemplateResponse(
                request, "participation/track.html", {"form": form}, status=refused.status
            )
            for name, value in refused.headers().items():
                response[name] = value
            return response
    else:
        form = LookupForm()
    answer_url = ""
    if (
        isinstance(item, Question)
        and item.answer_page
        and item.answer_page.live
        and item.status == Status.ANSWERED
    ):
        answer_url = item.answer_page.get_url(request) or ""
    return TemplateResponse(
        request,
        "participation/track.html",
        {"form": form, "item": item, "answer_url": answer_url, "is_question": isinstance(item, Question)},
        status=status,
    )


def _not_found():
    from django.utils.translation import gettext as _

    return _(
        "No message has this tracking code. Check it against the one you were given (letters and digits, "
        "e.g. HD-7K3M-9QX2) and try again."
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def published_feedback(request):
    """The answered feedback the department chose to publish: content and answer, never who sent it."""
    items = Feedback.objects.filter(published=True, status=Status.ANSWERED).order_by("-published_at", "-pk")
    page = Paginator(
        items.only("code", "category", "title", "content", "reply", "published_at"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return TemplateResponse(request, "participation/feedback_list.html", {"page_obj": page})
