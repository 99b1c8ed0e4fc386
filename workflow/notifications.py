"""Workflow e-mails in Vietnamese, replacing Wagtail's own.

Wagtail (wagtail/admin/mail.py) e-mails the reviewers of each step on submission, and the requester when
the whole workflow is approved or rejected. It leaves three gaps the editorial board needs filled:

- the reviewer's comment on "Approve with comment" is dropped (the approval e-mail has no comment);
- when the leader (step two) requests changes, the secretary who approved step one is not told, although
  the resubmitted page goes straight back to step two without passing them again;
- the requester hears nothing when an intermediate step is approved.

So the portal connects its own handlers to Wagtail's signals and disconnects Wagtail's (by their
``dispatch_uid``): one e-mail per event and recipient, in the recipient's admin language, with a link to
the page in the admin (WAGTAILADMIN_BASE_URL). Each user's notification preferences (Account → Notifications)
are honoured as in Wagtail. E-mails leave after the transaction commits, so an action that is rolled back
sends nothing.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import AbstractGroupApprovalTask, Page, TaskState, WorkflowState
from wagtail.signals import (
    task_approved,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)
from wagtail.users.models import UserProfile

logger = logging.getLogger(__name__)

# Wagtail's handlers (wagtail/admin/signal_handlers.py), replaced by the ones below.
WAGTAIL_HANDLERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
)


@dataclass
class Event:
    """What happened to a page, enough to write every recipient's e-mail in their own language."""

    kind: str  # submitted, approved or rejected: the user's notification preference that applies
    page: Page
    workflow: str
    task: str
    actor: object = None
    author: object = None
    comment: str = ""
    next_task: str = ""
    final: bool = False
    resubmitted: bool = False
    go_live_at: object = None
    live: bool = False
    earlier_reviewers: set = field(default_factory=set)


def display_name(user):
    if user is None:
        return _("someone")
    return user.get_full_name().strip() or user.get_username()


def admin_url(page):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])


def _when(value):
    return formats.date_format(timezone.localtime(value), "d/m/Y H:i")


def _page_of(workflow_state):
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else None


def _draft_go_live_at(page):
    revision = page.get_latest_revision()
    draft = revision.as_object() if revision else page
    go_live_at = draft.go_live_at
    return go_live_at if go_live_at and go_live_at > timezone.now() else None


# Messages --------------------------------------------------------------------------------------


def compose(event, recipient):
    """(subject, body) for one recipient, in the active language."""
    title = event.page.get_admin_display_title()
    values = {
        "title": title,
        "actor": display_name(event.actor),
        "author": display_name(event.author),
        "task": event.task,
        "workflow": event.workflow,
        "next_task": event.next_task,
    }
    lines = []
    if event.kind == "submitted":
        subject = _("For your review: “%(title)s”") % values
        if event.resubmitted:
            lines.append(_("“%(title)s” has been changed and resubmitted by %(actor)s.") % values)
        lines.append(
            _("It waits for your review at the step “%(task)s” of the workflow “%(workflow)s”.") % values
        )
        if event.author is not None and event.author != event.actor:
            lines.append(_("Written and submitted by %(author)s.") % values)
        if event.go_live_at:
            lines.append(
                _("It is scheduled to go live on %(when)s, once the last step approves it.")
                % {"when": _when(event.go_live_at)}
            )
        lines.append(_("Review it here: %(url)s") % {"url": admin_url(event.page)})
    elif event.kind == "approved" and event.final:
        subject = _("Approved: “%(title)s”") % values
        lines.append(_("%(actor)s approved “%(title)s” at the last step, “%(task)s”.") % values)
        if event.live:
            lines.append(_("It is now published."))
        elif event.go_live_at:
            lines.append(_("It will be published on %(when)s.") % {"when": _when(event.go_live_at)})
    elif event.kind == "approved":
        subject = _("Step approved: “%(title)s”") % values
        lines.append(_("%(actor)s approved “%(title)s” at the step “%(task)s”.") % values)
        lines.append(_("It now waits for the step “%(next_task)s”.") % values)
    elif event.kind == "cancelled":
        subject = _("Review withdrawn: “%(title)s”") % values
        lines.append(
            _("%(actor)s withdrew “%(title)s” from the workflow “%(workflow)s”; it no longer waits for you.")
            % values
        )
    else:
        subject = _("Changes requested: “%(title)s”") % values
        lines.append(_("%(actor)s requested changes to “%(title)s” at the step “%(task)s”.") % values)
        if recipient in event.earlier_reviewers and recipient != event.author:
            lines.append(
                _(
                    "You receive this because you approved an earlier step. Once resubmitted, the page goes "
                    "straight back to “%(task)s”."
                )
                % values
            )
    if event.comment:
        lines.append(_("Comment: “%(comment)s”") % {"comment": event.comment})
    if event.kind != "submitted":
        lines.append(_("Open the page in the admin: %(url)s") % {"url": admin_url(event.page)})
    return subject, "\n\n".join(lines)


