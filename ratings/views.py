"""``/api/ratings/<page_id>/``: GET the average and count, POST a score of 1 to 5.

The same URL serves the script (JSON in, JSON out) and the plain form of readers without JavaScript
(form-encoded in; a redirect back to the page, or a small page with the message, out). Every refusal is a
4xx with a message in the page's language (Vietnamese when the page is unknown), never a 500.

CSRF: Django's check, made inside the view rather than by the middleware so that a plain form posted
from a page served from a cache (which cannot carry the reader's own token) gets a one-click
confirmation page with a fresh token instead of Django's bare 403 page. Nothing is saved until a
request passes the check.
"""

import json

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from ratings import services
from visits.clients import client_hash, is_bot, rate_limited, referer_path

MAX_BODY_BYTES = 1024
ALLOWED_METHODS = ("GET", "HEAD", "POST")
READER_COOKIE_AGE = 365 * 24 * 60 * 60


class BadScore(ValueError):
    pass


def parse_score(request):
    """The score of a JSON or form-encoded body: an integer from 1 to 5 ("4" is accepted, 4.5 is not)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise BadScore(_("The request is too large."))
    if request.content_type == "application/json":
        if len(request.body) > MAX_BODY_BYTES:
            raise BadScore(_("The request is too large."))
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise BadScore(_("The request is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise BadScore(_("The request is not valid JSON."))
        value = data.get("score")
    else:
        value = request.POST.get("score")
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise BadScore(_("Choose a score from 1 to 5 stars."))


def _wants_html(request):
    """A browser's plain form (Accept: text/html), rather than the script or another API client."""
    return request.content_type != "application/json" and "text/html" in request.headers.get("Accept", "")


def _csrf_failed(request):
    middleware = CsrfViewMiddleware(lambda request: None)
    return middleware.process_view(request, None, (), {}) is not None


def _payload(page, result, score=None):
    return {
        "average": float(result.average) if result.average is not None else None,
        "count": result.count,
        "your_score": score,
        "label": services.label(page, result),
        "summary": services.summary_text(result),
    }


class Refusal(Exception):
    def __init__(self, status, message, headers=None, extra=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.extra = extra or {}


def _refuse(request, refusal, page, html):
    if html:
        response = TemplateResponse(
            request,
            "ratings/message.html",
            {"title": _("Your rating was not recorded"), "message": refusal.message, "rated_page": page},
            status=refusal.status,
        ).render()  # now, in the page's language (a TemplateResponse renders after the view returns)
    else:
        body = {"error": refusal.message, **refusal.extra}
        response = JsonResponse(body, status=refusal.status, json_dumps_params={"ensure_ascii": False})
    for name, value in refusal.headers.items():
        response[name] = value
    return response


@csrf_exempt  # checked in rate(), see the module's docstring
@never_cache
def rating(request, page_id):
    html = request.method == "POST" and _wants_html(request)
    if request.method not in ALLOWED_METHODS:
        with translation.override(settings.LANGUAGE_CODE):
            response = _refuse(
                request, Refusal(405, _("This address only answers GET and POST.")), None, False
            )
        response["Allow"] = ", ".join(ALLOWED_METHODS)
        return response
    with translation.override(settings.LANGUAGE_CODE):  # the page's language is not known yet
        try:
            page = services.find_page(page_id)
        except services.PageNotRateable as error:
            return _refuse(request, Refusal(404, str(error)), None, html)
    with translation.override(page.locale.language_code):
        try:
            if request.method == "POST":
                return rate(request, page, html)
            return show(request, page)
        except Refusal as refusal:
            return _refuse(request, refusal, page, html)


def show(request, page):
    token = services.reader_token(request)
    response = JsonResponse(
        _payload(page, services.summary(page.pk), services.your_score(page.pk, token)),
        json_dumps_params={"ensure_ascii": False},
    )
    get_token(request)  # the script sends this cookie's token back with its POST
    patch_vary_headers(response, ["Cookie"])
    return response


def rate(request, page, html):
    try:
        csrf_failed = _csrf_failed(request)
    except (OSError, MultiPartParserError, UnicodeDecodeError):
        raise Refusal(400, _("The request could not be read.")) from None
    if csrf_failed:
        if html:
            return _confirmation(request, page)
        raise Refusal(403, _("This form has expired. Reload the page and rate again."))
    if is_bot(request):
        raise Refusal(403, _("Ratings from automated clients are not counted."))
    if referer_path(request).startswith(reverse("wagtailadmin_home")):
        raise Refusal(403, _("Ratings are not counted in the preview."))
    retry_after = rate_limited("ratings", client_hash(request), settings.RATINGS_RATE_LIMIT)
    if retry_after is not None:
        message = _("Too many ratings from your connection. Please try again in %(seconds)s seconds.") % {
            "seconds": retry_after
        }
        raise Refusal(429, message, {"Retry-After": str(retry_after)}, {"retry_after": retry_after})
    try:
        score = parse_score(request)
    except BadScore as error:
        raise Refusal(400, str(error)) from None
    except (MultiPartParserError, UnicodeDecodeError):
        raise Refusal(400, _("The request could not be read.")) from None

    token = services.reader_token(request)
    new_token = token is None
    if new_token:
        token = services.new_reader_token()
    created = services.save_rating(page.pk, token, score)
    if html:
        response = HttpResponseRedirect(f"{page.get_url(request) or '/'}?rated={score}#rating")
        response.status_code = 303  # see the page again with GET
    else:
        body = {
            **_payload(page, services.summary(page.pk), score),
            "message": _("Thank you for your rating."),
        }
        response = JsonResponse(
            body, status=201 if created else 200, json_dumps_params={"ensure_ascii": False}
        )
    if new_token:
        response.set_cookie(
            settings.RATINGS_READER_COOKIE,
            token,
            max_age=READER_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _confirmation(request, page):
    """For a plain form without a valid token: the same choice again, with one, to confirm in one click."""
    try:
        score = parse_score(request)
    except (BadScore, MultiPartParserError, UnicodeDecodeError):
        raise Refusal(403, _("This form has expired. Reload the page and rate again.")) from None
    return TemplateResponse(
        request,
        "ratings/confirm.html",
        {
            "rated_page": page,
            "score": score,
            "star_label": services.star_label(score),
            "heading": services.heading_for(page),
            "action": reverse("ratings_api", args=[page.pk]),
        },
        status=403,
    ).render()
