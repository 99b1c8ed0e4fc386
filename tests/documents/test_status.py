"""Validity status follows the dates and the relations, and stays right as days pass."""

import datetime

import time_machine

from django.test import TestCase

from documents.models import LegalDocumentPage
from documents.status import Status
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
)


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False)


class StatusDerivationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        cls.old = LegalDocumentPageFactory(
            parent=cls.register,
            number="12/2015/QĐ-UBND",
            issue_date=datetime.date(2015, 3, 1),
            effective_date=datetime.date(2015, 3, 15),
        )
        cls.new = LegalDocumentPageFactory(
            parent=cls.register,
            number="39/2021/QĐ-UBND",
            issue_date=datetime.date(2021, 9, 15),
            effective_date=datetime.date(2021, 9, 25),
            expiry_date=datetime.date(2031, 1, 1),
        )

    def status_in_database(self, page):
        return Status(LegalDocumentPage.objects.with_status().get(pk=page.pk).validity)

    def assert_status(self, page, expected):
        page = LegalDocumentPage.objects.get(pk=page.pk)
        self.assertEqual(page.status_on(), expected)
        self.assertEqual(self.status_in_database(page), expected)

    def test_follows_the_dates_as_days_pass_without_saving(self):
        with on(datetime.date(2021, 9, 20)):
            self.assert_status(self.new, Status.NOT_YET_IN_FORCE)
        with on(datetime.date(2021, 9, 25)):
            self.assert_status(self.new, Status.IN_FORCE)
        with on(datetime.date(2031, 1, 1)):
            self.assert_status(self.new, Status.EXPIRED)

    def test_a_replaced_document_expires_when_its_replacement_takes_effect(self):
        LegalDocumentRelationFactory(source=self.new, target=self.old, relation_type="replaces")
        with on(datetime.date(2021, 9, 24)):
            self.assert_status(self.old, Status.IN_FORCE)
        with on(datetime.date(2021, 9, 25)):
            self.assert_status(self.old, Status.EXPIRED)

    def test_an_amended_document_is_partially_expired(self):
        LegalDocumentRelationFactory(source=self.new, target=self.old, relation_type="amends")
        with on(datetime.date(2022, 1, 1)):
            self.assert_status(self.old, Status.PARTIALLY_EXPIRED)

    def test_an_unpublished_replacement_does_not_end_anything(self):
        LegalDocumentRelationFactory(source=self.new, target=self.old, relation_type="repeals")
        self.new.unpublish()
        with on(datetime.date(2022, 1, 1)):
            self.assert_status(self.old, Status.IN_FORCE)

    def test_an_editor_choice_wins(self):
        self.old.status_override = Status.SUSPENDED
        self.old.save_revision().publish()
        with on(datetime.date(2022, 1, 1)):
            self.assert_status(self.old, Status.SUSPENDED)

    def test_no_date_means_unknown(self):
        undated = LegalDocumentPageFactory(parent=self.register, issue_date=None, effective_date=None)
        self.assert_status(undated, Status.UNKNOWN)
