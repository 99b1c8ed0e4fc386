"""Lịch công tác: the week view, its navigation, the print view and the iCalendar feed."""

import datetime
import json

import time_machine

from django.core.exceptions import ValidationError
from django.test import override_settings

from wagtail.test.utils import WagtailPageTestCase

from schedule.ical import escape_text, fold
from schedule.models import ScheduleEntry, ScheduleWeekPage
from tests.factories.organisation import ScheduleIndexPageFactory, ScheduleWeekPageFactory, add_entry
from tests.helpers import soup

MONDAY = datetime.date(2026, 12, 7)


def rows(response):
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup(response).select(".schedule-table tbody tr")
    ]


class ScheduleTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ScheduleIndexPageFactory()
        cls.previous = ScheduleWeekPageFactory(
            parent=cls.index, week_start=MONDAY - datetime.timedelta(weeks=1)
        )
        cls.week = ScheduleWeekPageFactory(parent=cls.index, week_start=MONDAY)
        cls.next = ScheduleWeekPageFactory(parent=cls.index, week_start=MONDAY + datetime.timedelta(weeks=2))
        add_entry(
            cls.week,
            day=MONDAY + datetime.timedelta(days=1),
            start_time=datetime.time(14, 0),
            end_time=datetime.time(16, 30),
            content="Làm việc với các cơ quan báo chí; tổng kết năm, phương hướng 2027",
            place="Hội trường UBND tỉnh",
            host="Giám đốc Sở",
            attendees="Phòng Thông tin - Báo chí",
        )
        add_entry(cls.week, day=MONDAY, start_time=datetime.time(7, 30), content="Giao ban Ban Giám đốc")
        add_entry(cls.previous, day=MONDAY - datetime.timedelta(days=7), content="Họp tuần trước")
        cls.week.save_revision().publish()
        cls.previous.save_revision().publish()


@time_machine.travel(datetime.datetime(2026, 12, 9, 9, 0, tzinfo=datetime.UTC))
class WeekViewTests(ScheduleTestCase):
    def test_the_index_shows_this_week_day_by_day_with_dates_dd_mm_yyyy(self):
        response = self.client.get(self.index.url)
        self.assertIn("Tuần từ 07/12/2026 đến 13/12/2026", response.content.decode())
        days = [th.get_text(" ", strip=True) for th in soup(response).select(".schedule-table tbody th")]
        self.assertEqual(days[:2], ["Thứ 2 07/12/2026", "Thứ 3 08/12/2026"])
        self.assertEqual(rows(response)[0], ["07:30", "Giao ban Ban Giám đốc", "Phòng họp Sở", ""])
        self.assertEqual(
            rows(response)[1],
            [
                "14:00 – 16:30",
                "Làm việc với các cơ quan báo chí; tổng kết năm, phương hướng 2027",
                "Hội trường UBND tỉnh",
                "Giám đốc Sở Phòng Thông tin - Báo chí",
            ],
        )

    def test_previous_and_next_lead_to_the_nearest_published_weeks(self):
        nav = soup(self.client.get(self.index.url)).select_one(".week-nav")
        self.assertEqual(nav.select_one("a[rel=prev]")["href"], self.previous.url)
        self.assertEqual(nav.select_one("a[rel=next]")["href"], self.next.url)
        previous = self.client.get(self.previous.url)
        self.assertEqual(rows(previous)[0][1], "Họp tuần trước")
        self.assertIsNone(soup(previous).select_one(".week-nav a[rel=prev]"))
        self.assertEqual(soup(previous).select_one(".week-nav a[rel=next]")["href"], self.week.url)

    def test_a_week_without_schedule_says_so(self):
        response = self.client.get(self.index.url, {"week": "2026-12-16"})
        self.assertIn("Chưa có lịch công tác của tuần này.", response.content.decode())
        nav = soup(response).select_one(".week-nav")
        self.assertEqual(nav.select_one("a[rel=prev]")["href"], self.week.url)

    def test_a_malformed_week_shows_this_week(self):
        for value in ("abc", "2026-13-45", "0000-01-01", "9999-12-31", "x" * 3000):
            response = self.client.get(self.index.url, {"week": value})
            self.assertEqual(response.status_code, 200, value)

    def test_the_print_view_has_the_week_without_the_portal_around_it(self):
        response = self.client.get(self.week.url + "in/")
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        self.assertIsNone(page.select_one(".site-header"))
        self.assertIsNone(page.select_one(".week-nav"))
        self.assertEqual(rows(response)[0][1], "Giao ban Ban Giám đốc")

    def test_the_week_describes_its_engagements_as_events(self):
        script = soup(self.client.get(self.week.url)).find("script", type="application/ld+json")
        events = json.loads(script.string)["@graph"]
        self.assertEqual(events[1]["@type"], "Event")
        self.assertEqual(events[1]["startDate"], "2026-12-08T14:00:00+07:00")
        self.assertEqual(events[1]["endDate"], "2026-12-08T16:30:00+07:00")
        self.assertEqual(events[1]["location"], {"@type": "Place", "name": "Hội trường UBND tỉnh"})

    def test_a_week_starts_on_a_monday_and_its_engagements_fall_within_it(self):
        week = ScheduleWeekPage.objects.get(pk=self.week.pk)
        week.week_start = MONDAY + datetime.timedelta(days=2)
        with self.assertRaises(ValidationError):
            week.full_clean()
        entry = ScheduleEntry(
            page=self.week, day=MONDAY + datetime.timedelta(days=8), start_time=datetime.time(8), content="x"
        )
        with self.assertRaises(ValidationError) as raised:
            entry.clean()
        self.assertIn("day", raised.exception.message_dict)
        entry = ScheduleEntry(
            page=self.week, day=MONDAY, start_time=datetime.time(9), end_time=datetime.time(8), content="x"
        )
        with self.assertRaises(ValidationError) as raised:
            entry.clean()
        self.assertIn("end_time", raised.exception.message_dict)

    def test_one_schedule_per_week(self):
        duplicate = ScheduleWeekPage.objects.get(pk=self.next.pk)
        duplicate.week_start = MONDAY
        with self.assertRaises(ValidationError):
            duplicate.full_clean()


