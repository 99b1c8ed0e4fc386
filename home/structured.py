"""Facts that schema.org data of every app names: the department publishing the portal."""


def department_name(page, request=None):
    """The department's name in the reader's language, from the portal settings of the page's site."""
    from home import memo
    from home.models import PortalSettings

    if request is not None and memo.site_for_request(request) is not None:
        return PortalSettings.for_request(request).localized("department_name")  # primed by home.middleware
    site = page.get_site()
    return PortalSettings.for_site(site).localized("department_name") if site else ""