# Delivery --------------------------------------------------------------------------------------

PREFERENCE = {
    "submitted": "submitted",
    "approved": "approved",
    "rejected": "rejected",
    "cancelled": "submitted",
}


def valid_recipients(users, event):
    preference = f"{PREFERENCE[event.kind]}_notifications"
    return {
        user
        for user in users
        if user is not None
        and user.is_active
        and user.email
        and user != event.actor
        and getattr(UserProfile.get_for_user(user), preference)
    }


def deliver(event, recipients):
    connection = get_connection()
    for recipient in sorted(recipients, key=lambda user: user.pk):
        language = UserProfile.get_for_user(recipient).get_preferred_language()
        with translation.override(language):
            subject, body = compose(event, recipient)
        try:
            send_mail(
                subject,
                body,
                getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", None),
                [recipient.email],
                connection=connection,
            )
        except Exception:
            logger.exception("Could not send the workflow e-mail %r to %s", subject, recipient.email)


def notify(event, users):
    recipients = valid_recipients(users, event)
    if recipients:
        transaction.on_commit(partial(deliver, event, recipients))


def group_members(task):
    return get_user_model().objects.filter(groups__in=task.groups.all()).distinct()


# Handlers --------------------------------------------------------------------------------------


def on_task_submitted(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    page = _page_of(instance.workflow_state)
    if page is None or not isinstance(task, AbstractGroupApprovalTask):
        return
    workflow_state = instance.workflow_state
    event = Event(
        kind="submitted",
        page=page,
        workflow=workflow_state.workflow.name,
        task=task.name,
        actor=user,
        author=workflow_state.requested_by,
        resubmitted=workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED).exists(),
        go_live_at=_draft_go_live_at(page),
    )
    notify(event, group_members(task))


def on_task_approved(sender, instance, user=None, **kwargs):
    # Wagtail sends task_approved after moving the workflow on: the next step has started, or the whole
    # workflow is approved and the page published (or scheduled).
    workflow_state = instance.workflow_state
    page = _page_of(workflow_state)
    if page is None:
        return
    final = workflow_state.status == WorkflowState.STATUS_APPROVED
    current = workflow_state.current_task_state
    page = Page.objects.get(pk=page.pk).specific
    scheduled = page.scheduled_revision if final else None
    event = Event(
        kind="approved",
        page=page,
        workflow=workflow_state.workflow.name,
        task=instance.task.name,
        actor=user,
        author=workflow_state.requested_by,
        comment=instance.comment,
        final=final,
        next_task="" if final or current is None else current.task.name,
        live=final and page.live and scheduled is None,
        go_live_at=scheduled.approved_go_live_at if scheduled else None,
    )
    notify(event, {workflow_state.requested_by})


def on_task_rejected(sender, instance, user=None, **kwargs):
    workflow_state = instance.workflow_state
    page = _page_of(workflow_state)
    if page is None:
        return
    earlier = {
        state.finished_by
        for state in workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .exclude(task=instance.task)
        .select_related("finished_by")
    }
    event = Event(
        kind="rejected",
        page=page,
        workflow=workflow_state.workflow.name,
        task=instance.task.name,
        actor=user,
        author=workflow_state.requested_by,
        comment=instance.comment,
        earlier_reviewers=earlier,
    )
    notify(event, {workflow_state.requested_by} | earlier)


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    page = _page_of(instance)
    # Only a page that was waiting for reviewers concerns them (not one that waited for changes): then
    # its current step has just been cancelled.
    current = (
        TaskState.objects.filter(pk=instance.current_task_state_id, status=TaskState.STATUS_CANCELLED)
        .select_related("task")
        .first()
    )
    if page is None or current is None or not isinstance(current.task.specific, AbstractGroupApprovalTask):
        return
    event = Event(
        kind="cancelled",
        page=page,
        workflow=instance.workflow.name,
        task=current.task.name,
        actor=user,
        author=instance.requested_by,
    )
    notify(event, group_members(current.task.specific))


def connect():
    for signal, sender, dispatch_uid in WAGTAIL_HANDLERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
    task_submitted.connect(on_task_submitted, dispatch_uid="portal_task_submitted")
    task_approved.connect(on_task_approved, dispatch_uid="portal_task_approved")
    task_rejected.connect(on_task_rejected, dispatch_uid="portal_task_rejected")
    workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="portal_workflow_cancelled")
