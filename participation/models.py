"""Citizens' questions (hỏi đáp) and feedback (phản ánh, kiến nghị), and the published Q&A pages.

A ``Question`` or ``Feedback`` holds what a person sent, with their contact details (name, e-mail or
phone, attachment): those stay in the admin, shown to the roles that hold ``participation.view_contact``,
and are erased after ``PARTICIPATION_RETENTION_DAYS`` (``manage.py erase_expired_contacts``). An
answer to a question is a ``QuestionAnswerPage``, which goes through the approval workflow like any page
and never holds the contact details.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from home.models import BasePage

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or copied without mistakes
CODE_LENGTH = 8
ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


def private_storage():
    """Attachments are personal data: kept outside MEDIA_ROOT, served only through the admin."""
    return FileSystemStorage(location=settings.PARTICIPATION_PRIVATE_ROOT, base_url=None)


def new_code(prefix):
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def add_working_days(day, count):
    """``day`` plus ``count`` working days (Monday to Friday)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class Topic(models.Model):
    """A field (lĩnh vực) questions are asked and answers grouped under."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("field of questions")
        verbose_name_plural = _("fields of questions")

    def __str__(self):
        return self.name

    @property
    def label(self):
        """The name in the reader's language."""
        return self.name_en if (get_language() or "")[:2] == "en" and self.name_en else self.name


class Unit(models.Model):
    """A unit of the department that questions and feedback are assigned to."""

    name = models.CharField(_("name"), max_length=160, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.ANSWERED, Status.REJECTED)


