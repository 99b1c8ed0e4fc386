"""Custom image and document models, in place from the first migration so they can grow fields."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable
from wagtail.search import index

from home.uploads import extract_pdf_text, file_extension, validate_document_file


class PortalImage(AbstractImage):
    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class PortalDocument(AbstractDocument):
    """A downloadable file: signed PDFs, office documents and archives only, checked by content."""

    admin_form_fields = Document.admin_form_fields

    extracted_text = models.TextField(
        _("extracted text"),
        blank=True,
        editable=False,
        help_text=_("The text of a PDF, read when it is uploaded, so that search finds it."),
    )
    extracted_from = models.CharField(max_length=255, blank=True, editable=False)

    search_fields = AbstractDocument.search_fields + [index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def clean(self):
        # Replaces Wagtail's extension-only check with one that reads the file's first bytes and
        # speaks Vietnamese (the upload form shows these messages next to the file field).
        if not self.file:
            return
        try:
            validate_document_file(self.file, settings.WAGTAILDOCS_EXTENSIONS)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error

    def save(self, *args, **kwargs):
        # Read the text once per uploaded file: when the file is new or replaced.
        file_changed = bool(self.file) and self.extracted_from != self.file.name
        if file_changed and self.pk:
            self._keep_replaced_file()
        if file_changed:
            if self.file_size is None:
                self._set_document_file_metadata()  # size and hash, as Wagtail's upload form does
            is_pdf = file_extension(self.file.name) == "pdf"
            self.extracted_text = extract_pdf_text(self.file) if is_pdf else ""
        super().save(*args, **kwargs)
        if file_changed and self.extracted_from != self.file.name:
            # The stored name is known only after the storage has saved the file.
            self.extracted_from = self.file.name
            type(self).objects.filter(pk=self.pk).update(extracted_from=self.extracted_from)

    def _keep_replaced_file(self):
        """A replaced file stays in storage, listed in the document's file history: what was published
        must remain answerable."""
        previous = type(self).objects.filter(pk=self.pk).values("file", "file_size", "file_hash").first()
        if previous and previous["file"] and previous["file"] != self.file.name:
            DocumentFileVersion.objects.create(
                document=self,
                file=previous["file"],
                file_size=previous["file_size"],
                file_hash=previous["file_hash"],
            )


class DocumentFileVersion(models.Model):
    """An earlier file of a document, kept when the file was replaced."""

    document = models.ForeignKey(PortalDocument, on_delete=models.CASCADE, related_name="file_versions")
    file = models.FileField(_("file"), upload_to="documents", max_length=255)
    file_size = models.PositiveBigIntegerField(null=True, editable=False)
    file_hash = models.CharField(max_length=40, blank=True, editable=False)
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("earlier file")
        verbose_name_plural = _("earlier files")

    def __str__(self):
        return self.file.name


class AttachedFile(Orderable):
    """A file attached to a page (the signed PDF, annexes), listed with its type and size. Subclasses add
    the ParentalKey to their page and a ``label`` with help text that fits the page."""

    document = models.ForeignKey(
        "home.PortalDocument", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.label or self.document.title
