"""Demo Sơ đồ cổng: the site map page in both languages. Idempotent."""

from home.localize import translate_with_localize
from portalmap.models import PortalMapPage

INTRO = "Các chuyên mục và trang của Cổng thông tin điện tử."
INTRO_EN = "The sections and pages of the portal."


def load_demo_site_map(home):
    """Create the site map page under the home page; return (created count, message)."""
    page = PortalMapPage.objects.child_of(home).first()
    created = 0
    if page is None:
        page = PortalMapPage(
            title="Sơ đồ cổng", slug="so-do-cong", intro=INTRO, show_in_menus=False, locale=home.locale
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created = 1
    translate_with_localize(page, {"Sơ đồ cổng": "Site map", INTRO: INTRO_EN})
    return created, f"Site map: {created} page(s) created."
