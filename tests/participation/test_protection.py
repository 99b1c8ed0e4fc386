"""The shared protection of public forms: honeypot, check question, consent, limits, duplicates."""

from django import forms
from django.core import signing
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils import translation

from participation import protection
from participation.protection import Challenge, ProtectedFormMixin, Refused


class SampleForm(ProtectedFormMixin, forms.Form):
    text = forms.CharField()


def _request(address="203.0.113.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def _data(challenge=None, **overrides):
    challenge = challenge or Challenge(3, 4)
    data = {"text": "xin chào", "challenge_answer": "7", "challenge_token": challenge.token, "consent": "on"}
    data.update(overrides)
    return data


class ChallengeTests(SimpleTestCase):
    def test_the_question_is_a_sum_in_vietnamese_words(self):
        with translation.override("vi"):
            self.assertEqual(Challenge(3, 4).question, "Ba cộng bốn bằng bao nhiêu?")

    def test_answers_in_digits_or_words_are_accepted(self):
        for text, value in [("7", 7), (" bảy ", 7), ("Mười lăm", 15), ("mười một", 11), ("seven", 7)]:
            self.assertEqual(protection.parse_answer(text), value, text)
        self.assertIsNone(protection.parse_answer("nhiều"))

    def test_the_token_in_the_page_does_not_give_the_answer_away(self):
        token = Challenge(3, 4).token
        payload = signing.loads(token, salt=protection.CHALLENGE_SALT)  # what anyone can decode from it
        self.assertEqual([type(part) for part in payload], [str, str])  # a nonce and a digest, no numbers
        self.assertEqual(len(payload[1]), 24)
        answered = Challenge.from_token(token)
        self.assertIsNone(answered.first)
        self.assertTrue(answered.accepts(7))
        self.assertFalse(answered.accepts(8))
        self.assertFalse(answered.accepts(None))
        self.assertFalse(Challenge.from_token(Challenge(2, 5, nonce="other").token).accepts(6))

    def test_a_forged_or_expired_token_is_no_challenge(self):
        self.assertIsNone(Challenge.from_token("3:4:abc"))
        token = Challenge(3, 4).token
        with override_settings(PARTICIPATION_CHALLENGE_SECONDS=-1):
            self.assertIsNone(Challenge.from_token(token))


class FormTests(SimpleTestCase):
    def test_a_person_who_answers_right_and_consents_passes(self):
        form = SampleForm(_data(), request=_request())
        self.assertTrue(form.is_valid(), form.errors)
        self.assertTrue(form.challenge_nonce)

    def test_a_wrong_answer_is_refused_with_what_to_do(self):
        with translation.override("vi"):
            form = SampleForm(_data(challenge_answer="8"), request=_request())
            self.assertFalse(form.is_valid())
            self.assertIn("Trả lời câu hỏi mới", form.errors["challenge_answer"][0])

    def test_a_filled_honeypot_is_refused(self):
        with translation.override("vi"):
            form = SampleForm(_data(website="http://spam.example"), request=_request())
            self.assertFalse(form.is_valid())
            self.assertIn("để trống", form.non_field_errors()[0])

    def test_without_consent_the_form_says_why_it_is_needed(self):
        data = _data()
        del data["consent"]
        with translation.override("vi"):
            form = SampleForm(data, request=_request())
            self.assertFalse(form.is_valid())
            self.assertIn("đồng ý", form.errors["consent"][0])

    def test_a_redisplayed_form_asks_a_new_question_with_a_fresh_token(self):
        form = SampleForm(_data(challenge_answer="8"), request=_request())
        form.is_valid()
        self.assertNotEqual(form.challenge.token, form.data["challenge_token"])


@override_settings(
    PARTICIPATION_ADDRESS_RATE_LIMIT="2/3600",
    PARTICIPATION_CONTACT_RATE_LIMIT="2/3600",
    PARTICIPATION_LOOKUP_RATE_LIMIT="2/600",
)
class LimitTests(TestCase):
    def _valid_form(self):
        challenge = Challenge()
        form = SampleForm(_data(challenge=challenge), request=_request())
        form.data["challenge_answer"] = str(challenge.first + challenge.second)
        self.assertTrue(form.is_valid(), form.errors)
        return form

    def test_an_address_is_limited_and_told_how_long_to_wait(self):
        protection.check_address(_request(), "test")
        protection.check_address(_request(), "test")
        with translation.override("vi"), self.assertRaises(Refused) as refused:
            protection.check_address(_request(), "test")
        self.assertEqual(refused.exception.status, 429)
        self.assertIn("phút", refused.exception.message)
        self.assertTrue(refused.exception.retry_after)
        protection.check_address(_request("198.51.100.1"), "test")  # another address is not held back

    def test_forwarded_headers_from_an_untrusted_peer_do_not_escape_the_limit(self):
        for forwarded in ("1.1.1.1", "2.2.2.2"):
            request = _request()
            request.META["HTTP_X_FORWARDED_FOR"] = forwarded
            protection.check_address(request, "test")
        request = _request()
        request.META["HTTP_X_FORWARDED_FOR"] = "3.3.3.3"
        with self.assertRaises(Refused):
            protection.check_address(request, "test")

    def test_a_contact_is_limited_whatever_way_it_is_written(self):
        protection.check_submission(
            self._valid_form(), "test", protection.normalise_contact(phone="0912 345 678"), "a"
        )
        protection.check_submission(
            self._valid_form(), "test", protection.normalise_contact(phone="+84912345678"), "b"
        )
        with self.assertRaises(Refused) as refused:
            protection.check_submission(
                self._valid_form(), "test", protection.normalise_contact(phone="0912345678"), "c"
            )
        self.assertEqual(refused.exception.status, 429)

    def test_the_same_message_twice_is_refused_as_a_duplicate(self):
        protection.check_submission(self._valid_form(), "test", "a@example.com", "Câu hỏi  về thuế")
        with translation.override("vi"), self.assertRaises(Refused) as refused:
            protection.check_submission(self._valid_form(), "test", "a@example.com", "câu hỏi về thuế")
        self.assertEqual(refused.exception.status, 409)
        self.assertIn("mã theo dõi", refused.exception.message)

    def test_a_stored_duplicate_is_refused_even_when_the_cache_forgot(self):
        with self.assertRaises(Refused):
            protection.check_submission(
                self._valid_form(), "test", "a@example.com", "x", already_sent=lambda fp: True
            )

    def test_one_answered_question_cannot_be_replayed(self):
        form = self._valid_form()
        protection.check_submission(form, "test", "a@example.com", "one")
        with self.assertRaises(Refused):
            protection.check_submission(form, "test", "b@example.com", "two")

    def test_lookups_are_limited_per_address(self):
        protection.check_lookup(_request(), "track")
        protection.check_lookup(_request(), "track")
        with self.assertRaises(Refused):
            protection.check_lookup(_request(), "track")

    def test_no_address_or_contact_is_written_in_a_cache_key(self):
        from django.core.cache import cache

        protection.check_address(_request("203.0.113.99"), "test")
        protection.check_submission(self._valid_form(), "test", "secret@example.com", "x")
        stored = cache.keys("*") if hasattr(cache, "keys") else list(cache._cache)
        keys = " ".join(str(key) for key in stored)
        self.assertIn("participation:limit", keys)
        self.assertNotIn("203.0.113.99", keys)
        self.assertNotIn("secret@example.com", keys)
