"""Public consultation on draft documents (lấy ý kiến góp ý dự thảo).

A draft is a page with its consultation period; readers' comments wait for moderation before they are
shown; once the period is over, a report page under the draft says how each comment was taken in
(tiếp thu) or answered (giải trình), and is published through the approval workflow like any page.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consultation import serving
from consultation.blocks import DraftTextStreamBlock
from consultation.periods import Period, today
from home.blocks import PARAGRAPH_FEATURES
from home.models import AttachedFile, BasePage
from home.text import nfc


class ConsultationIndexPage(BasePage):
    """The list of drafts put out for comment: open ones first, then those to come, then closed ones."""

    # Page cache (pagecache/tags.py): a list shows the drafts of its translations too, so a change to
    # any draft purges every list.
    page_cache_depends_on = ("consultations",)

    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["consultation.DraftDocumentPage"]
    show_in_menus_default = True
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("draft consultation list")
        verbose_name_plural = _("draft consultation lists")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.listing_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return serving.no_shared_cache_while_time_moves(response, self.period_changes_pending())

    def drafts(self):
        """The live drafts of this list and of its translations (drafts are often published in Vietnamese
        only: the English list shows them too, in their own language)."""
        under = models.Q(pk__in=[])
        for path, depth in Page.objects.filter(translation_key=self.translation_key).values_list(
            "path", "depth"
        ):
            under |= models.Q(path__startswith=path, depth=depth + 1)
        return DraftDocumentPage.objects.live().public().filter(under)

    def period_changes_pending(self):
        """Whether a draft of this list opens or closes later: the list then changes with the clock."""
        return self.drafts().filter(closes_on__gte=today()).exists()


class DraftDocumentPage(BasePage):
    """A draft document put out for public comment, with its file, its text and its period."""

    page_cache_group = "consultations"  # every list of drafts shows it (see ConsultationIndexPage)

    summary = models.TextField(
        _("summary"), help_text=_("What the draft is about and why it is put out for comment.")
    )
    issuing_unit = models.CharField(
        _("drafting unit"),
        max_length=255,
        help_text=_("The unit that drafts the document and receives the comments, e.g. “Phòng Bưu chính”."),
    )
    opens_on = models.DateField(_("comments open on"), help_text=_("The first day comments are taken."))
    closes_on = models.DateField(_("comments close on"), help_text=_("The last day comments are taken."))
    body = StreamField(
        DraftTextStreamBlock(),
        verbose_name=_("text of the draft"),
        blank=True,
        help_text=_("Enter each article (Điều) as an “Article” block: readers may comment on each one."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("issuing_unit"), FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")])],
            heading=_("Consultation"),
        ),
        InlinePanel("attachments", label=_("Files"), heading=_("Files of the draft")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("issuing_unit"),
        index.SearchField("body"),
        index.FilterField("opens_on"),
        index.FilterField("closes_on"),
    ]
    parent_page_types = ["consultation.ConsultationIndexPage"]
    subpage_types = ["consultation.ConsultationReportPage"]

    class Meta:
        verbose_name = _("draft for consultation")
        verbose_name_plural = _("drafts for consultation")

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The consultation cannot close before it opens.")})

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        self.issuing_unit = nfc(self.issuing_unit)
        super().save(*args, **kwargs)

    # The period, on the department's calendar (Asia/Ho_Chi_Minh) ------------------------------------

    def period(self, on=None):
        day = on or today()
        if day < self.opens_on:
            return Period.UPCOMING
        if day > self.closes_on:
            return Period.CLOSED
        return Period.OPEN

    def period_label(self, on=None):
        return Period(self.period(on)).label

    def is_open(self, on=None):
        return self.period(on) == Period.OPEN

    def days_left(self, on=None):
        """Days on which comments are still taken, today included (1 on the last day), or 0."""
        day = on or today()
        if not self.is_open(day):
            return 0
        return (self.closes_on - day).days + 1

    def countdown_text(self, on=None):
        """“Còn 5 ngày”, “Hôm nay là ngày cuối”, “Mở từ 01/12/2026”, “Đã hết hạn góp ý”."""
        from django.utils.formats import date_format

        day = on or today()
        period = self.period(day)
        if period == Period.UPCOMING:
            return _("Opens on %(date)s") % {"date": date_format(self.opens_on, "SHORT_DATE_FORMAT")}
        if period == Period.CLOSED:
            return _("Ended on %(date)s") % {"date": date_format(self.closes_on, "SHORT_DATE_FORMAT")}
        left = self.days_left(day)
        if left == 1:
            return _("Last day for comments")
        return ngettext("%(count)s day left", "%(count)s days left", left) % {"count": left}

    # Articles ------------------------------------------------------------------------------------

    @cached_property
    def articles(self):
        """[(block id, "Điều 3. Phạm vi")] of the draft's articles, in order: what a comment may name."""
        found = []
        for block in self.body:
            if block.block_type == "article":
                number, heading = block.value["number"], block.value["heading"]
                found.append((block.id, f"{number}. {heading}" if heading else number))
        return found

    def article_label(self, article_id):
        return dict(self.articles).get(article_id)

    # What readers see ----------------------------------------------------------------------------

    def shown_comments(self):
        """The approved comments on this draft (from any of its translations), oldest first."""
        return (
            DraftComment.objects.filter(
                page__translation_key=self.translation_key, status=CommentStatus.APPROVED
            )
            .only("pk", "article_id", "article_label", "body", "name", "show_name", "created_at")
            .order_by("created_at", "pk")
        )

    def live_report(self):
        """The published report on the comments: under this page, or (a translation without one of its
        own) under the draft in its source language."""
        own = ConsultationReportPage.objects.child_of(self).live().public().first()
        if own is not None:
            return own
        others = Page.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)
        under = models.Q(pk__in=[])
        for path, depth in others.values_list("path", "depth"):
            under |= models.Q(path__startswith=path, depth=depth + 1)
        return ConsultationReportPage.objects.live().public().filter(under).order_by("pk").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.draft_context(self, request, kwargs.get("form")))
        context["refusal"] = kwargs.get("refusal")
        return context

    def serve(self, request, *args, **kwargs):
        return serving.serve_draft(self, request, super().serve, *args, **kwargs)


