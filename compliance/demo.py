"""Demo settings the compliance report checks that the rest of the demo does not set: the EMC code."""

from wagtail.models import Site

from home.models import PortalSettings

# An HTML comment: the real snippet is the one the national monitoring centre issues to the portal.
DEMO_EMC_CODE = "<!-- Mã theo dõi EMC (minh họa): thay bằng mã do Trung tâm Giám sát (EMC) cấp cho Cổng -->"


def load_demo_compliance(home):
    """Give the default site a placeholder EMC code if it has none; return (created count, message)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return 0, "Compliance: no default site."
    portal = PortalSettings.for_site(site)
    if portal.emc_tracking_code.strip():
        return 0, "Compliance: the EMC code is set already."
    portal.emc_tracking_code = DEMO_EMC_CODE
    portal.save(update_fields=["emc_tracking_code"])
    return 1, "Compliance: placeholder EMC code set."
