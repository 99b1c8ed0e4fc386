"""Quản trị cổng manages accounts but cannot make anyone a superuser, nor widen its own rights."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from home.roles import ensure_roles
from tests.helpers import soup

User = get_user_model()


class UserAdministrationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        groups = ensure_roles()
        cls.leader_group = groups["leader"]
        cls.admin = User.objects.create_user("quantri", email="qt@example.gov.vn", password="mat-khau-dai-1")
        cls.admin.groups.add(groups["administrator"])
        cls.root = User.objects.create_superuser("root", "root@example.gov.vn", "mat-khau-dai-1")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_add_form_offers_no_administrator_checkbox(self):
        response = self.client.get(reverse("wagtailusers_users:add"))
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(soup(response).find("input", attrs={"name": "is_superuser"}))

    def test_posting_is_superuser_anyway_creates_an_ordinary_account(self):
        response = self.client.post(
            reverse("wagtailusers_users:add"),
            {
                "username": "bientap2",
                "email": "bt2@example.gov.vn",
                "first_name": "Biên",
                "last_name": "Tập",
                "password1": "Mat-khau-rat-dai-2026",
                "password2": "Mat-khau-rat-dai-2026",
                "is_superuser": "on",
                "groups": [self.leader_group.pk],
            },
        )
        self.assertEqual(response.status_code, 302)
        created = User.objects.get(username="bientap2")
        self.assertFalse(created.is_superuser)
        self.assertEqual(list(created.groups.all()), [self.leader_group])

    def test_a_superuser_account_cannot_be_edited_by_the_portal_administrator(self):
        response = self.client.get(reverse("wagtailusers_users:edit", args=[self.root.pk]))
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def test_the_portal_administrator_cannot_change_its_own_groups(self):
        response = self.client.get(reverse("wagtailusers_users:edit", args=[self.admin.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(soup(response).find("input", attrs={"name": "groups"}))
        self.client.post(
            reverse("wagtailusers_users:edit", args=[self.admin.pk]),
            {
                "username": "quantri",
                "email": "qt@example.gov.vn",
                "first_name": "",
                "last_name": "",
                "groups": [self.leader_group.pk],
            },
        )
        self.assertNotIn(self.leader_group, self.admin.groups.all())
        self.assertFalse(Group.objects.filter(user=self.admin, pk=self.leader_group.pk).exists())

    def test_there_is_no_copy_view_to_write_over_an_account(self):
        for account in (self.admin, self.root):
            self.client.post(
                f"/admin/users/copy/{account.pk}/",
                {
                    "username": account.username,
                    "email": account.email,
                    "password1": "Mat-khau-rat-dai-2026",
                    "password2": "Mat-khau-rat-dai-2026",
                    "is_superuser": "on",
                },
            )
        self.admin.refresh_from_db()
        self.root.refresh_from_db()
        self.assertFalse(self.admin.is_superuser)
        self.assertTrue(self.root.check_password("mat-khau-dai-1"))
        self.assertEqual(self.client.get(f"/admin/users/copy/{self.admin.pk}/").status_code, 404)

    def bulk(self, action, users, data=None):
        ids = "&".join(f"id={user.pk}" for user in users)
        return self.client.post(f"/admin/bulk/auth/user/{action}/?{ids}", data or {})

    def test_the_administrator_cannot_give_itself_a_role_in_bulk(self):
        self.bulk("assign_role", [self.admin], {"role": self.leader_group.pk})
        self.assertFalse(self.admin.groups.filter(pk=self.leader_group.pk).exists())

    def test_the_administrator_cannot_deactivate_or_delete_a_superuser_in_bulk(self):
        self.bulk("set_active_state", [self.root], {"mark_as_active": "False"})
        self.root.refresh_from_db()
        self.assertTrue(self.root.is_active)
        self.bulk("delete", [self.root])
        self.assertTrue(User.objects.filter(pk=self.root.pk).exists())

    def test_the_administrator_still_assigns_roles_to_other_accounts_in_bulk(self):
        reporter = User.objects.create_user("phongvien", password="mat-khau-dai-1")
        response = self.bulk("assign_role", [reporter], {"role": self.leader_group.pk})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(reporter.groups.filter(pk=self.leader_group.pk).exists())

    def test_a_superuser_may_act_on_any_account_in_bulk(self):
        other_root = User.objects.create_superuser("root2", "r2@example.gov.vn", "mat-khau-dai-1")
        self.client.force_login(self.root)
        self.bulk("set_active_state", [other_root], {"mark_as_active": "False"})
        other_root.refresh_from_db()
        self.assertFalse(other_root.is_active)
