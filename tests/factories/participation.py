import factory
import wagtail_factories

from participation.models import (
    Feedback,
    FeedbackCategory,
    Question,
    QuestionAnswerPage,
    QuestionIndexPage,
    Topic,
    Unit,
)

from .pages import default_home


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n + 1}")
    name_en = factory.Sequence(lambda n: f"Field {n + 1}")

    class Meta:
        model = Topic


class UnitFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Phòng {n + 1}")

    class Meta:
        model = Unit


class QuestionFactory(factory.django.DjangoModelFactory):
    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"Câu hỏi về thủ tục số {n + 1}")
    content = "Xin hỏi hồ sơ cấp phép gồm những gì?"
    name = "Nguyễn Thị Hoa"
    email = factory.Sequence(lambda n: f"nguoi-hoi-{n + 1}@example.com")
    phone = "0912345678"

    class Meta:
        model = Question


class FeedbackFactory(factory.django.DjangoModelFactory):
    category = FeedbackCategory.SERVICE
    title = factory.Sequence(lambda n: f"Phản ánh số {n + 1}")
    content = "Sóng di động yếu ở ấp 3."
    name = "Trần Văn Nam"
    email = factory.Sequence(lambda n: f"nguoi-phan-anh-{n + 1}@example.com")
    phone = "0987654321"

    class Meta:
        model = Feedback


class QuestionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Hỏi đáp"
    slug = "hoi-dap"
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = QuestionIndexPage


class QuestionAnswerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Trả lời câu hỏi {n + 1}")
    slug = factory.Sequence(lambda n: f"tra-loi-{n + 1}")
    topic = factory.SubFactory(TopicFactory)
    question = "Xin hỏi hồ sơ cấp phép gồm những gì?"
    answer = "<p>Hồ sơ gồm đơn đề nghị và bản sao giấy chứng nhận.</p>"

    class Meta:
        model = QuestionAnswerPage
