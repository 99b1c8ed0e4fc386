"""Keyset pagination (home/keyset.py): the token round-trips the last row's keys, a forged or stale
token shows the first page, and pages never repeat or skip a row."""

import datetime

import pytest

from home.keyset import Keyset
from home.models import StandardPage
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_token_round_trips_dates_datetimes_numbers_and_text():
    keyset = Keyset("-published", "day", "title", "pk")
    row = type(
        "Row",
        (),
        {
            "published": datetime.datetime(2026, 5, 1, 8, 30, tzinfo=datetime.UTC),
            "day": datetime.date(2026, 5, 1),
            "title": "Cấp phép",
            "pk": 7,
        },
    )()
    assert keyset.decode(keyset.encode(row)) == [row.published, row.day, "Cấp phép", 7]


@pytest.mark.parametrize("token", ["", "!!", "x" * 600, "bnVsbA", "W251bGwsIDFd", "W3siZCI6MX0sMV0"])
def test_a_token_that_is_not_ours_decodes_to_nothing(token):
    assert Keyset("title", "pk").decode(token) is None


def test_pages_follow_each_other_without_repeats_or_gaps():
    for n in range(7):
        StandardPageFactory(title=f"Trang {n % 3}", slug=f"trang-{n}")
    keyset = Keyset("-title", "pk")
    seen, token = [], None
    while True:
        page = keyset.page(StandardPage.objects.all(), token, 3)
        seen += [item.pk for item in page]
        token = page.next_token
        if not token:
            break
    expected = list(keyset.order(StandardPage.objects.all()).values_list("pk", flat=True))
    assert seen == expected
