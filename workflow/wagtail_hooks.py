from django.contrib import messages
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wagtail import hooks

from workflow.panels import EditorialPanel


@hooks.register("construct_homepage_panels")
def add_editorial_panel(request, panels):
    panels.insert(0, EditorialPanel(request))


@hooks.register("before_edit_page")
def warn_that_a_schedule_needs_approval(request, page):
    """A go-live date set in the draft publishes nothing by itself: say so while the page is edited."""
    if request.method != "GET":
        return
    revision = page.get_latest_revision()
    if revision is None or page.scheduled_revision is not None:
        return
    go_live_at = revision.as_object().go_live_at
    if go_live_at is None or go_live_at <= timezone.now():
        return
    when = formats.date_format(timezone.localtime(go_live_at), "d/m/Y H:i")
    if page.permissions_for_user(request.user).can_publish():
        message = _(
            "This page is set to go live on %(when)s. It is only scheduled once published or approved."
        )
    else:
        message = _(
            "This page is set to go live on %(when)s, but a schedule still needs approval: submit it for "
            "review in time. Nothing is published until the last step approves it."
        )
    messages.warning(request, message % {"when": when})
