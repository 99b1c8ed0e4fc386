"""The public comment form: plain text only, the article chosen from the draft's own; the honeypot, the
check question and the consent come from the shared protection of public forms (participation)."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from home.text import nfc
from participation.protection import ProtectedFormMixin

MAX_BODY = 5000
MIN_BODY = 10
# A tag or an HTML comment: comments are plain text (the portal shows them escaped; markup is refused so
# that what moderators read is what readers would see).
HTML_TAG = re.compile(r"<\s*(/?[a-zA-Z][a-zA-Z0-9-]*|!--)[^>]*>?")
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


def clean_text(value):
    """NFC, no control characters (except line breaks and tabs), no surrounding spaces."""
    value = nfc(value or "")
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return value.strip()


class CommentForm(ProtectedFormMixin, forms.Form):
    article = forms.ChoiceField(
        label=_("Your comment is about"),
        required=False,
        error_messages={
            "invalid_choice": _("The article you chose is not in this draft. Choose one from the list.")
        },
    )
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY,
        error_messages={
            "required": _("Write your comment before sending it."),
            "max_length": _(
                "Your comment is too long: at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        help_text=_("Plain text, at most %(count)d characters.") % {"count": MAX_BODY},
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("The name is too long: at most %(limit_value)d characters.")},
    )
    show_name = forms.BooleanField(label=_("Show my name with my comment"), required=False)
    contact = forms.CharField(
        label=_("E-mail or phone (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only so that the drafting unit can ask you about your comment. Never published."),
        error_messages={"max_length": _("The e-mail or phone is too long.")},
    )

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["consent"].label = _(
            "I agree that the department processes my comment, and the name and contact I give, to take it "
            "into account in this consultation, as its privacy notice explains."
        )
        self.fields["consent"].error_messages["required"] = _(
            "Tick the box to agree to the processing of your comment before sending it."
        )
        self.fields["article"].choices = [("", _("The whole draft")), *draft.articles]
        self.fields["contact"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise ValidationError(_("Write your comment before sending it."))
        if HTML_TAG.search(body):
            raise ValidationError(
                _("Write your comment as plain text, without HTML tags such as <b> or <a>.")
            )
        if len(body) < MIN_BODY:
            raise ValidationError(
                _("Your comment is too short: write at least %(count)d characters.") % {"count": MIN_BODY}
            )
        return body

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if HTML_TAG.search(name):
            raise ValidationError(_("Write your name as plain text."))
        return " ".join(name.split())

    def clean_contact(self):
        contact = clean_text(self.cleaned_data["contact"])
        if not contact:
            return ""
        if "@" in contact:
            try:
                validate_email(contact)
            except ValidationError:
                raise ValidationError(_("Enter a valid e-mail address, e.g. ten@example.vn.")) from None
            return contact
        if not PHONE.match(contact):
            raise ValidationError(_("Enter a valid e-mail address or phone number, e.g. 0912 345 678."))
        return contact

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_name") and not cleaned.get("name"):
            self.add_error("name", _("Write the name to show, or untick “Show my name”."))
        return cleaned

    @property
    def article_label(self):
        return self.draft.article_label(self.cleaned_data.get("article") or "") or ""
