"""Factories for the organisation, schedule and site map pages."""

import datetime

import factory
import wagtail_factories

from organisation.models import OfficialPage, OrganisationPage, Rank, UnitKind, UnitPage
from portalmap.models import PortalMapPage
from schedule.models import ScheduleEntry, ScheduleIndexPage, ScheduleWeekPage
from tests.factories.pages import default_home


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = "Tổ chức bộ máy"
    slug = "to-chuc-bo-may"
    intro = "Chức năng, nhiệm vụ và cơ cấu tổ chức của Sở."
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = OrganisationPage


class UnitPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Phòng chuyên môn {n + 1}")
    slug = factory.Sequence(lambda n: f"phong-{n + 1}")
    kind = UnitKind.DIVISION
    phone = "0273 3 871 520"
    email = factory.Sequence(lambda n: f"phong{n + 1}@example.gov.vn")

    class Meta:
        model = UnitPage


class OfficialPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nguyễn Văn Cán Bộ {n + 1}")
    slug = factory.Sequence(lambda n: f"can-bo-{n + 1}")
    position = "Chuyên viên"
    rank = Rank.STAFF
    phone = "0273 3 871 599"
    email = factory.Sequence(lambda n: f"canbo{n + 1}@example.gov.vn")

    class Meta:
        model = OfficialPage


class ScheduleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lịch công tác"
    slug = "lich-cong-tac"
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = ScheduleIndexPage


class ScheduleWeekPageFactory(wagtail_factories.PageFactory):
    week_start = factory.Sequence(lambda n: datetime.date(2026, 11, 30) + datetime.timedelta(weeks=n))
    title = factory.LazyAttribute(lambda o: f"Lịch công tác tuần từ {o.week_start:%d/%m/%Y}")
    slug = factory.LazyAttribute(lambda o: f"tuan-{o.week_start:%Y-%m-%d}")

    class Meta:
        model = ScheduleWeekPage


def add_entry(week, **fields):
    """An engagement on the week page (saved with it: call before publishing a new revision)."""
    values = {
        "day": week.week_start,
        "start_time": datetime.time(8, 0),
        "content": "Giao ban Ban Giám đốc",
        "place": "Phòng họp Sở",
        "locale": week.locale,
        **fields,
    }
    entry = ScheduleEntry(page=week, **values)
    entry.save()
    return entry


class PortalMapPageFactory(wagtail_factories.PageFactory):
    title = "Sơ đồ cổng"
    slug = "so-do-cong"
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = PortalMapPage
