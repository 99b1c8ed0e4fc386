"""One inbox over every registered source, its filters, the monthly report, the public Q&A section."""

import datetime

import time_machine

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participation import inbox
from participation.models import Status, add_working_days
from tests.factories import (
    FeedbackFactory,
    QuestionAnswerPageFactory,
    QuestionFactory,
    QuestionIndexPageFactory,
    TopicFactory,
    UnitFactory,
    default_home,
)
from tests.workflow.helpers import make_user, setup_portal

INBOX = reverse("participation_admin:inbox")


class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.unit = UnitFactory(name="Phòng Chuyển đổi số")
        cls.topic = TopicFactory(name="Chuyển đổi số")
        cls.other_topic = TopicFactory(name="Báo chí")
        today = timezone.localdate()
        cls.overdue = QuestionFactory(
            title="Câu hỏi quá hạn",
            topic=cls.topic,
            unit=cls.unit,
            due_date=today - datetime.timedelta(days=1),
        )
        cls.answered_late = QuestionFactory(
            title="Đã trả lời",
            topic=cls.other_topic,
            status=Status.ANSWERED,
            due_date=today - datetime.timedelta(days=5),
        )
        cls.feedback = FeedbackFactory(title="Phản ánh mới", due_date=today + datetime.timedelta(days=9))
        cls.leader = make_user("lanhdao", "leader")

    def titles(self, **params):
        self.client.force_login(self.leader)
        response = self.client.get(INBOX, params)
        self.assertEqual(response.status_code, 200)
        return {row.title for row in response.context["rows"]}

    def test_questions_and_feedback_are_in_one_list_newest_first(self):
        self.client.force_login(self.leader)
        response = self.client.get(INBOX)
        self.assertEqual(
            [row.title for row in response.context["rows"]], ["Phản ánh mới", "Đã trả lời", "Câu hỏi quá hạn"]
        )
        self.assertContains(response, "Hộp thư ý kiến người dân")

    def test_filters(self):
        everything = {"Câu hỏi quá hạn", "Đã trả lời", "Phản ánh mới"}
        self.assertEqual(self.titles(), everything)
        self.assertEqual(self.titles(status="answered"), {"Đã trả lời"})
        self.assertEqual(self.titles(unit=self.unit.pk), {"Câu hỏi quá hạn"})
        self.assertEqual(self.titles(topic=self.other_topic.pk), {"Đã trả lời"})
        self.assertEqual(self.titles(overdue="1"), {"Câu hỏi quá hạn"})  # answered late is not overdue
        self.assertEqual(self.titles(source="feedback"), {"Phản ánh mới"})
        self.assertEqual(
            self.titles(due_before=timezone.localdate().isoformat()), {"Câu hỏi quá hạn", "Đã trả lời"}
        )

    def test_nonsense_filters_are_ignored_not_errors(self):
        everything = {"Câu hỏi quá hạn", "Đã trả lời", "Phản ánh mới"}
        self.assertEqual(
            self.titles(status="xyz", unit="abc", topic="'", due_before="31/02/2026", source="nope", p="-4"),
            everything,
        )

    def test_the_overdue_mark_is_shown(self):
        self.client.force_login(self.leader)
        self.assertContains(self.client.get(INBOX, {"overdue": "1"}), "quá hạn")

    def test_another_app_registers_a_source_and_its_items_join_the_inbox(self):
        source = inbox.InboxSource(
            key="test-comments",
            label="Góp ý thử",
            model="participation.Feedback",
            detail_url_name="participation_admin:feedback",
            statuses=tuple(Status.choices),
            unit_field=None,
            due_field=None,
        )
        inbox.register(source)
        self.addCleanup(inbox._sources.pop, "test-comments")
        self.assertEqual(self.titles(source="test-comments"), {"Phản ánh mới"})
        # A source without units or due dates is left out of those filters rather than failing.
        self.assertEqual(self.titles(source="test-comments", unit=self.unit.pk), set())
        self.assertEqual(self.titles(source="test-comments", overdue="1"), set())

    def test_the_inbox_takes_a_fixed_number_of_queries(self):
        for _number in range(10):
            QuestionFactory(topic=self.topic, unit=self.unit)
        self.client.force_login(self.leader)
        self.client.get(INBOX)
        with CaptureQueriesContext(connection) as few:
            self.client.get(INBOX)
        for _number in range(40):
            FeedbackFactory(unit=self.unit)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(INBOX)
        self.assertEqual(len(response.context["rows"]), 50)

    def test_roles_without_the_inbox_do_not_see_it(self):
        for role in ("administrator", "reader"):
            self.client.force_login(make_user(f"u-{role}", role))
            response = self.client.get(INBOX)
            self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
            self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), INBOX)


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.leader = make_user("lanhdao", "leader")

    @time_machine.travel(datetime.datetime(2026, 12, 7, 3, tzinfo=datetime.UTC))
    def test_counts_per_month_in_local_time_and_as_csv(self):
        # 30/11 at 23:30 in Hồ Chí Minh City is in November, though it is still 30/11 16:30 UTC.
        QuestionFactory(received_at=datetime.datetime(2026, 11, 30, 16, 30, tzinfo=datetime.UTC))
        QuestionFactory(
            received_at=datetime.datetime(2026, 11, 30, 17, 30, tzinfo=datetime.UTC)
        )  # 1/12 local
        QuestionFactory(
            status=Status.ANSWERED, received_at=datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
        )
        FeedbackFactory(
            status=Status.REJECTED, received_at=datetime.datetime(2026, 10, 5, tzinfo=datetime.UTC)
        )
        self.client.force_login(self.leader)
        response = self.client.get(reverse("participation_admin:report"))
        rows = {(row["month"].strftime("%m/%Y"), row["source"].key): row for row in response.context["rows"]}
        # Twelve months for every source the leader may read: questions, feedback, comments on drafts.
        self.assertEqual({key for _, key in rows}, {source.key for source in inbox.sources(self.leader)})
        self.assertEqual(len(rows), 12 * len(inbox.sources(self.leader)))
        self.assertEqual(
            (rows[("12/2026", "questions")]["received"], rows[("12/2026", "questions")]["closed"]), (2, 1)
        )
        self.assertEqual(rows[("11/2026", "questions")]["received"], 1)
        self.assertEqual(rows[("10/2026", "feedback")]["closed"], 1)
        csv = self.client.get(reverse("participation_admin:report"), {"export": "csv"}).content.decode(
            "utf-8-sig"
        )
        lines = csv.splitlines()
        self.assertEqual(lines[0], "Tháng,Loại,Đã tiếp nhận,Đã kết thúc,Đang mở")
        self.assertIn("12/2026,Câu hỏi,2,1,1", lines)