@time_machine.travel(datetime.datetime(2026, 12, 9, 9, 0, tzinfo=datetime.UTC))
class CalendarFeedTests(ScheduleTestCase):
    def feed(self):
        response = self.client.get(self.index.url + "ical/")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        return response.content

    def test_the_feed_is_valid_icalendar_with_crlf_and_folded_lines(self):
        content = self.feed()
        self.assertTrue(content.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        self.assertTrue(content.endswith(b"END:VCALENDAR\r\n"))
        lines = content.split(b"\r\n")[:-1]
        self.assertNotIn(b"\n", b"".join(lines))
        self.assertTrue(all(len(line) <= 75 for line in lines))
        content.decode("utf-8")  # folding never cut a character

    def test_events_are_in_ho_chi_minh_time_with_its_timezone_defined(self):
        text = self.feed().decode().replace("\r\n ", "")
        self.assertIn("BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh", text)
        self.assertIn("DTSTART;TZID=Asia/Ho_Chi_Minh:20261208T140000", text)
        self.assertIn("DTEND;TZID=Asia/Ho_Chi_Minh:20261208T163000", text)
        self.assertIn("SUMMARY:Làm việc với các cơ quan báo chí\\; tổng kết năm\\, phương hướng 2027", text)
        self.assertEqual(text.count("BEGIN:VEVENT"), 3)
        self.assertEqual(text.count("UID:schedule-entry-"), 3)
        self.assertEqual(text.count("DTSTAMP:"), 3)

    def test_text_is_escaped_and_long_lines_folded_on_character_boundaries(self):
        self.assertEqual(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne")
        line = "SUMMARY:" + "Hội nghị " * 30
        folded = fold(line)
        self.assertEqual(folded.replace("\r\n ", ""), line)
        self.assertTrue(all(len(part.encode()) <= 75 for part in folded.split("\r\n")))


@override_settings(PAGE_CACHE_ENABLED=True)
class PageCacheTests(ScheduleTestCase):
    @time_machine.travel(datetime.datetime(2026, 12, 9, 9, 0, tzinfo=datetime.UTC))
    def test_a_week_published_later_shows_in_the_stored_pages_of_its_neighbours(self):
        self.client.get(self.week.url)
        self.assertEqual(self.client.get(self.week.url)["X-Page-Cache"], "hit")
        self.assertEqual(
            soup(self.client.get(self.week.url)).select_one(".week-nav a[rel=next]")["href"], self.next.url
        )
        between = ScheduleWeekPageFactory(parent=self.index, week_start=MONDAY + datetime.timedelta(weeks=1))
        between.save_revision().publish()
        self.assertEqual(
            soup(self.client.get(self.week.url)).select_one(".week-nav a[rel=next]")["href"], between.url
        )
