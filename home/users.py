"""User administration without privilege escalation.

Quản trị cổng manages accounts but is not a superuser. Wagtail's user forms let anyone who may edit users
tick "Administrator" (superuser) and change their own groups; here only a superuser can do either, and
superusers' accounts can be edited only by superusers.
"""

from django.core.exceptions import PermissionDenied

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
