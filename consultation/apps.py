from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    contact_eraser = "consultation.models.erase_expired_contacts"  # manage.py erase_expired_contacts
    demo_loader = "consultation.demo.load_demo"
    verbose_name = _("Draft consultation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from consultation import signals  # noqa: F401
        from consultation.models import CommentStatus
        from participation.inbox import InboxSource, register

        # The citizens' one admin inbox lists the comments too (moderated in consultation's own view).
        register(
            InboxSource(
                key="draft_comments",
                label=_("Comments on drafts"),
                model="consultation.DraftComment",
                detail_url_name="consultation_comments:edit",
                permission="consultation.view_draftcomment",
                statuses=tuple(CommentStatus.choices),
                open_statuses=(CommentStatus.PENDING,),
                code_field="code",
                title_field="title",
                received_field="created_at",
                unit_field=None,
                due_field=None,
                related=("page",),
            )
        )
