"""User administration without privilege escalation.

Quản trị cổng manages accounts but is not a superuser. Wagtail's user views let anyone who may edit users
tick "Administrator" (superuser), change their own groups, copy an account over another (the copy view)
and act on superusers or themselves in bulk; here only a superuser makes or touches a superuser, and
nobody but a superuser changes their own account's groups or active state, through any view.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.users.views import users as wagtail_users


def _restrict(form, request, editing_self=False):
    if not request.user.is_superuser:
        form.fields.pop("is_superuser", None)
        if editing_self:
            form.fields.pop("groups", None)
    return form


class PortalUserCreateView(wagtail_users.CreateView):
    def get_form(self, form_class=None):
        return _restrict(super().get_form(form_class), self.request)


class PortalUserEditView(wagtail_users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return _restrict(super().get_form(form_class), self.request, editing_self=self.editing_self)


class PortalUserViewSet(wagtail_users.UserViewSet):
    add_view_class = PortalUserCreateView
    edit_view_class = PortalUserEditView
    # Wagtail's copy view saved the copy over the original account (its password, its superuser box).
    # "Add user" does what a copy would.
    copy_view_enabled = False


def may_act_on(actor, user):
    """Whether ``actor`` may change ``user``'s account through a bulk action: not a superuser's and not
    their own, unless ``actor`` is a superuser."""
    return actor.is_superuser or not (user.is_superuser or user.pk == actor.pk)


def refuse_escalating_bulk_actions(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: bulk actions on users (assign a role, (de)activate, delete) skip the
    edit view's checks."""
    if getattr(action_class_instance, "model", None) is not get_user_model():
        return None
    if all(may_act_on(request.user, user) for user in objects):
        return None
    messages.error(request, _("Only a superuser may change a superuser's account or their own in bulk."))
    return redirect("wagtailusers_users:index")
