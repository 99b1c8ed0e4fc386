"""Keep derived, cached views of the register in step with its content."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction
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
    # A privacy setting added or removed changes what the public register may count.
    models = (LegalDocumentPage, LegalDocumentRelation, DocumentType, IssuingBody, Signer, LegalField)
    for model in (*models, PageViewRestriction):
        post_save.connect(bump_register_version, sender=model)
        post_delete.connect(bump_register_version, sender=model)
