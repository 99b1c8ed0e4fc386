from .documents import (
    DocumentTypeFactory,
    IssuingBodyFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    LegalFieldFactory,
    SignerFactory,
)
from .pages import HomePageFactory, StandardPageFactory, default_home

__all__ = [
    "DocumentTypeFactory",
    "HomePageFactory",
    "IssuingBodyFactory",
    "LegalDocumentIndexPageFactory",
    "LegalDocumentPageFactory",
    "LegalDocumentRelationFactory",
    "LegalFieldFactory",
    "SignerFactory",
    "StandardPageFactory",
    "default_home",
]
