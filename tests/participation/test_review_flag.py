"""An answer that cites a register document is flagged “cần rà soát” when the document's validity changes."""

import datetime

import time_machine

from django.test import TestCase
from django.urls import reverse

from participation.models import QuestionAnswerCitation, pages_needing_review
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    QuestionAnswerPageFactory,
    QuestionFactory,
    QuestionIndexPageFactory,
    default_home,
)
from tests.workflow.helpers import make_user, setup_portal


class ReviewFlagTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        home = default_home()
        register = LegalDocumentIndexPageFactory(parent=home)
        cls.cited = LegalDocumentPageFactory(parent=register, number="12/2021/QĐ-UBND", title="Quyết định 12")
        cls.other = LegalDocumentPageFactory(parent=register, number="13/2021/QĐ-UBND", title="Quyết định 13")
        section = QuestionIndexPageFactory(parent=home)
        cls.answer = QuestionAnswerPageFactory(parent=section, title="Hỏi về mạng chuyên dùng")
        QuestionAnswerCitation.objects.create(page=cls.answer, document=cls.cited)
        cls.answer.save_revision().publish()
        cls.question = QuestionFactory(answer_page=cls.answer)

    def test_a_fresh_answer_records_the_validity_and_needs_no_review(self):
        self.assertEqual(QuestionAnswerCitation.objects.get().cited_status, "in_force")
        self.assertEqual(pages_needing_review(), [])

    def test_replaced_by_a_document_in_force_flags_the_answer_with_what_changed(self):
        replacement = LegalDocumentPageFactory(
            parent=self.cited.get_parent(), number="5/2026/QĐ-UBND", effective_date=datetime.date(2026, 1, 1)
        )
        LegalDocumentRelationFactory(source=replacement, target=self.cited, relation_type="replaces")
        [(page, reasons)] = pages_needing_review()
        self.assertEqual(page.pk, self.answer.pk)
        self.assertEqual(
            [(doc.pk, before, now) for doc, before, now in reasons], [(self.cited.pk, "in_force", "expired")]
        )

        self.client.force_login(make_user("thuky", "secretary"))
        response = self.client.get(reverse("participation_admin:review"))
        self.assertContains(response, "Hỏi về mạng chuyên dùng")
        self.assertContains(response, "cần rà soát")
        self.assertContains(response, "Còn hiệu lực → Hết hiệu lực")
        response = self.client.get(reverse("participation_admin:question", args=[self.question.pk]))
        self.assertContains(response, "Cần rà soát")

        # Reviewed and published again: the flag is gone.
        self.answer.save_revision().publish()
        self.assertEqual(pages_needing_review(), [])

    def test_an_expiry_date_passing_flags_the_answer_without_anyone_saving_anything(self):
        self.cited.expiry_date = datetime.date(2030, 1, 1)
        self.cited.save_revision().publish()
        self.answer.save_revision().publish()
        self.assertEqual(pages_needing_review(), [])
        with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)):
            self.assertEqual([page.pk for page, _ in pages_needing_review()], [self.answer.pk])

    def test_a_change_to_a_document_not_cited_flags_nothing(self):
        self.other.status_override = "suspended"
        self.other.save_revision().publish()
        self.assertEqual(pages_needing_review(), [])

    def test_a_suspension_set_by_an_editor_flags_the_answer(self):
        self.cited.status_override = "suspended"
        self.cited.save_revision().publish()
        self.assertEqual(len(pages_needing_review()), 1)
