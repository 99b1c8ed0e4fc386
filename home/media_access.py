"""Files that pages use are part of what those pages publish.

- Download: a file is served to a reader who may see at least one live page that uses it, or who may
  edit a page that uses it; a file that no page uses is served as its collection allows (Wagtail's
  collection privacy). So a restricted or unapproved page's signed PDF stays with the page.
- Change: a file or image that a live page shows may be replaced, edited or deleted only by someone who
  may publish every live page showing it; otherwise a reporter could change a published report's signed
  PDF without approval. Others upload a new file and attach it in a draft, which goes through approval.

Which pages use a file comes from Wagtail's reference index (StreamField blocks, rich text links,
choosers and attached-file rows alike).
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

MUTATING_ACTIONS = {"change", "delete"}
OWNER_FIELD = "uploaded_by_user"


def pages_using(obj):
    """The pages (live or not) that use ``obj``."""
    references = ReferenceIndex.get_references_to(obj).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    return Page.objects.filter(pk__in={int(pk) for pk in references.values_list("object_id", flat=True)})


def may_download(document, request):
    """Whether ``request`` may download ``document`` (see the module's docstring)."""
    from home.privacy import visible_to

    pages = pages_using(document)
    if not pages.exists() or visible_to(pages.live(), request).exists():
        return True
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or any(page.permissions_for_user(user).can_edit() for page in pages.specific())


def check_document_access(document, request):
    """``before_serve_document`` hook: refuse a file its pages keep to themselves. Anonymous readers are
    sent to log in (staff may pass the restriction); others get a 404, as for a page they may not see."""
    if may_download(document, request):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        login_url = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or settings.LOGIN_URL
        return redirect_to_login(request.get_full_path(), login_url)
    raise Http404


def may_change(user, obj):
    """Whether ``user`` may change or delete ``obj``, which live pages may show: only if they may
    publish each of those pages."""
    if user.is_active and user.is_superuser:
        return True
    return all(page.permissions_for_user(user).can_publish() for page in pages_using(obj).live().specific())


class ApprovalProtectedMediaPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents, plus: what a live page shows changes only with the
    right to publish that page (``may_change``)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        reading = actions - MUTATING_ACTIONS
        if reading and super().user_has_any_permission_for_instance(user, reading, instance):
            return True
        mutating = actions & MUTATING_ACTIONS
        return bool(
            mutating
            and super().user_has_any_permission_for_instance(user, mutating, instance)
            and may_change(user, instance)
        )


def register_policies():
    """Give the portal's image and document models the policy above (exact class: it wins over the
    one Wagtail registers for them)."""
    from wagtail.documents import get_document_model, get_document_model_string
    from wagtail.images import get_image_model, get_image_model_string
    from wagtail.permissions import register_permission_policy

    for model, label, auth_model in (
        (get_document_model(), get_document_model_string(), "wagtaildocs.Document"),
        (get_image_model(), get_image_model_string(), "wagtailimages.Image"),
    ):
        policy = ApprovalProtectedMediaPolicy(label, auth_model=auth_model, owner_field_name=OWNER_FIELD)
        register_permission_policy(model, policy, exact_class=True)
