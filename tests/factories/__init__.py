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
from .participation import (
    FeedbackFactory,
    QuestionAnswerPageFactory,
    QuestionFactory,
    QuestionIndexPageFactory,
    TopicFactory,
    UnitFactory,
)

__all__ = [
    "ConsultationIndexPageFactory",
    "ConsultationReportPageFactory",
    "DraftCommentFactory",
    "DraftDocumentPageFactory",
    "DocumentTypeFactory",
    "FeedbackFactory",
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
    "QuestionAnswerPageFactory",
    "QuestionFactory",
    "QuestionIndexPageFactory",
    "SignerFactory",
    "StandardPageFactory",
    "TopicFactory",
    "UnitFactory",
    "default_home",
]
