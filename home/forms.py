from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail's document form: size messages in the portal's own catalogue; replaced files are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if file_field is not None and getattr(file_field, "max_upload_size", None):
            limit = filesizeformat(file_field.max_upload_size)
            file_field.error_messages["file_too_large"] = _(
                "This file is too big (%(file_size)s). The limit is %(max_filesize)s."
            )
            file_field.error_messages["file_too_large_unknown_size"] = _(
                "This file is too big. The limit is %(max_filesize)s."
            ) % {"max_filesize": limit}
            file_field.help_text = _("PDF, Word, Excel, OpenDocument or ZIP; at most %(limit)s.") % {
                "limit": limit
            }

    def save(self, commit=True):
        # Wagtail's form deletes the replaced file; the portal keeps it in the document's file history
        # (home.models.DocumentFileVersion, written by PortalDocument.save).
        self.original_file = None
        return super().save(commit=commit)
