"""An answer page that goes live answers its questions and tells their askers."""

from wagtail.signals import page_published


def answer_page_published(sender, instance, **kwargs):
    from participation.services import answer_published

    answer_published(instance)


def connect():
    from participation.models import QuestionAnswerPage

    page_published.connect(
        answer_page_published, sender=QuestionAnswerPage, dispatch_uid="participation-answered"
    )
