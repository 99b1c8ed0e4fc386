"""The press contacts in every page's footer (the ``footer_contacts`` slot of home's footer)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from wagtail import hooks


@hooks.register("portal_widgets")
def press_contacts_widget(request, slot):
    """The spokesperson and those authorised to speak, from the organisation page of the reader's language."""
    if slot != "footer_contacts":
        return None
    from organisation.models import OrganisationPage

    pages = OrganisationPage.objects.live().public().order_by("path")
    # The reader's language, else the Vietnamese page (the contacts matter more than the language).
    language = translation.get_language()
    page = pages.filter(locale__language_code=language).first()
    if page is None and language != settings.LANGUAGE_CODE:
        page = pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if page is None:
        return None
    contacts = page.press_contacts()
    if not contacts:
        return None
    return render_to_string(
        "organisation/includes/press_contacts.html",
        {"press_contacts": contacts, "heading_id": "footer-press-heading", "footer": True},
        request=request,
    )
