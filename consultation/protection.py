"""Abuse protection of the comment form until the shared one of the public forms is merged.

For now the project's existing approach (ratings): a per-address rate limit in the cache
(``CONSULTATION_RATE_LIMIT``), and the same comment refused twice on one draft.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from visits.clients import client_hash, rate_limited


@dataclass
class Refusal:
    status: int
    message: str
    headers: dict = field(default_factory=dict)


def check(request, form, draft):
    """A ``Refusal`` to show instead of taking the comment, or None."""
    retry_after = rate_limited("consultation", client_hash(request), settings.CONSULTATION_RATE_LIMIT)
    if retry_after is not None:
        minutes = max(1, (retry_after + 59) // 60)
        return Refusal(
            429,
            _("Too many comments from your connection. Please wait %(minutes)s minutes and send it again.")
            % {"minutes": minutes},
            {"Retry-After": str(retry_after)},
        )
    if form.is_valid():
        from consultation.models import DraftComment

        if DraftComment.objects.filter(
            page__translation_key=draft.translation_key, body=form.cleaned_data["body"]
        ).exists():
            return Refusal(
                409, _("This comment has already been sent on this draft. It is awaiting moderation.")
            )
    return None
