"""What happens to a question or feedback: received, assigned, answered (and the asker told), erased."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.models import (
    CLOSED_STATUSES,
    Feedback,
    Question,
    QuestionAnswerPage,
    QuestionIndexPage,
    Status,
)

logger = logging.getLogger(__name__)


def index_page_for(language):
    """The questions section of ``language`` (the default language's when it has none)."""
    pages = QuestionIndexPage.objects.order_by("path")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or pages.first()
    )


@transaction.atomic
def draft_answer(question, user):
    """The draft answer page of ``question`` (created under the questions section the first time)."""
    if question.answer_page_id:
        return question.answer_page
    parent = index_page_for(question.language)
    if parent is None:
        return None
    with translation.override(parent.locale.language_code):
        opening = _("The department answers as follows:")
    page = QuestionAnswerPage(
        title=question.title,
        topic=question.topic,
        question=question.content,
        answer=f"<p>{opening}</p>",
        live=False,
        owner=user,
    )
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    question.answer_page = page
    if question.status == Status.NEW:
        question.status = Status.IN_PROGRESS
    question.save(update_fields=["answer_page", "status"])
    return page


def answer_published(page, request=None):
    """The answer page went live: its questions are answered, and their askers told once by e-mail."""
    questions = list(Question.objects.filter(answer_page=page).exclude(status=Status.ANSWERED))
    for question in questions:
        question.close(Status.ANSWERED)
        question.save(update_fields=["status", "closed_at"])
    # After the publication is committed: no e-mail for an answer that a failure then rolled back.
    transaction.on_commit(lambda: notify_askers(page))


def notify_askers(page):
    for question in Question.objects.filter(answer_page=page, asker_notified_at__isnull=True):
        if notify_asker(question, page):
            question.asker_notified_at = timezone.now()
            question.save(update_fields=["asker_notified_at"])


def notify_asker(question, page):
    """E-mail the asker that the answer is published; whether it was sent."""
    return _send(question, {"url": page.full_url or ""})


def notify_feedback_answered(item, url):
    """E-mail the sender of feedback that it is answered, pointing to the tracking page (the answer may
    not be public); whether it was sent."""
    return _send(item, {"url": url})


def _send(item, context):
    """One e-mail to the sender of ``item``, in the language they wrote in, if they gave an address."""
    if not item.email:
        return False
    with translation.override(item.language or settings.LANGUAGE_CODE):
        context = {"item": item, "question": item, "is_question": isinstance(item, Question), **context}
        subject = render_to_string("participation/email/answered_subject.txt", context).strip()
        body = render_to_string("participation/email/answered_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [item.email])
    except OSError:
        # The code only: the address is personal data and stays out of the logs.
        logger.warning("participation: the answer to %s could not be e-mailed", item.code)
        return False
    return True


def erase_expired_contacts(now=None, days=None):
    """Erase the contact details of cases closed (or, never closed, received) more than ``days`` ago.

    Returns {what was erased: count}, as ``manage.py erase_expired_contacts`` prints it."""
    now = now or timezone.now()
    days = settings.PARTICIPATION_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    expired = Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, received_at__lt=cutoff)
    counts = {}
    for model in (Question, Feedback):
        rows = model.objects.filter(expired, contact_erased_at__isnull=True)
        count = 0
        for item in rows.iterator():
            item.erase_contact()
            item.save(update_fields=[*item.CONTACT_FIELDS, "contact_erased_at"])
            count += 1
        counts[{"question": "question(s)", "feedback": "feedback item(s)"}[model._meta.model_name]] = count
    return counts


def find_by_code(code):
    """The question or feedback with this tracking code, or None."""
    if not code or len(code) > 20:  # a code is 12 characters
        return None
    model = {"HD": Question, "PA": Feedback}.get(code[:2])
    if model is None:
        return None
    return model.objects.select_related("unit").filter(code=code).first()


def is_closed(item):
    return item.status in CLOSED_STATUSES