class Submission(models.Model):
    """What a person sent through a public form; the contact fields are the personal data."""

    CODE_PREFIX = ""
    CONTACT_FIELDS = ("name", "email", "phone")

    code = models.CharField(_("tracking code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    name = models.CharField(_("full name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi", editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    contact_erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.code}: {self.title}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_code(self.CODE_PREFIX)
            while type(self).objects.filter(code=self.code).exists():
                self.code = new_code(self.CODE_PREFIX)
        if self.due_date is None:
            received = timezone.localdate(self.received_at)
            self.due_date = add_working_days(received, settings.PARTICIPATION_DUE_WORKING_DAYS)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    def close(self, status, reason=""):
        self.status = status
        self.closed_at = timezone.now()
        if status == Status.REJECTED:
            self.rejection_reason = reason

    def erase_contact(self):
        """Blank the contact details (the content stays, for the statistics and the answer)."""
        for name in self.CONTACT_FIELDS:
            setattr(self, name, "")
        self.contact_erased_at = timezone.now()


class Question(Submission):
    CODE_PREFIX = "HD"

    topic = models.ForeignKey(
        Topic, verbose_name=_("field"), on_delete=models.PROTECT, related_name="questions"
    )
    answer_page = models.ForeignKey(
        "participation.QuestionAnswerPage",
        verbose_name=_("answer page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    asker_notified_at = models.DateTimeField(_("asker told of the answer"), null=True, blank=True)

    class Meta(Submission.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [
            ("view_inbox", "Can see the citizens' inbox"),
            ("view_contact", "Can see the contact details of citizens"),
            ("handle_submission", "Can assign and answer citizens' messages"),
            ("publish_feedback", "Can publish answered feedback"),
        ]


class FeedbackCategory(models.TextChoices):
    PROCEDURE = "procedure", _("Administrative procedures")
    REGULATION = "regulation", _("Regulations and policies")
    SERVICE = "service", _("Quality of public services")
    CONDUCT = "conduct", _("Conduct of officials")
    OTHER = "other", _("Other")


class Feedback(Submission):
    CODE_PREFIX = "PA"
    CONTACT_FIELDS = ("name", "email", "phone", "attachment")

    category = models.CharField(_("category"), max_length=20, choices=FeedbackCategory.choices)
    attachment = models.FileField(
        _("attachment"), upload_to="participation/%Y/%m/", storage=private_storage, blank=True
    )
    reply = models.TextField(
        _("answer"), blank=True, help_text=_("The department's answer, as the public reads it.")
    )
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Show this feedback and its answer on the public list.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta(Submission.Meta):
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def erase_contact(self):
        if self.attachment:
            self.attachment.delete(save=False)
        super().erase_contact()


# Pages --------------------------------------------------------------------------------------------


class QuestionIndexPage(BasePage):
    """Hỏi đáp: the published answers grouped by field, with the question form and the tracking page."""

    intro = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown under the title.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["participation.QuestionAnswerPage"]

    class Meta:
        verbose_name = _("questions and answers section")
        verbose_name_plural = _("questions and answers sections")

    def answers(self):
        """The live answers inside; a translation without its own shows those of the source section."""
        section = self
        if not QuestionAnswerPage.objects.child_of(self).live().exists():
            from wagtail.models import Locale

            source = self.get_translation_or_none(Locale.get_default())
            section = source if source is not None else self
        return (
            QuestionAnswerPage.objects.child_of(section)
            .live()
            .public()
            .select_related("topic")
            .order_by("topic__sort_order", "topic__name", "-answered_on", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = {}
        for page in self.answers():
            groups.setdefault(page.topic, []).append(page)
        context["groups"] = list(groups.items())
        return context


class QuestionAnswerPage(BasePage):
    """A citizen's question and the department's answer, as published (never with the asker's contact)."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("field"), on_delete=models.PROTECT, related_name="answer_pages"
    )
    question = models.TextField(
        _("question"),
        help_text=_("The question as it is published: leave out anything that identifies the person."),
    )
    answer = RichTextField(_("answer"), features=ANSWER_FEATURES)
    answered_on = models.DateField(_("answered on"), default=timezone.localdate)

    content_panels = BasePage.content_panels + [
        FieldPanel("topic"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("answered_on"),
        MultiFieldPanel(
            [InlinePanel("citations", label=_("cited document"))],
            heading=_("Legal documents cited"),
            help_text=_(
                "The answer is marked “needs review” when the validity of a document cited here changes."
            ),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["participation.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("answered question")
        verbose_name_plural = _("answered questions")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        record_cited_statuses(self)

    @cached_property
    def cited_documents(self):
        return [
            citation.document
            for citation in self.citations.select_related("document")
            if citation.document and citation.document.live
        ]

    def review_reasons(self):
        """[(document, status when cited, status now)] of the cited documents whose validity changed."""
        return review_reasons([self]).get(self.pk, [])


class QuestionAnswerCitation(Orderable):
    """A legal document of the register an answer relies on, with its validity when the answer was saved."""

    page = ParentalKey(QuestionAnswerPage, related_name="citations", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "documents.LegalDocumentPage", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    cited_status = models.CharField(_("validity when cited"), max_length=20, blank=True, editable=False)

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("cited document")
        verbose_name_plural = _("cited documents")


def _current_statuses(document_ids):
    from django.apps import apps

    model = apps.get_model("documents", "LegalDocumentPage")
    return dict(model.objects.filter(pk__in=document_ids).with_status().values_list("pk", "validity"))


def record_cited_statuses(page):
    """Remember each cited document's validity now: saving (publishing) the answer is its review."""
    citations = list(QuestionAnswerCitation.objects.filter(page=page))
    statuses = _current_statuses({citation.document_id for citation in citations})
    for citation in citations:
        status = statuses.get(citation.document_id) or ""
        if citation.cited_status != status:
            QuestionAnswerCitation.objects.filter(pk=citation.pk).update(cited_status=status)


def review_reasons(pages):
    """{page id: [(document, status when cited, status now)]} for answers whose cited documents changed."""
    citations = list(
        QuestionAnswerCitation.objects.filter(page__in=[page.pk for page in pages]).select_related("document")
    )
    statuses = _current_statuses({citation.document_id for citation in citations})
    reasons = {}
    for citation in citations:
        now = statuses.get(citation.document_id) or ""
        if citation.cited_status and now != citation.cited_status:
            reasons.setdefault(citation.page_id, []).append((citation.document, citation.cited_status, now))
    return reasons


def pages_needing_review():
    """The live answers that cite a document whose validity changed since the answer was saved."""
    pages = list(
        QuestionAnswerPage.objects.filter(citations__isnull=False).distinct().select_related("topic")
    )
    reasons = review_reasons(pages)
    return [(page, reasons[page.pk]) for page in pages if page.pk in reasons]
