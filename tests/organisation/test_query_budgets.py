"""Query budgets of the organisation, directory, schedule and site map pages: the same number of queries
with 10 and with 1,000 items (officials, weeks, pages), uncached, as tests/performance does for the
other pages."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisation.models import OfficialPage, Rank, UnitKind, folded_key
from schedule.models import ScheduleWeekPage
from tests.conftest import _clear_caches
from tests.factories import StandardPageFactory
from tests.factories.bulk import bulk_pages
from tests.factories.organisation import (
    OfficialPageFactory,
    OrganisationPageFactory,
    PortalMapPageFactory,
    ScheduleIndexPageFactory,
    ScheduleWeekPageFactory,
    UnitPageFactory,
    add_entry,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1_000
# The most queries each page may take with empty caches, settings, menus, sidebar and footer included.
BUDGETS = {"organisation": 26, "directory": 26, "schedule": 26, "site map": 24}


def count_queries(client, url):
    _clear_caches()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), [query["sql"] for query in context.captured_queries]


def assert_flat(client, url, name, grow):
    client.get(url)  # the site's settings are created with their defaults on first use
    few, _ = count_queries(client, url)
    grow()
    many, queries = count_queries(client, url)
    assert many == few, f"{name}: {few} queries with {FEW} items, {many} with {MANY}:\n" + "\n".join(queries)
    assert few <= BUDGETS[name], f"{name}: {few} queries, budget {BUDGETS[name]}"


def many_officials(unit, count, start):
    bulk_pages(
        unit,
        OfficialPage,
        [
            {
                "title": f"Cán bộ số {n}",
                "slug": f"can-bo-so-{n}",
                "position": "Chuyên viên",
                "rank": Rank.STAFF,
                "phone": "0273 3 871 599",
                "email": f"cb{n}@example.gov.vn",
                "search_key": folded_key(f"Cán bộ số {n}", "Chuyên viên"),
                "press_role": "",
                "photo_alt": "",
                "responsibilities": "",
            }
            for n in range(start, start + count)
        ],
    )


@pytest.fixture
def organisation():
    page = OrganisationPageFactory()
    board = UnitPageFactory(parent=page, title="Ban Giám đốc", kind=UnitKind.LEADERSHIP)
    office = UnitPageFactory(parent=page, title="Văn phòng Sở")
    OfficialPageFactory(parent=board, rank=Rank.HEAD, press_role="spokesperson")
    for _n in range(FEW - 1):
        OfficialPageFactory(parent=office)
    return page, office


def test_the_organisation_page_takes_as_many_queries_with_a_thousand_officials(client, organisation):
    page, office = organisation
    assert_flat(client, page.url, "organisation", lambda: many_officials(office, MANY - FEW, FEW))


def test_the_directory_takes_as_many_queries_with_a_thousand_officials(client, organisation):
    page, office = organisation
    url = page.url + "danh-ba/?q=can+bo"
    assert_flat(client, url, "directory", lambda: many_officials(office, MANY - FEW, FEW))


def test_the_schedule_takes_as_many_queries_with_a_thousand_weeks(client):
    index = ScheduleIndexPageFactory()
    monday = datetime.date(2026, 12, 7)
    week = ScheduleWeekPageFactory(parent=index, week_start=monday)
    for hour in range(8, 8 + FEW):
        add_entry(week, start_time=datetime.time(hour))
    for n in range(1, FEW):
        ScheduleWeekPageFactory(parent=index, week_start=monday - datetime.timedelta(weeks=n))

    def grow():
        bulk_pages(
            index,
            ScheduleWeekPage,
            [
                {
                    "title": f"Tuần {n}",
                    "slug": f"tuan-{n}",
                    "week_start": monday - datetime.timedelta(weeks=n),
                    "note": "",
                }
                for n in range(FEW, MANY)
            ],
        )

    assert_flat(client, index.url + "?week=2026-12-07", "schedule", grow)


def test_the_site_map_takes_as_many_queries_with_a_thousand_pages(client):
    section = StandardPageFactory(title="Chuyên mục", slug="chuyen-muc")
    for n in range(FEW):
        StandardPageFactory(parent=section, title=f"Trang {n}", slug=f"trang-{n}")
    site_map = PortalMapPageFactory()

    def grow():
        from home.models import StandardPage

        bulk_pages(
            section,
            StandardPage,
            [
                {"title": f"Trang {n}", "slug": f"trang-{n}", "intro": "", "body": "[]"}
                for n in range(FEW, MANY)
            ],
        )

    assert_flat(client, site_map.url, "site map", grow)
