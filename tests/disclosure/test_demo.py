"""The demo gives every procedures and disclosure type live pages, and a second run creates nothing."""

import pytest

from disclosure import demo as disclosure_demo
from disclosure.models import (
    BudgetReportPage,
    PlanPage,
    ProcurementNoticePage,
    ProjectPage,
    StatisticsPage,
)
from procedures import demo as procedures_demo
from procedures.models import ProcedurePage
from tests.factories import default_home

pytestmark = pytest.mark.django_db

TYPES = (ProcedurePage, PlanPage, ProjectPage, ProcurementNoticePage, BudgetReportPage, StatisticsPage)


def test_every_type_has_live_demo_pages_that_render_and_a_second_run_adds_nothing(client):
    home = default_home()
    created = procedures_demo.load_demo(home)[0] + disclosure_demo.load_demo(home)[0]
    assert created > 0
    for model in TYPES:
        pages = model.objects.live()
        assert pages.exists(), model.__name__
        assert client.get(pages.first().url).status_code == 200
        assert client.get(pages.first().get_parent().url).status_code == 200
    assert ProcurementNoticePage.objects.filter(award_date__isnull=False).exists()
    counts = {model: model.objects.count() for model in TYPES}
    again = procedures_demo.load_demo(home)[0] + disclosure_demo.load_demo(home)[0]
    assert again == 0
    assert {model: model.objects.count() for model in TYPES} == counts
