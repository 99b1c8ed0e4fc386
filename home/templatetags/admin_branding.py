"""The department's name and logo in the admin (login page, menu, browser title), from the portal settings."""

from django import template

from wagtail.models import Site

from home.models import PortalSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_branding(context):
    """{"name": …, "authority": …, "logo": image or None} of the site the admin is served for."""
    request = context.get("request")
    site = (Site.find_for_request(request) if request else None) or Site.objects.filter(
        is_default_site=True
    ).first()
    if site is None:
        return {"name": "", "authority": "", "logo": None}
    portal = PortalSettings.for_site(site)
    return {
        "name": portal.localized("department_name"),
        "authority": portal.localized("parent_authority"),
        "logo": portal.logo,
    }
