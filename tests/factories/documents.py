import datetime

import factory
import wagtail_factories

from wagtail.models import Locale

from documents.models import (
    DocumentType,
    IssuingBody,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalDocumentRelation,
    LegalField,
    Signer,
)
from tests.factories.pages import default_home


class TermFactory(factory.django.DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        abstract = True
        django_get_or_create = ("name", "locale")


class DocumentTypeFactory(TermFactory):
    name = "Quyết định"

    class Meta:
        model = DocumentType
        django_get_or_create = ("name", "locale")


class IssuingBodyFactory(TermFactory):
    name = "Ủy ban nhân dân tỉnh Tiền Giang"

    class Meta:
        model = IssuingBody
        django_get_or_create = ("name", "locale")


class SignerFactory(TermFactory):
    name = "Nguyễn Văn Vĩnh"

    class Meta:
        model = Signer
        django_get_or_create = ("name", "locale")


class LegalFieldFactory(TermFactory):
    name = "Công nghệ thông tin"

    class Meta:
        model = LegalField
        django_get_or_create = ("name", "locale")


class LegalDocumentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Văn bản pháp luật"
    slug = "van-ban"
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = LegalDocumentIndexPage


class LegalDocumentPageFactory(wagtail_factories.PageFactory):
    number = factory.Sequence(lambda n: f"{n + 1}/2021/QĐ-UBND")
    title = factory.LazyAttribute(lambda o: f"Quyết định {o.number}")
    slug = factory.Sequence(lambda n: f"van-ban-{n + 1}")
    summary = "Ban hành Quy chế quản lý, vận hành mạng truyền số liệu chuyên dùng"
    document_type = factory.SubFactory(DocumentTypeFactory)
    issuing_body = factory.SubFactory(IssuingBodyFactory)
    issue_date = datetime.date(2021, 8, 10)
    effective_date = datetime.date(2021, 9, 25)

    class Meta:
        model = LegalDocumentPage
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)
            self.save_revision().publish()


class LegalDocumentRelationFactory(factory.django.DjangoModelFactory):
    relation_type = "replaces"

    class Meta:
        model = LegalDocumentRelation
