from .articles import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from .consultation import (
    ConsultationIndexPageFactory,
    ConsultationReportPageFactory,
    DraftCommentFactory,
    DraftDocumentPageFactory,
)
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
    "ConsultationIndexPageFactory",
    "ConsultationReportPageFactory",
    "DraftCommentFactory",
    "DraftDocumentPageFactory",
    "DocumentTypeFactory",
    "HomePageFactory",
    "InspectionReportIndexPageFactory",
    "InspectionReportPageFactory",
    "IssuingBodyFactory",
    "LegalDocumentIndexPageFactory",
    "LegalDocumentPageFactory",
    "LegalDocumentRelationFactory",
    "LegalFieldFactory",
    "NewsCategoryFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "SignerFactory",
    "StandardPageFactory",
    "default_home",
]
