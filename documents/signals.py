"""Keep derived, cached views of the register in step with its content."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from documents import search as search_index
from documents.versions import bump_register_version


def refresh_search_places(sender, instance, **kwargs):
    search_index.refresh_places(instance)


def refresh_document_entry(sender, instance, **kwargs):
    """A document saved with its relations: its row of the search index, and those of the documents its
    relations point at, whose status may follow from its dates and whether it is live."""
    search_index.refresh_document(instance)


def refresh_related_statuses(sender, instance, **kwargs):
    """A relation written or removed (through its document's page or on its own) may change the status
    of the document it points at; the document holding it is refreshed by its own save."""
    search_index.refresh_index([instance.target_id])


def refresh_statuses_under_restriction(sender, instance, **kwargs):
    """A view restriction added or removed decides whether the documents under it count for the status
    of the documents they amend or replace (documents.status): refresh those."""
    from documents.models import LegalDocumentRelation

    targets = LegalDocumentRelation.objects.filter(source__path__startswith=instance.page.path)
    search_index.refresh_index(set(targets.values_list("target_id", flat=True)))


def connect():
    from documents.models import (
        DocumentType,
        IssuingBody,
        LegalDocumentPage,
        LegalDocumentRelation,
        LegalField,
        Signer,
        document_saved,
    )

    # The search index follows where documents are and whether they are live (documents.search.postgres);
    # their content it takes on every save. A move or an unpublished register concerns its documents.
    document_saved.connect(refresh_document_entry, dispatch_uid="legal-search-save")
    post_page_move.connect(refresh_search_places, dispatch_uid="legal-search-move")
    page_unpublished.connect(refresh_search_places, dispatch_uid="legal-search-unpublish")
    post_save.connect(refresh_related_statuses, sender=LegalDocumentRelation, dispatch_uid="legal-search-rel")
    post_delete.connect(
        refresh_related_statuses, sender=LegalDocumentRelation, dispatch_uid="legal-search-unrel"
    )
    for signal in (post_save, post_delete):
        signal.connect(refresh_statuses_under_restriction, sender=PageViewRestriction)
    page_published.connect(bump_register_version, sender=LegalDocumentPage)
    # Any page unpublished or moved: a register (or a section above one) takes its documents with it,
    # and a moved document has a new address, which the documents relating to it link to (Wagtail saves
    # it as a plain Page: post_save below does not see it).
    page_unpublished.connect(bump_register_version, dispatch_uid="legal-register-unpublish")
    post_page_move.connect(bump_register_version, dispatch_uid="legal-register-move")
    # A privacy setting added or removed changes what the public register may count.
    models = (LegalDocumentPage, LegalDocumentRelation, DocumentType, IssuingBody, Signer, LegalField)
    for model in (*models, PageViewRestriction):
        post_save.connect(bump_register_version, sender=model)
        post_delete.connect(bump_register_version, sender=model)
