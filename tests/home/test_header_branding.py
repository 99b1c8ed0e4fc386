"""The header keeps a place name on one line: on a phone it read “ỦY BAN NHÂN DÂN TỈNH TIỀN / GIANG”."""

from django.test import TestCase

from wagtail.models import Site

from home.models import PortalSettings
from home.templatetags.portal_tags import keep_last_words_together


def test_the_last_two_words_are_joined_by_no_break_spaces():
    assert (
        keep_last_words_together("Ủy ban nhân dân tỉnh Tiền Giang") == "Ủy ban nhân dân tỉnh Tiền\u00a0Giang"
    )
    assert keep_last_words_together("Sở Tư pháp") == "Sở Tư\u00a0pháp"
    assert keep_last_words_together("Sở") == "Sở"
    assert keep_last_words_together("") == ""


class HeaderTests(TestCase):
    def test_the_parent_authority_and_the_department_keep_their_last_words_together(self):
        portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        portal.parent_authority = "Ủy ban nhân dân tỉnh Tiền Giang"
        portal.department_name = "Sở Thông tin và Truyền thông"
        portal.save()
        html = self.client.get("/").content.decode()
        self.assertIn("Ủy ban nhân dân tỉnh Tiền\u00a0Giang", html)
        self.assertIn("Sở Thông tin và Truyền\u00a0thông", html)
