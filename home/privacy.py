"""Which restricted pages (Wagtail privacy) a request may list.

Anonymous visitors see public pages only: ``PageQuerySet.public()``. A logged-in member of staff also sees
the pages under the restrictions they pass (``LOGIN``: any logged-in user; ``GROUPS``: members of the
chosen groups, e.g. Cán bộ tra cứu). Password restrictions are never listed: they are for one page at a
time, after the password.
"""

import hashlib

from django.db.models import Q

from wagtail.models import PageViewRestriction


def _passed(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    group_ids = set(user.groups.values_list("pk", flat=True))
    passed, blocked = [], []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN or (
            restriction.restriction_type == PageViewRestriction.GROUPS
            and (user.is_superuser or group_ids & {group.pk for group in restriction.groups.all()})
        ):
            passed.append(restriction)
        else:
            blocked.append(restriction)
    return passed, blocked


def visible_to(queryset, request):
    """``queryset`` (of pages) without the restricted pages this request may not see."""
    answer = _passed(request)
    if answer is None:
        return queryset.public()
    _passed_restrictions, blocked = answer
    q = Q()
    for restriction in blocked:
        q |= queryset.descendant_of_q(restriction.page, inclusive=True)
    return queryset.exclude(q) if q else queryset


def hidden_paths(request):
    """Paths of the restricted pages whose subtrees this request may not list: every restriction for
    an anonymous visitor (``PageQuerySet.public()``), the ones they do not pass for staff."""
    answer = _passed(request)
    if answer is None:
        from home.memo import restricted_sections  # remembered per process and generation

        return tuple(path for path, _depth in restricted_sections())
    return tuple(sorted({restriction.page.path for restriction in answer[1]}))


def audience_key(request):
    """A short key naming what the request may see: ``public``, or a digest of the restrictions it passes.

    Caches of listings must include it, so that counts computed for staff never reach anonymous visitors."""
    answer = _passed(request)
    if answer is None or not answer[0]:
        return "public"
    ids = ",".join(str(pk) for pk in sorted(restriction.pk for restriction in answer[0]))
    return "staff-" + hashlib.sha256(ids.encode()).hexdigest()[:16]
