"""The admin carries the department's name and logo from the portal settings, not Wagtail's bird."""

import re
from pathlib import Path

from wagtail_factories import ImageFactory

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

import wagtail
from wagtail.models import Site

from home.models import PortalSettings
from tests.home.admin_text import readable_texts
from tests.workflow.helpers import make_user, setup_portal


class AdminBrandingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.editor = make_user("phongvien", "editor")
        portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        portal.department_name = "Sở Tư pháp"
        portal.parent_authority = "Ủy ban nhân dân tỉnh Tiền Giang"
        portal.save()
        cls.portal = portal

    def title(self, html):
        return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())

    def test_the_login_page_names_the_department_with_its_emblem(self):
        html = self.client.get(reverse("wagtailadmin_login")).content.decode()
        texts = readable_texts(html)
        self.assertIn("Đăng nhập – Sở Tư pháp", texts)
        self.assertIn("Ủy ban nhân dân tỉnh Tiền Giang", texts)
        self.assertEqual(self.title(html), "Đăng nhập - Sở Tư pháp")
        self.assertIn('src="/static/img/emblem.svg"', html)
        self.assertNotIn("Wagtail", " ".join(texts))

    def test_the_menu_and_the_browser_title_carry_the_department(self):
        self.client.force_login(self.editor)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertEqual(self.title(html), "Trang tổng quan - Sở Tư pháp")
        logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S).group(
            1
        )
        self.assertIn("admin-branding__logo", logo)
        self.assertIn("Sở Tư pháp", readable_texts(html))

    def test_an_uploaded_logo_replaces_the_emblem(self):
        self.portal.logo = ImageFactory(title="Biểu trưng Sở Tư pháp")
        self.portal.save()
        self.client.force_login(self.editor)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S).group(
            1
        )
        self.assertIn("/images/", logo)
        self.assertNotIn("emblem.svg", logo)
        self.client.logout()
        login = self.client.get(reverse("wagtailadmin_login")).content.decode()
        self.assertIn("/images/", login.split("login-logo", 1)[1])


# The copies of Wagtail templates in admin_i18n/templates: each is Wagtail's own with only these
# changes, so a Wagtail upgrade that changes the original fails here instead of silently reverting it.
OVERRIDES = {
    "wagtailadmin/home.html": [
        ('value="Search"', "value=\"{% translate 'Search' %}\""),
    ],
    "wagtailadmin/shared/header.html": [
        ('value="Search"', "value=\"{% translate 'Search' %}\""),
    ],
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}{# Actions divider #}"),
        ('aria-label="Actions"', "aria-label=\"{% translate 'Actions' %}\""),
    ],
}


def test_the_copied_wagtail_templates_differ_from_wagtail_only_by_their_translation():
    wagtail_templates = Path(wagtail.__file__).parent / "admin" / "templates"
    ours = Path(settings.BASE_DIR) / "admin_i18n" / "templates"
    assert sorted(str(path.relative_to(ours)) for path in ours.rglob("*.html")) == sorted(OVERRIDES)
    for name, changes in OVERRIDES.items():
        expected = (wagtail_templates / name).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in expected, (name, old)
            expected = expected.replace(old, new)
        assert (ours / name).read_text(encoding="utf-8") == expected, name
