"""Protection shared by the portal's public forms: questions, feedback and (``consultation/``) comments.

Every layer answers a refusal with a Vietnamese (or English) message that says what to do next; none
needs a request to a third party. Interface (stable; other apps rely on it):

``ProtectedFormMixin``
    Put it before ``forms.Form``/``forms.ModelForm`` and construct the form with ``request=request``.
    It adds ``website`` (a honeypot people never see), ``challenge_answer`` + ``challenge_token`` (a
    small sum written in words, signed, single use) and ``consent`` (required; the label links the
    privacy notice). Render them with ``{% include "participation/includes/protection_fields.html" %}``.
``check_address(request, scope)``
    Count one POST of the client's address (``home.proxies.client_ip``) in ``scope``; ``Refused`` (429)
    over ``PARTICIPATION_ADDRESS_RATE_LIMIT``. Call it on every POST, before validating.
``check_submission(form, scope, contact, content, already_sent=None)``
    After ``form.is_valid()``: the per-contact limit (``PARTICIPATION_CONTACT_RATE_LIMIT``), the
    duplicate check (same contact and content within ``PARTICIPATION_DUPLICATE_SECONDS``; also
    ``already_sent(fingerprint)``, e.g. a query on the stored fingerprint) and the single use of the
    challenge. Returns the fingerprint to store; raises ``Refused`` (429 or 409).
``check_lookup(request, scope)``
    The limit of tracking-code lookups per address (``PARTICIPATION_LOOKUP_RATE_LIMIT``).
``Refused``
    ``.status``, ``.message``, ``.retry_after``; ``refused.show_on(form)`` adds the message to the form.
``privacy_notice_url(request)``
    The privacy notice page of the request's language (``PARTICIPATION_PRIVACY_SLUG``), or "".

Why a written sum rather than proof of work: it works without JavaScript, a screen reader reads it like
any label, and answering "ba cộng bốn" in digits or words costs a person seconds and a generic spam bot
its run. Addresses and contacts are counted under keyed hashes: neither is written to the cache or logs.
"""

import math
import re
import secrets
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from home.proxies import client_ip

CHALLENGE_SALT = "participation.challenge"
KEY_SALT = "participation.key"

VI_NUMBERS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
EN_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
EN_TEENS = ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen")
VI_UNIT_VARIANTS = {"mốt": 1, "tư": 4, "lăm": 5, "bẩy": 7}


class Refused(Exception):
    """A submission or lookup turned away: ``status`` for the response, ``message`` for the person."""

    def __init__(self, status, message, retry_after=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after

    def show_on(self, form):
        form.add_error(None, self.message)

    def headers(self):
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}


def _nfc(text):
    return unicodedata.normalize("NFC", str(text or "")).strip()


def keyed(*parts):
    """A keyed hash of ``parts``: what the cache counts instead of an address or a contact."""
    return salted_hmac(KEY_SALT, "\x1f".join(_nfc(part) for part in parts), algorithm="sha256").hexdigest()[
        :32
    ]


def normalise_contact(email="", phone=""):
    """One form of a contact: the e-mail in lower case, or the phone's digits with +84 written as 0."""
    email = _nfc(email).lower()
    if email:
        return email
    digits = re.sub(r"\D", "", _nfc(phone))
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits


def normalise_content(text):
    """Content compared for duplicates: NFC, lower case, whitespace collapsed."""
    return re.sub(r"\s+", " ", _nfc(text).lower())


def _parse_rate(value):
    count, _sep, seconds = str(value).partition("/")
    return int(count), int(seconds or 60)


