"""A person asks a question or sends feedback, gets a tracking code, and follows it; bad input is told
what to do, never a 500."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from participation.models import Feedback, Question, Status
from tests.factories import FeedbackFactory, QuestionFactory, StandardPageFactory, TopicFactory, UnitFactory
from tests.participation.helpers import PDF, PNG, answered_challenge, feedback_data, question_data

ASK = reverse("participation_ask")
FEEDBACK = reverse("participation_feedback")
TRACK = reverse("participation_track")


class AskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(name="Chuyển đổi số", name_en="Digital transformation")
        StandardPageFactory(title="Chính sách bảo vệ dữ liệu cá nhân", slug="bao-ve-du-lieu-ca-nhan")

    def test_the_form_asks_in_vietnamese_links_the_privacy_notice_and_is_never_cached(self):
        response = self.client.get(ASK)
        self.assertContains(response, "Gửi câu hỏi")
        self.assertContains(response, 'href="/bao-ve-du-lieu-ca-nhan/"')
        self.assertContains(response, "cộng")
        self.assertIn("no-store", response["Cache-Control"])

    def test_the_english_form_exists(self):
        response = self.client.get("/en" + ASK)
        self.assertContains(response, "Ask a question")
        self.assertContains(response, "Digital transformation")
        self.assertContains(response, "plus")

    def test_a_question_is_received_with_a_tracking_code_and_a_due_date(self):
        response = self.client.post(ASK, question_data(self.topic))
        self.assertEqual(response.status_code, 200)
        question = Question.objects.get()
        self.assertRegex(question.code, r"^HD-[2-9A-Z]{4}-[2-9A-Z]{4}$")
        self.assertContains(response, question.code)
        self.assertContains(response, question.due_date.strftime("%d/%m/%Y"))
        self.assertEqual(
            (question.status, question.language, question.email), (Status.NEW, "vi", "hoa@example.com")
        )
        self.assertTrue(question.fingerprint)

    def test_an_empty_form_says_what_each_field_needs(self):
        response = self.client.post(ASK, {"consent": ""})
        self.assertEqual(response.status_code, 400)
        for message in ("Hãy chọn lĩnh vực", "Hãy nhập tiêu đề", "Hãy nhập nội dung", "Hãy nhập họ tên"):
            self.assertContains(response, message, status_code=400)
        self.assertContains(response, "đánh dấu ô này", status_code=400)
        self.assertFalse(Question.objects.exists())

    def test_without_email_or_phone_the_form_asks_for_one(self):
        response = self.client.post(ASK, question_data(self.topic, email="", phone=""))
        self.assertContains(response, "thư điện tử hoặc số điện thoại", status_code=400)

    def test_a_huge_question_is_refused_with_its_length(self):
        response = self.client.post(ASK, question_data(self.topic, content="a" * 20_000))
        self.assertContains(response, "20000 ký tự", status_code=400)
        self.assertFalse(Question.objects.exists())

    def test_html_is_kept_as_text_and_shown_escaped(self):
        self.client.post(ASK, question_data(self.topic, title="<script>alert(1)</script> Hỏi"))
        question = Question.objects.get()
        self.assertEqual(question.title, "<script>alert(1)</script> Hỏi")
        response = self.client.post(TRACK, {"code": question.code})
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_decomposed_vietnamese_is_stored_composed(self):
        self.client.post(ASK, question_data(self.topic, title="Hỏi ve\u0302\u0300 thuế"))
        self.assertEqual(Question.objects.get().title, "Hỏi về thuế")

    def test_a_bad_phone_number_is_explained(self):
        response = self.client.post(ASK, question_data(self.topic, email="", phone="gọi tôi"))
        self.assertContains(response, "0912 345 678", status_code=400)

    def test_the_same_question_twice_is_refused_as_already_received(self):
        self.client.post(ASK, question_data(self.topic))
        response = self.client.post(ASK, question_data(self.topic))
        self.assertContains(response, "đã được tiếp nhận", status_code=409)
        self.assertEqual(Question.objects.count(), 1)

    def test_a_filled_honeypot_keeps_the_text_and_says_what_to_do(self):
        response = self.client.post(ASK, question_data(self.topic, website="http://spam.example"))
        self.assertContains(response, "phải để trống", status_code=400)
        self.assertContains(response, "Doanh nghiệp muốn phát hành bản tin", status_code=400)
        self.assertFalse(Question.objects.exists())

    @override_settings(PARTICIPATION_ADDRESS_RATE_LIMIT="2/3600")
    def test_too_many_posts_from_one_address_are_refused_with_when_to_retry(self):
        for number in range(2):
            self.client.post(
                ASK, question_data(self.topic, title=f"Câu {number}", email=f"a{number}@example.com")
            )
        response = self.client.post(ASK, question_data(self.topic, title="Câu 3", email="c@example.com"))
        self.assertContains(response, "phút", status_code=429)
        self.assertTrue(int(response["Retry-After"]) > 0)
        self.assertEqual(Question.objects.count(), 2)

    @override_settings(PARTICIPATION_CONTACT_RATE_LIMIT="1/86400")
    def test_one_contact_is_limited_from_any_address(self):
        self.client.post(ASK, question_data(self.topic, title="Một"), REMOTE_ADDR="203.0.113.1")
        response = self.client.post(
            ASK, question_data(self.topic, title="Hai", email="HOA@example.com"), REMOTE_ADDR="203.0.113.2"
        )
        self.assertContains(response, "chờ chúng tôi trả lời", status_code=429)

    def test_a_get_with_other_methods_is_refused(self):
        self.assertEqual(self.client.put(ASK).status_code, 405)


class FeedbackTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        TopicFactory()

    def post(self, **overrides):
        return self.client.post(FEEDBACK, feedback_data(**overrides))

    def test_feedback_with_a_pdf_is_received_and_the_file_kept_out_of_the_public_media(self):
        response = self.post(attachment=SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf"))
        self.assertEqual(response.status_code, 200)
        item = Feedback.objects.get()
        self.assertRegex(item.code, r"^PA-")
        path = Path(item.attachment.path).resolve()
        self.assertTrue(path.is_relative_to(Path(settings.PARTICIPATION_PRIVATE_ROOT).resolve()))
        self.assertEqual(item.phone, "0987 654 321")

    def test_a_png_image_is_accepted(self):
        self.assertEqual(self.post(attachment=SimpleUploadedFile("anh.png", PNG)).status_code, 200)

    def test_wrong_file_types_are_refused_with_what_is_allowed(self):
        cases = [
            ("virus.exe", b"MZ\x90\x00", "ảnh (JPG, PNG) hoặc tệp PDF"),
            ("trang.html", b"<html></html>", "ảnh (JPG, PNG) hoặc tệp PDF"),
            ("gia.pdf", b"MZ\x90\x00 not a pdf", "PDF"),
            ("anh.png", b"GIF89a....", "không phải ảnh PNG"),
            ("anh.jpg", PDF, "không phải ảnh JPG"),
        ]
        for name, content, message in cases:
            with self.subTest(name):
                response = self.post(title=f"Phản ánh {name}", attachment=SimpleUploadedFile(name, content))
                self.assertContains(response, message, status_code=400)
        self.assertFalse(Feedback.objects.exists())

    @override_settings(PARTICIPATION_ATTACHMENT_MAX_BYTES=1024)
    def test_a_too_large_file_is_refused_with_the_limit(self):
        response = self.post(attachment=SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048))
        self.assertContains(response, "tối đa 1,0", status_code=400)

    def test_a_category_outside_the_list_is_refused(self):
        response = self.post(category="khac-la")
        self.assertEqual(response.status_code, 400)


class TrackingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = QuestionFactory(unit=UnitFactory(name="Phòng Chuyển đổi số"))
        cls.feedback = FeedbackFactory(
            status=Status.REJECTED, rejection_reason="Không thuộc thẩm quyền của Sở."
        )

    def test_the_right_code_shows_the_status_and_nothing_of_who_sent_it(self):
        response = self.client.post(TRACK, {"code": self.question.code.lower().replace("-", " - ")})
        self.assertContains(response, "Mới")
        self.assertContains(response, "Phòng Chuyển đổi số")
        self.assertNotContains(response, self.question.email)
        self.assertNotContains(response, self.question.name)
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_rejection_shows_its_reason(self):
        response = self.client.post(TRACK, {"code": self.feedback.code})
        self.assertContains(response, "Từ chối")
        self.assertContains(response, "Không thuộc thẩm quyền của Sở.")

    def test_wrong_codes_get_one_message_that_gives_nothing_away(self):
        bodies = set()
        for code in ("HD-2222-2222", "PA-2222-2222", "XYZ", "' OR 1=1 --", "x" * 500):
            response = self.client.post(TRACK, {"code": code})
            self.assertIn(response.status_code, (400, 404), code)
            self.assertContains(
                response, "Không có hồ sơ nào mang mã theo dõi này", status_code=response.status_code
            )
            bodies.add(response.status_code)
        self.assertEqual(bodies, {404})

    def test_an_empty_code_is_asked_for(self):
        response = self.client.post(TRACK, {"code": ""})
        self.assertContains(response, "Hãy nhập mã theo dõi", status_code=400)

    @override_settings(PARTICIPATION_LOOKUP_RATE_LIMIT="3/600")
    def test_guessing_codes_is_rate_limited(self):
        for number in range(3):
            self.client.post(TRACK, {"code": f"HD-2222-222{number + 2}"})
        response = self.client.post(TRACK, {"code": self.question.code})
        self.assertContains(response, "quá nhiều lượt tra cứu", status_code=429)
        self.assertNotContains(response, "Phòng Chuyển đổi số", status_code=429)

    def test_the_code_is_never_in_the_address(self):
        response = self.client.get(TRACK, {"code": self.question.code})
        self.assertNotContains(response, "Phòng Chuyển đổi số")


class PublishedFeedbackTests(TestCase):
    def test_only_answered_feedback_the_department_published_is_listed_without_its_sender(self):
        shown = FeedbackFactory(status=Status.ANSWERED, reply="Đã lắp trạm mới.", published=True)
        FeedbackFactory(title="Chưa công khai", status=Status.ANSWERED, reply="Trả lời riêng.")
        FeedbackFactory(title="Chưa trả lời", published=True)
        response = self.client.get(reverse("participation_feedback_list"))
        self.assertContains(response, shown.title)
        self.assertContains(response, "Đã lắp trạm mới.")
        self.assertNotContains(response, "Chưa công khai")
        self.assertNotContains(response, "Chưa trả lời")
        self.assertNotContains(response, shown.email)
        self.assertNotContains(response, shown.name)
        self.assertNotContains(response, shown.phone)


def test_answered_challenge_helper_answers_right():
    data = answered_challenge()
    from participation.protection import Challenge

    challenge = Challenge.from_token(data["challenge_token"])
    assert challenge.accepts(int(data["challenge_answer"]))
    assert not challenge.accepts(int(data["challenge_answer"]) + 1)