class DraftDocumentAttachment(AttachedFile):
    page = ParentalKey(DraftDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("E.g. “Dự thảo lần 2”, “Tờ trình”.")
    )


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Shown")
    REJECTED = "rejected", _("Not shown")


class DraftComment(models.Model):
    """A reader's comment on a whole draft or on one of its articles.

    Only ``body``, the article and (if the reader agreed) ``name`` are ever shown. ``contact`` is
    optional, seen only by roles with “view_draftcomment_contact”, and erased after the citizens'
    retention, ``PARTICIPATION_RETENTION_DAYS`` (``manage.py erase_expired_contacts``)."""

    page = models.ForeignKey(
        DraftDocumentPage,
        verbose_name=pgettext_lazy("consultation", "draft"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # The StreamField id of the article (empty: the whole draft), and its label when the comment was
    # sent: the label stays right in the moderation list and the report if the article is renumbered.
    article_id = models.CharField(_("article"), max_length=64, blank=True)
    article_label = models.CharField(_("article"), max_length=300, blank=True)
    body = models.TextField(_("comment"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    show_name = models.BooleanField(_("name may be shown"), default=False)
    contact = models.CharField(_("e-mail or phone"), max_length=254, blank=True)
    contact_erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderation_note = models.TextField(
        _("moderation note"),
        blank=True,
        help_text=_("Why the comment is not shown (abusive, off topic, duplicate). Never shown to readers."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["-created_at", "-pk"]
        permissions = [("view_draftcomment_contact", "Can see the contact details of comments on drafts")]
        indexes = [models.Index(fields=["page", "status", "created_at"], name="consult_comment_shown")]

    def __str__(self):
        return f"{self.place_label} – {self.body[:60]}"

    @property
    def code(self):
        """What the inbox lists it by: “GY-00042” (góp ý)."""
        return f"GY-{self.pk:05d}"

    @property
    def title(self):
        """The inbox's title: the draft, the article and the start of the comment (never the contact)."""
        return f"{self.page.title} – {self.place_label}: {self.body[:80]}"

    @property
    def place_label(self):
        return self.article_label or str(_("Whole draft"))

    @property
    def public_name(self):
        """The name readers see: the one given, if the reader agreed, else “Người góp ý”."""
        return self.name if self.show_name and self.name else str(_("Anonymous reader"))

    def clean(self):
        super().clean()
        if self.status == CommentStatus.REJECTED and not self.moderation_note.strip():
            raise ValidationError({"moderation_note": _("Say why the comment is not shown.")})

    def erase_contact(self, now=None):
        """Erase what identifies the reader and is not public: the contact, and the name unless shown."""
        self.contact = ""
        if not self.show_name:
            self.name = ""
        self.contact_erased_at = now or timezone.now()


class ConsultationReportPage(BasePage):
    """The report on the comments (báo cáo tiếp thu, giải trình), built from the moderated comments."""

    intro = RichTextField(
        _("summary of the consultation"),
        blank=True,
        features=PARAGRAPH_FEATURES,
        help_text=_("How the draft was consulted and what changed after it."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("items", label=_("Comment"), heading=_("Response to each comment")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["consultation.DraftDocumentPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultation report")
        verbose_name_plural = _("consultation reports")

    @cached_property
    def draft(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def clean(self):
        super().clean()
        if not self.path:  # not in the tree yet: the draft's own button builds it (rows included)
            return
        draft = self.draft
        allowed = set(
            DraftComment.objects.filter(
                page__translation_key=draft.translation_key, status=CommentStatus.APPROVED
            ).values_list("pk", flat=True)
        )
        for item in self.items.all():
            if item.comment_id not in allowed:
                raise ValidationError(
                    _("Each row must answer a comment shown on this draft: use “Update from comments”.")
                )

    def report_rows(self):
        return list(self.items.select_related("comment").order_by("sort_order", "pk"))

    def counts(self):
        rows = self.report_rows()
        return {
            "total": len(rows),
            "accepted": sum(1 for row in rows if row.disposition == Disposition.ACCEPTED),
            "explained": sum(1 for row in rows if row.disposition == Disposition.EXPLAINED),
        }

    def page_cache_purge_tags(self):
        """Page cache: the draft shows its report, in each of the draft's languages."""
        from pagecache.tags import page_tag

        draft = self.get_parent()
        if draft is None:
            return set()
        pages = Page.objects.filter(translation_key=draft.translation_key).values_list("pk", flat=True)
        return {page_tag(pk) for pk in pages}

    def serve(self, request, *args, **kwargs):
        draft = self.draft
        if not getattr(request, "is_preview", False) and draft.period() != Period.CLOSED:
            raise Http404
        return super().serve(request, *args, **kwargs)


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("Taken in (tiếp thu)")
    EXPLAINED = "explained", _("Explained (giải trình)")


class CommentPanel(FieldPanel):
    """The comment a row answers: shown whole (where it is, who signed it, what it says) and kept in a
    hidden input, since the row exists only in the report's revisions until it is published."""

    def __init__(self, field_name="comment", **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "consultation/admin/comment_panel.html"

        def comment_text(self):
            pk = self.bound_field.value()
            comment = DraftComment.objects.filter(pk=pk).first() if str(pk or "").isdigit() else None
            if comment is None:
                return "—"
            return f"{comment.place_label} – {comment.public_name}: {comment.body}"


class ReportItem(Orderable):
    """The department's answer to one comment: taken in, or explained with the reason."""

    page = ParentalKey(ConsultationReportPage, on_delete=models.CASCADE, related_name="items")
    comment = models.ForeignKey(
        DraftComment, verbose_name=_("comment"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    disposition = models.CharField(_("decision"), max_length=10, choices=Disposition.choices, blank=True)
    response = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("How the comment was taken in, or why it was not: readers see it."),
    )

    panels = [
        CommentPanel("comment"),
        FieldRowPanel([FieldPanel("disposition"), FieldPanel("response")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("response to a comment")
        verbose_name_plural = _("responses to comments")

    def clean(self):
        super().clean()
        if self.comment_id is None:
            raise ValidationError(
                _("Each row must answer a comment shown on this draft: use “Update from comments”.")
            )
        if not self.disposition:
            raise ValidationError({"disposition": _("Choose whether the comment was taken in or explained.")})
        if self.disposition == Disposition.EXPLAINED and not self.response.strip():
            raise ValidationError({"response": _("Explain why the comment was not taken in.")})


def contact_retention(days=None):
    return datetime.timedelta(days=settings.PARTICIPATION_RETENTION_DAYS if days is None else days)


def erase_expired_contacts(now=None, days=None):
    """Erase the contact details (and the names not shown) of comments sent more than ``days``
    (PARTICIPATION_RETENTION_DAYS) ago; {what was erased: count} for ``manage.py erase_expired_contacts``."""
    now = now or timezone.now()
    erased = 0
    cutoff = now - contact_retention(days)
    due = DraftComment.objects.filter(created_at__lt=cutoff, contact_erased_at__isnull=True)
    for comment in due.iterator():
        comment.erase_contact(now)
        comment.save(update_fields=["contact", "name", "contact_erased_at"])
        erased += 1
    return {"comment(s) on drafts": erased}
