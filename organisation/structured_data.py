"""schema.org data of the organisation pages: GovernmentOrganization and Person, as JSON-LD."""

import json

from django.utils.html import strip_tags


def json_for_script(data):
    """JSON that is safe inside a <script> element."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _person(official, request, unit=None):
    data = {
        "@type": "Person",
        "name": official.title,
        "jobTitle": official.position,
        "url": official.get_full_url(request),
    }
    if official.phone:
        data["telephone"] = official.phone
    if official.email:
        data["email"] = official.email
    if unit is not None:
        data["worksFor"] = {"@type": "GovernmentOrganization", "name": unit.title}
    photo = official.photo_url(request)
    if photo:
        data["image"] = photo
    return data


def person_json_ld(official, request):
    data = {"@context": "https://schema.org", **_person(official, request, official.unit())}
    if official.responsibilities:
        data["description"] = strip_tags(official.responsibilities).strip()
    return json_for_script(data)


def organisation_json_ld(page, request, chart):
    from home import memo
    from home.models import PortalSettings

    if request is not None and memo.site_for_request(request) is not None:
        portal = PortalSettings.for_request(request)  # primed by home.middleware
    else:
        site = page.get_site()
        portal = PortalSettings.for_site(site) if site else None
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": portal.localized("department_name") if portal else page.title,
        "url": page.get_full_url(request),
    }
    if portal is not None:
        if portal.localized("parent_authority"):
            data["parentOrganization"] = {
                "@type": "GovernmentOrganization",
                "name": portal.localized("parent_authority"),
            }
        if portal.localized("address"):
            data["address"] = portal.localized("address")
        if portal.phone:
            data["telephone"] = portal.phone
        if portal.email:
            data["email"] = portal.email
    units = []
    for unit, officials in chart:
        item = {"@type": "GovernmentOrganization", "name": unit.title, "url": unit.get_full_url(request)}
        if unit.phone:
            item["telephone"] = unit.phone
        if unit.email:
            item["email"] = unit.email
        if officials:
            item["employee"] = [_person(o, request) for o in officials]
        units.append(item)
    if units:
        data["subOrganization"] = units
    return json_for_script(data)
