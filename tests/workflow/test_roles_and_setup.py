"""Roles, their permissions on each kind of page, and the workflows `setup_portal` sets up."""

from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.roles import ROLES, ROLES_BY_KEY, WAGTAIL_DEFAULT_GROUPS
from tests.factories import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    default_home,
)
from tests.workflow.helpers import make_user, setup_portal

A, E, P, D, L = "add", "edit", "publish", "delete", "lock"

# What each role may do with a live page of each type: add one (under its parent), edit, publish, delete,
# lock it. Wagtail lets whoever may edit delete an unpublished leaf page, and only a publisher a live one.
EXPECTED = {
    "editor": {"news": {A, E}, "report": {A, E}, "legal": {A, E}, "standard": set(), "home": set()},
    "secretary": {
        "news": {A, E, L},
        "report": {A, E, L},
        "legal": {A, E, L},
        "standard": set(),
        "home": set(),
    },
    "leader": {
        "news": {A, E, P, D, L},
        "report": {A, E, P, D, L},
        "legal": {A, E, P, D, L},
        "standard": {A, E, P, D, L},
        # Not a leaf: deleting the whole site needs bulk delete, and only a superuser adds a site root.
        "home": {E, P, L},
    },
    "administrator": {kind: set() for kind in ("news", "report", "legal", "standard", "home")},
    "reader": {kind: set() for kind in ("news", "report", "legal", "standard", "home")},
}


def abilities(page, user):
    tester = page.permissions_for_user(user)
    found = set()
    if page.get_parent().permissions_for_user(user).can_add_subpage():
        found.add(A)
    if tester.can_edit():
        found.add(E)
    if tester.can_publish():
        found.add(P)
    if tester.can_delete():
        found.add(D)
    if tester.can_lock():
        found.add(L)
    return found


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = default_home()
        setup_portal()
        news_index = NewsIndexPageFactory(parent=home)
        report_index = InspectionReportIndexPageFactory(parent=home)
        legal_index = LegalDocumentIndexPageFactory(parent=home)
        cls.pages = {
            "news": NewsPageFactory(parent=news_index),
            "report": InspectionReportPageFactory(parent=report_index),
            "legal": LegalDocumentPageFactory(parent=legal_index),
            "standard": StandardPageFactory(parent=home),
            "home": home,
        }
        cls.users = {key: make_user(f"user-{key}", key) for key in EXPECTED}

    def test_each_role_on_each_page_type(self):
        for role, expected in EXPECTED.items():
            for kind, page in self.pages.items():
                with self.subTest(role=role, page=kind):
                    page = Page.objects.get(pk=page.pk).specific
                    self.assertEqual(abilities(page, self.users[role]), expected[kind])

    def test_the_newsroom_may_delete_an_unpublished_draft_in_its_sections_only(self):
        section = self.pages["news"].get_parent()
        draft = NewsPageFactory(parent=section, live=False, owner=self.users["editor"])
        self.assertEqual(abilities(draft, self.users["editor"]), {A, E, D})
        self.assertEqual(abilities(draft, self.users["secretary"]), {A, E, D, L})
        other = StandardPageFactory(parent=default_home(), live=False, owner=self.users["editor"])
        self.assertEqual(abilities(other, self.users["editor"]), set())

    def test_the_editor_cannot_open_the_editor_outside_their_sections(self):
        self.client.force_login(self.users["editor"])
        standard = self.pages["standard"]
        self.assertEqual(
            self.client.get(reverse("wagtailadmin_pages:edit", args=(standard.pk,))).status_code, 302
        )
        news = self.pages["news"]
        self.assertEqual(
            self.client.get(reverse("wagtailadmin_pages:edit", args=(news.pk,))).status_code, 200
        )

    def test_the_administrator_manages_users_and_settings_but_is_no_superuser(self):
        administrator = self.users["administrator"]
        self.assertFalse(administrator.is_superuser)
        self.client.force_login(administrator)
        self.assertEqual(self.client.get(reverse("wagtailusers_users:index")).status_code, 200)
        self.assertEqual(self.client.get(reverse("wagtailusers_users:add")).status_code, 200)
        settings_url = reverse("wagtailsettings:edit", args=("home", "portalsettings"))
        response = self.client.get(settings_url, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="department_name"')
        # Not the workflows: editing a task chooses who approves, and the last approval publishes.
        self.assertEqual(self.client.get(reverse("wagtailadmin_workflows:index")).status_code, 302)
        task = Workflow.objects.get(name="Thẩm định văn bản").tasks.get()
        self.client.post(
            reverse("wagtailadmin_workflows:edit_task", args=[task.pk]),
            {"name": task.name, "groups": [administrator.groups.get().pk]},
        )
        self.assertEqual(
            list(task.specific.groups.values_list("name", flat=True)), [ROLES_BY_KEY["leader"].group_name]
        )
        for user in (self.users["editor"], self.users["leader"], self.users["reader"]):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("wagtailusers_users:index")).status_code, 302)
                response = self.client.get(settings_url, follow=True)
                self.assertNotContains(response, 'name="department_name"')


