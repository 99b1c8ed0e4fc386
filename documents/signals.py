"""Keep derived, cached views of the register in step with its content."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from documents.listing import bump_register_version


def connect():
    from documents.models import (
        DocumentType,
        IssuingBody,
        LegalDocumentPage,
        LegalDocumentRelation,
        LegalField,
        Signer,
    )

    page_published.connect(bump_register_version, sender=LegalDocumentPage)
    page_unpublished.connect(bump_register_version, sender=LegalDocumentPage)
    for model in (LegalDocumentPage, LegalDocumentRelation, DocumentType, IssuingBody, Signer, LegalField):
        post_save.connect(bump_register_version, sender=model)
        post_delete.connect(bump_register_version, sender=model)