class DueDateTests(TestCase):
    def test_the_due_date_counts_working_days(self):
        friday = datetime.date(2026, 12, 4)
        self.assertEqual(add_working_days(friday, 1), datetime.date(2026, 12, 7))
        self.assertEqual(add_working_days(friday, 10), datetime.date(2026, 12, 18))

    @time_machine.travel(datetime.datetime(2026, 12, 4, 3, tzinfo=datetime.UTC))
    def test_a_question_received_on_friday_is_due_ten_working_days_later(self):
        self.assertEqual(QuestionFactory().due_date, datetime.date(2026, 12, 18))


class PublicSectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = QuestionIndexPageFactory(parent=default_home())
        cls.digital = TopicFactory(name="Chuyển đổi số", name_en="Digital transformation", sort_order=1)
        cls.press = TopicFactory(name="Báo chí", name_en="Press", sort_order=0)
        QuestionAnswerPageFactory(parent=cls.section, title="Đánh giá tác động dữ liệu", topic=cls.digital)
        QuestionAnswerPageFactory(parent=cls.section, title="Cấp phép bản tin", topic=cls.press)
        draft = QuestionAnswerPageFactory(parent=cls.section, title="Nháp chưa duyệt", topic=cls.press)
        draft.unpublish()

    def test_answers_are_grouped_by_field_and_drafts_are_not_shown(self):
        response = self.client.get(self.section.url)
        body = response.content.decode()
        self.assertLess(body.index("Báo chí"), body.index("Cấp phép bản tin"))
        self.assertLess(body.index("Cấp phép bản tin"), body.index("Chuyển đổi số"))
        self.assertLess(body.index("Chuyển đổi số"), body.index("Đánh giá tác động dữ liệu"))
        self.assertNotIn("Nháp chưa duyệt", body)
        self.assertContains(response, reverse("participation_ask"))

    def test_the_vietnamese_aware_search_finds_answers_without_diacritics(self):
        response = self.client.get(reverse("search"), {"query": "danh gia tac dong du lieu"})
        self.assertContains(response, "Đánh giá tác động dữ liệu")
        self.assertNotContains(response, "Nháp chưa duyệt")
