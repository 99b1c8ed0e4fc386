"""A disclosure shows its deciding document from the register: a change to that document alone (a new
number, an unpublish) reaches the stored copies of the disclosure's page and of its listing, also when
the document is too old to be in the sidebar's "Văn bản mới" (whose purge reaches every page)."""

import datetime

import pytest

from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.factories.disclosure import PlanIndexPageFactory, PlanPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def plan():
    register = LegalDocumentIndexPageFactory()
    decision = LegalDocumentPageFactory(
        parent=register, number="12/KH-UBND", issue_date=datetime.date(2021, 3, 1)
    )
    for number in range(5):  # newer: the sidebar lists these, not the decision
        LegalDocumentPageFactory(parent=register, number=f"{number + 1}/QĐ-UBND")
    return PlanPageFactory(parent=PlanIndexPageFactory(), issuing_decision=decision)


def shown(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response["X-Page-Cache"], response.content.decode()


@pytest.mark.parametrize("where", ["plan", "listing"])
def test_a_new_number_for_the_decision_replaces_the_stored_page(client, plan, where):
    page = plan if where == "plan" else plan.get_parent()
    assert "12/KH-UBND" in shown(client, page)[1]
    assert shown(client, page)[0] == "hit"
    decision = plan.issuing_decision
    decision.number = "13/KH-UBND"
    decision.save_revision().publish()
    state, html = shown(client, page)
    assert state == "miss"
    assert "13/KH-UBND" in html and "12/KH-UBND" not in html


@pytest.mark.parametrize("where", ["plan", "listing"])
def test_an_unpublished_decision_leaves_the_stored_page(client, plan, where):
    page = plan if where == "plan" else plan.get_parent()
    assert "12/KH-UBND" in shown(client, page)[1]
    plan.issuing_decision.unpublish()
    assert "12/KH-UBND" not in shown(client, page)[1]
