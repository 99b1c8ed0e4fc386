"""New sections join the editorial set-up as soon as they are created."""

from django.apps import apps
from django.db.models.signals import post_save

from home.roles import SECTION_MODELS, grant_section_permissions
from workflow.setup import assign_workflow


def section_created(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    grant_section_permissions(instance)
    assign_workflow(instance)


def connect():
    for label in SECTION_MODELS:
        post_save.connect(
            section_created, sender=apps.get_model(label), dispatch_uid=f"workflow_section_created_{label}"
        )