def _count(scope, key, rate):
    """Count one event; the seconds to wait when over ``rate`` ("count/seconds"), else None."""
    limit, seconds = _parse_rate(rate)
    if limit <= 0:
        return None
    now = time.time()
    window = int(now // seconds)
    cache_key = f"participation:limit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=seconds + 1)
            count = 1
        if count is None:  # the cache is down: let the request through
            return None
    if count > limit:
        return max(1, math.ceil((window + 1) * seconds - now))
    return None


def _minutes(seconds):
    return max(1, math.ceil(seconds / 60))


def check_address(request, scope):
    """Count this POST of the client's address in ``scope``; ``Refused`` (429) over the limit."""
    wait = _count(f"{scope}:address", keyed(client_ip(request)), settings.PARTICIPATION_ADDRESS_RATE_LIMIT)
    if wait:
        raise Refused(
            429,
            _(
                "Too many messages have been sent from your connection. Please wait %(minutes)s minutes, "
                "then send again; what you wrote is kept below."
            )
            % {"minutes": _minutes(wait)},
            wait,
        )


def check_lookup(request, scope):
    """Count one tracking-code lookup of the client's address; ``Refused`` (429) over the limit."""
    wait = _count(f"{scope}:lookup", keyed(client_ip(request)), settings.PARTICIPATION_LOOKUP_RATE_LIMIT)
    if wait:
        raise Refused(
            429,
            _("Too many lookups from your connection. Please wait %(minutes)s minutes and try again.")
            % {"minutes": _minutes(wait)},
            wait,
        )


def fingerprint(scope, contact, content):
    return keyed(scope, contact, normalise_content(content))


def check_submission(form, scope, contact, content, already_sent=None):
    """The checks of a valid form before it is saved; the fingerprint to store, or ``Refused``."""
    wait = _count(f"{scope}:contact", keyed(contact), settings.PARTICIPATION_CONTACT_RATE_LIMIT)
    if wait:
        raise Refused(
            429,
            _(
                "Several messages have already been sent with this e-mail address or phone number. "
                "Please wait for our answer, or send again in %(minutes)s minutes."
            )
            % {"minutes": _minutes(wait)},
            wait,
        )
    print_ = fingerprint(scope, contact, content)
    duplicate = _(
        "This message has already been received. There is no need to send it again: follow it with the "
        "tracking code you were given."
    )
    # The form once (a second click, the browser's resend), then the same text once.
    nonce = getattr(form, "challenge_nonce", None)
    nonce_key = f"participation:nonce:{nonce}"
    if nonce and cache.add(nonce_key, 1, timeout=settings.PARTICIPATION_CHALLENGE_SECONDS) is False:
        raise Refused(409, duplicate)
    first = cache.add(f"participation:sent:{print_}", 1, timeout=settings.PARTICIPATION_DUPLICATE_SECONDS)
    if first is False or (already_sent is not None and already_sent(print_)):
        raise Refused(409, duplicate)
    return print_


# The challenge --------------------------------------------------------------------------------------


def number_words(number, language=None):
    language = (language or get_language() or "vi")[:2]
    if language == "en":
        return EN_NUMBERS[number] if number <= 10 else EN_TEENS[number - 11]
    if number <= 10:
        return VI_NUMBERS[number]
    unit = number - 10
    return "mười " + {1: "một", 5: "lăm"}.get(unit, VI_NUMBERS[unit])


def parse_answer(text):
    """A number written in digits or in Vietnamese or English words ("7", "bảy", "mười lăm", "seven")."""
    text = _nfc(text).lower().rstrip(".")
    if text.isdigit():
        return int(text)
    words = {word: value for value, word in enumerate(VI_NUMBERS)}
    words.update(VI_UNIT_VARIANTS)
    words.update({word: value for value, word in enumerate(EN_NUMBERS)})
    words.update({word: value + 11 for value, word in enumerate(EN_TEENS)})
    if text in words:
        return words[text]
    parts = text.split()
    if len(parts) == 2 and parts[0] == "mười" and parts[1] in words and 1 <= words[parts[1]] <= 9:
        return 10 + words[parts[1]]
    return None


class Challenge:
    """A sum of two numbers from 1 to 9 and a nonce. The token the form carries is signed with a timestamp
    and holds the nonce and a keyed digest of the sum, never the numbers: what a page's source shows does
    not answer its question."""

    def __init__(self, first=None, second=None, nonce=None, digest=None):
        self.first = first or secrets.randbelow(9) + 1
        self.second = second or secrets.randbelow(9) + 1
        self.nonce = nonce or secrets.token_urlsafe(12)
        self.digest = digest or self._digest(self.nonce, self.first + self.second)

    @staticmethod
    def _digest(nonce, total):
        return salted_hmac(CHALLENGE_SALT, f"{nonce}:{total}", algorithm="sha256").hexdigest()[:24]

    @property
    def token(self):
        return signing.dumps([self.nonce, self.digest], salt=CHALLENGE_SALT)

    @property
    def question(self):
        text = _("How much is %(first)s plus %(second)s?") % {
            "first": number_words(self.first),
            "second": number_words(self.second),
        }
        return text[:1].upper() + text[1:]

    def accepts(self, answer):
        """Whether ``answer`` (a number, or None for an answer that is not one) is the sum."""
        return answer is not None and constant_time_compare(self._digest(self.nonce, answer), self.digest)

    @classmethod
    def from_token(cls, token):
        """The challenge of a token this site signed and that has not expired (its numbers unknown), else
        None."""
        try:
            nonce, digest = signing.loads(
                str(token or "")[:200], salt=CHALLENGE_SALT, max_age=settings.PARTICIPATION_CHALLENGE_SECONDS
            )
        except (signing.BadSignature, ValueError, TypeError):
            return None
        if not (isinstance(nonce, str) and isinstance(digest, str)):
            return None
        answered = cls.__new__(cls)
        answered.first = answered.second = None
        answered.nonce, answered.digest = nonce, digest
        return answered


def privacy_notice_url(request=None):
    """The address of the privacy notice in the current language (its Vietnamese page otherwise)."""
    from wagtail.models import Locale, Page

    pages = Page.objects.live().public().filter(slug=settings.PARTICIPATION_PRIVACY_SLUG)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    page = pages.filter(locale__language_code=language).first() or pages.order_by("pk").first()
    if page is None:
        return ""
    if page.locale.language_code != language:
        translation = page.get_translation_or_none(Locale.objects.filter(language_code=language).first())
        page = translation if translation and translation.live else page
    return page.get_url(request) or ""


class ProtectedFormMixin:
    """The honeypot, the challenge and the consent of a public form (see the module's docstring)."""

    honeypot_field = "website"
    max_answer_length = 20

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.challenge = Challenge()  # the question shown when the form is (re)displayed
        self.challenge_nonce = None  # the nonce of the challenge answered, once it is verified
        self.fields[self.honeypot_field] = forms.CharField(
            label=gettext_lazy("Leave this field empty"), required=False, max_length=200
        )
        self.fields["challenge_answer"] = forms.CharField(
            label=self.challenge.question,
            max_length=self.max_answer_length,
            help_text=gettext_lazy("Answer with a number, in digits or words, e.g. 7 or bảy."),
            error_messages={"required": gettext_lazy("Answer the check question with a number, e.g. 7.")},
        )
        self.fields["challenge_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["consent"] = forms.BooleanField(
            label=gettext_lazy("I agree that the department processes the personal data I give here."),
            error_messages={
                "required": gettext_lazy(
                    "Tick this box to agree to the processing of your personal data: without it we cannot "
                    "answer you."
                )
            },
        )

    @property
    def privacy_url(self):
        return privacy_notice_url(self.request)

    def clean(self):
        cleaned = super().clean()
        if _nfc(self.data.get(self.honeypot_field, "")):
            self.add_error(
                None,  # shown in the form's summary: the field itself is out of sight
                _(
                    "Leave this field empty: it is there to stop automated spam. Delete what it holds and "
                    "send again."
                ),
            )
        answered = Challenge.from_token(self.data.get("challenge_token"))
        answer = cleaned.get("challenge_answer")
        if answered is None:
            self.add_error(
                "challenge_answer",
                _("The check question has expired. Answer the new question below and send again."),
            )
        elif answer is not None and not answered.accepts(parse_answer(answer)):
            self.add_error(
                "challenge_answer",
                _("The answer to the check question is not right. Answer the new question below, e.g. 7."),
            )
        else:
            self.challenge_nonce = answered.nonce
        return cleaned