class SetupPortalTests(TestCase):
    def snapshot(self):
        return {
            "groups": sorted(Group.objects.values_list("name", flat=True)),
            "page_permissions": sorted(
                GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")
            ),
            "workflows": sorted(Workflow.objects.values_list("name", "active")),
            "steps": sorted(
                WorkflowTask.objects.exclude(workflow__name="Moderators approval").values_list(
                    "workflow__name", "sort_order", "task__name"
                )
            ),
            "assignments": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        }

    def test_workflows_are_created_assigned_and_a_second_run_changes_nothing(self):
        home = default_home()
        news = NewsIndexPageFactory(parent=home)
        sub_section = NewsIndexPageFactory(parent=news)
        reports = InspectionReportIndexPageFactory(parent=home)
        legal = LegalDocumentIndexPageFactory(parent=home)
        setup_portal()
        before = self.snapshot()
        setup_portal()
        self.assertEqual(self.snapshot(), before)

        self.assertEqual(
            before["steps"],
            [
                ("Duyệt tin bài (hai bước)", 0, "Thư ký tòa soạn kiểm tra"),
                ("Duyệt tin bài (hai bước)", 1, "Lãnh đạo phê duyệt"),
                ("Duyệt trang thông tin", 0, "Lãnh đạo duyệt trang"),
                ("Thẩm định văn bản", 0, "Lãnh đạo duyệt văn bản"),
            ],
        )
        workflows = dict(WorkflowPage.objects.values_list("page_id", "workflow__name"))
        self.assertEqual(workflows[news.pk], "Duyệt tin bài (hai bước)")
        self.assertEqual(workflows[reports.pk], "Duyệt tin bài (hai bước)")
        self.assertEqual(workflows[legal.pk], "Thẩm định văn bản")
        self.assertNotIn(sub_section.pk, workflows)  # inherits the section's
        self.assertEqual(NewsPageFactory(parent=sub_section).get_workflow().name, "Duyệt tin bài (hai bước)")
        # A standard page goes to the leaders, not to Wagtail's default "Moderators".
        self.assertEqual(StandardPageFactory(parent=home).get_workflow().name, "Duyệt trang thông tin")
        self.assertFalse(Workflow.objects.get(name="Moderators approval").active)

    def test_a_section_created_later_gets_the_workflow_and_the_newsroom_permissions(self):
        setup_portal()
        editor = make_user("phongvien", "editor")
        section = NewsIndexPageFactory(parent=default_home(), title="Chuyển đổi số")
        self.assertEqual(section.get_workflow().name, "Duyệt tin bài (hai bước)")
        self.assertEqual(abilities(NewsPageFactory(parent=section), editor), {A, E})
        legal = LegalDocumentIndexPageFactory(parent=StandardPageFactory(parent=default_home()))
        self.assertEqual(legal.get_workflow().name, "Thẩm định văn bản")

    def test_setup_takes_back_whole_tree_permissions_from_the_newsroom(self):
        setup_portal()
        group = Group.objects.get(name="Phóng viên / Biên tập viên")
        root = Page.get_first_root_node()
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename="change_page")
        )
        setup_portal()
        self.assertFalse(GroupPagePermission.objects.filter(group=group, page=root).exists())


class NoPermissionOutsideTheRolesTests(TestCase):
    """Wagtail's default groups published without approval; ``setup_portal`` leaves only the roles."""

    def granted(self):
        return {
            "model": sorted(
                Permission.objects.filter(group__isnull=False).values_list(
                    "group__name", "content_type__app_label", "codename"
                )
            ),
            "page": sorted(
                GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")
            ),
            "collection": sorted(
                GroupCollectionPermission.objects.values_list("group__name", "permission__codename")
            ),
            "users": sorted(Permission.objects.filter(user__isnull=False).values_list("codename", flat=True)),
        }

    def expected(self, sections):
        root = Page.get_first_root_node().pk
        model, page, collection = [], [], []
        for role in ROLES:
            model.append((role.group_name, "wagtailadmin", "access_admin"))
            model += [(role.group_name, *codename.split(".")) for codename in role.model_permissions]
            page += [(role.group_name, root, codename) for codename in role.page_permissions]
            page += [
                (role.group_name, section.pk, codename)
                for section in sections
                for codename in role.section_permissions
            ]
            collection += [
                (role.group_name, codename.split(".")[1]) for codename in role.collection_permissions
            ]
        return {"model": sorted(model), "page": sorted(page), "collection": sorted(collection), "users": []}

    def test_wagtails_default_groups_are_gone_and_only_the_role_table_remains(self):
        home = default_home()
        sections = [NewsIndexPageFactory(parent=home), LegalDocumentIndexPageFactory(parent=home)]
        self.assertTrue(Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exists())  # a fresh install
        setup_portal()
        self.assertFalse(Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exists())
        self.assertEqual(self.granted(), self.expected(sections))

    def test_an_existing_installation_loses_what_it_was_given_beyond_the_roles(self):
        home = default_home()
        sections = [NewsIndexPageFactory(parent=home)]
        setup_portal()
        editors = Group.objects.get(name=ROLES_BY_KEY["editor"].group_name)
        administrators = Group.objects.get(name=ROLES_BY_KEY["administrator"].group_name)
        root = Page.get_first_root_node()
        GroupPagePermission.objects.create(
            group=editors, page=sections[0], permission=Permission.objects.get(codename="publish_page")
        )
        administrators.permissions.add(Permission.objects.get(codename="change_group"))
        someone = make_user("tutao")
        someone.user_permissions.add(Permission.objects.get(codename="publish_page"))
        moderators = Group.objects.create(name="Moderators")
        GroupPagePermission.objects.create(
            group=moderators, page=root, permission=Permission.objects.get(codename="publish_page")
        )
        setup_portal()
        self.assertEqual(self.granted(), self.expected(sections))
        self.assertFalse(Group.objects.filter(name="Moderators").exists())

    def test_an_account_once_in_moderators_cannot_publish_a_page(self):
        home = default_home()
        page = StandardPageFactory(parent=home)
        someone = make_user("tutao")
        someone.groups.add(Group.objects.get(name="Moderators"))
        self.assertTrue(page.permissions_for_user(someone).can_publish())  # Wagtail's default
        setup_portal()
        someone = type(someone).objects.get(pk=someone.pk)
        self.assertFalse(page.permissions_for_user(someone).can_publish())
