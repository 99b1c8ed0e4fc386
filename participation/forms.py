"""The public forms (question, feedback, tracking lookup) and the admin's forms for handling them."""

import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.uploads import validate_document_file
from participation.models import Feedback, Question, Status, Topic, Unit
from participation.protection import ProtectedFormMixin, normalise_contact

MAX_CONTENT = 5000
ATTACHMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
IMAGE_SIGNATURES = {"jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}


def _nfc(value):
    return unicodedata.normalize("NFC", value or "").strip()


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SubmissionForm(ProtectedFormMixin, forms.ModelForm):
    """Title, content and who to answer: a name and an e-mail or a phone (at least one of them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update(maxlength=200, autocomplete="off")
        self.fields["content"].widget = forms.Textarea(attrs={"rows": 8, "maxlength": MAX_CONTENT})
        self.fields["content"].max_length = MAX_CONTENT
        self.fields["content"].validators.append(_max_length_validator)
        self.fields["name"].required = True
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget = forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "maxlength": 20}
        )
        self.fields["email"].help_text = gettext_lazy("Give an e-mail address or a phone number (or both).")
        for name in ("title", "content", "name"):
            self.fields[name].error_messages["required"] = {
                "title": gettext_lazy("Write a title: a few words that say what it is about."),
                "content": gettext_lazy("Write your message."),
                "name": gettext_lazy("Write your name, so that we know whom we answer."),
            }[name]

    def clean_title(self):
        return _nfc(self.cleaned_data["title"])

    def clean_content(self):
        return _nfc(self.cleaned_data["content"]).replace("\r\n", "\n")

    def clean_name(self):
        return _nfc(self.cleaned_data["name"])

    def clean_phone(self):
        phone = _nfc(self.cleaned_data.get("phone"))
        if phone:
            digits = normalise_contact(phone=phone)
            if not 9 <= len(digits) <= 11 or any(ch not in "0123456789 +.-()" for ch in phone):
                raise ValidationError(_("Write the phone number in digits, e.g. 0912 345 678."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number, so that we can answer you."))
        return cleaned

    @property
    def contact(self):
        return normalise_contact(self.cleaned_data.get("email", ""), self.cleaned_data.get("phone", ""))


def _max_length_validator(value):
    if len(value) > MAX_CONTENT:
        raise ValidationError(
            _("Your message is %(length)s characters long; shorten it to %(limit)s.")
            % {"length": len(value), "limit": MAX_CONTENT}
        )


class QuestionForm(SubmissionForm):
    topic = TopicChoiceField(
        queryset=Topic.objects.all(),
        label=gettext_lazy("Field"),
        empty_label=gettext_lazy("— choose a field —"),
        error_messages={"required": gettext_lazy("Choose the field your question is about.")},
    )

    class Meta:
        model = Question
        fields = ["topic", "title", "content", "name", "email", "phone"]
        labels = {"content": gettext_lazy("Your question")}


class FeedbackForm(SubmissionForm):
    class Meta:
        model = Feedback
        fields = ["category", "title", "content", "name", "email", "phone", "attachment"]
        labels = {"content": gettext_lazy("Your feedback or petition")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].error_messages["required"] = gettext_lazy("Choose a category.")
        self.fields["attachment"].widget = forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        )
        self.fields["attachment"].help_text = gettext_lazy(
            "Optional: one image (JPG, PNG) or PDF file, at most %(size)s."
        ) % {"size": filesizeformat(settings.PARTICIPATION_ATTACHMENT_MAX_BYTES)}

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return uploaded
        if uploaded.size > settings.PARTICIPATION_ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; attach a file of at most %(limit)s.")
                % {
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(settings.PARTICIPATION_ATTACHMENT_MAX_BYTES),
                }
            )
        validate_attachment(uploaded)
        return uploaded


def validate_attachment(uploaded):
    """A PDF, JPEG or PNG whose bytes match its name (home.uploads checks PDFs as the media library does)."""
    from home.uploads import file_extension

    extension = file_extension(uploaded.name)
    if extension == "pdf":
        validate_document_file(uploaded, ["pdf"])
        return
    wrong_type = ValidationError(
        _("Files of this type cannot be attached. Attach an image (JPG, PNG) or a PDF file."),
        code="invalid_extension",
    )
    if extension not in IMAGE_SIGNATURES:
        raise wrong_type
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if not head.startswith(IMAGE_SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a %(type)s image. Attach the picture itself, or a PDF file.")
            % {"type": extension.upper()},
            code="content_mismatch",
        )


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Tracking code"),
        max_length=40,
        help_text=gettext_lazy("As you were given it when you sent your message, e.g. HD-7K3M-9QX2."),
        error_messages={"required": gettext_lazy("Write the tracking code you were given.")},
    )

    def clean_code(self):
        return "".join(ch for ch in _nfc(self.cleaned_data["code"]).upper() if ch.isalnum() or ch == "-")


# Admin --------------------------------------------------------------------------------------------


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        label=gettext_lazy("Handling unit"),
        required=False,
        empty_label=gettext_lazy("— not assigned —"),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("The person reads it on the tracking page."),
        error_messages={"required": gettext_lazy("Write the reason: the person reads it.")},
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": gettext_lazy("Write the answer.")},
    )


STATUS_FILTER_CHOICES = [("", gettext_lazy("All statuses")), *Status.choices]
