"""Every admin URL, for every role and anonymous, by GET and POST, against the reviewed table in
``permission_matrix.tsv`` beside this file.

The URLs are enumerated from the URL configuration (Wagtail's, the apps', the packages'), and each
registered bulk action is a row of its own, so a view added later fails this test until someone reviews
what each role gets from it and adds its row. Each cell reads ``GET/POST`` with one outcome each:

- ``ok``: the view answered (2xx); for a bulk action's POST, ``done`` when it changed its object;
- ``redirect``: sent elsewhere in the admin, not as a refusal (e.g. to the page it acted on);
- ``deny``: refused (403, or Wagtail's redirect to the dashboard with “no permission”);
- ``login``: sent to the login page;
- ``404``, ``400``, ``405``: not found (an object the role may not see, or none), a bad request, a
  method the view does not take.

A 500 fails, except the two in ``KNOWN_ERRORS`` (Wagtail's own, explained there). To review a new
table after a change, ``UPDATE_PERMISSION_MATRIX=1 pytest -n0 tests/security/test_permission_matrix.py``
rewrites the file; read its diff before committing it.
"""

import csv
import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupApprovalTask, Locale, Site, Workflow
from wagtail.snippets.models import get_snippet_models

from home.models import ExternalLink, PortalDocument, PortalImage
from tests.factories import (
    ConsultationReportPageFactory,
    DocumentTypeFactory,
    DraftCommentFactory,
    DraftDocumentPageFactory,
    FeedbackFactory,
    IssuingBodyFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalFieldFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    QuestionFactory,
    SignerFactory,
    UnitFactory,
    default_home,
)
from tests.workflow.helpers import make_user, setup_portal

TABLE = Path(__file__).with_name("permission_matrix.tsv")
ROLES = ("anonymous", "editor", "secretary", "leader", "administrator", "reader")
UPDATING = os.environ.get("UPDATE_PERMISSION_MATRIX") == "1"
# 500s that stay, with why. Wagtail's error-reporting test view raises on purpose. The others are Wagtail
# views that read a field their own form always sends ("url", "input_format") or build a creation form
# only when the user may add, and fail on a POST made by hand without it: no data changes, no right is
# gained; to be reported upstream.
KNOWN_ERRORS = {
    "wagtailadmin_error_test",
    "wagtailadmin_choose_page_external_link",
    "wagtailredirects:process_import",
    "wagtailsnippetchoosers_home_externallink:create",
    "wagtailsnippetchoosers_articles_newscategory:create",
    "wagtailsnippetchoosers_participation_topic:create",
    "wagtailsnippetchoosers_participation_unit:create",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KWARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<regex_name>\w+)>")


def admin_routes():
    """[(row name, route with its keyword names)] of every URL under the admin's path."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name, namespace

    for route, name, namespace in walk(get_resolver().url_patterns, "", None):
        if route.startswith(settings.ADMIN_PATH) and "bulk/<" not in route and "^.*" not in route:
            yield (f"{namespace}:{name}" if namespace and name else name or route), route


class Objects:
    """What the URLs' keywords name: one object of each kind, made in ``setUpTestData``."""

    def __init__(self):
        home = default_home()
        setup_portal()
        self.section = NewsIndexPageFactory(parent=home)
        self.other_section = NewsIndexPageFactory(parent=home, title="Thông báo", slug="thong-bao")
        self.page = NewsPageFactory(parent=self.section)
        self.page.save_revision()
        register = LegalDocumentIndexPageFactory(parent=home)
        self.legal = LegalDocumentPageFactory(parent=register)
        self.document = PortalDocument(title="Biểu mẫu")
        self.document.file.save("bieu-mau.pdf", ContentFile(PDF), save=False)
        self.document.save()
        self.image = PortalImage.objects.create(title="Ảnh", file=get_test_image_file())
        self.collection = Collection.get_first_root_node().add_child(name="Ảnh sự kiện")
        self.users = {role: make_user(f"user-{role}", role) for role in ROLES[1:]}
        self.plain_user = make_user("khac")
        self.superuser = get_user_model().objects.create_superuser("root", "root@example.gov.vn", "x-1-y-2-z")
        self.group = Group.objects.get(name="Lãnh đạo duyệt")
        self.workflow = Workflow.objects.get(name="Thẩm định văn bản")
        self.task = GroupApprovalTask.objects.get(name="Lãnh đạo duyệt văn bản")
        self.redirect = Redirect.objects.create(old_path="/cu", redirect_link="/moi")
        self.query = Query.get("chuyen doi so")
        self.site = Site.objects.get(is_default_site=True)
        self.locale = Locale.get_default()
        for factory in (NewsCategoryFactory, DocumentTypeFactory, IssuingBodyFactory, SignerFactory):
            factory()
        LegalFieldFactory()
        ExternalLink.objects.create(title="Cổng thông tin điện tử Chính phủ", url="https://chinhphu.vn/")
        # Citizens' messages (participation/): one of each, the feedback with an attachment.
        self.question = QuestionFactory()
        self.feedback = FeedbackFactory()
        self.feedback.attachment.save("bang-chung.pdf", ContentFile(PDF))
        UnitFactory()
        # Comments on drafts (consultation/): a closed draft, a comment awaiting moderation, a report.
        self.draft = DraftDocumentPageFactory(closed=True)
        self.comment = DraftCommentFactory(page=self.draft, status="pending")
        self.report = ConsultationReportPageFactory(parent=self.draft, live=False)
        self.snippets = {
            f"{model._meta.app_label}_{model._meta.model_name}": model.objects.order_by("pk").first()
            for model in get_snippet_models()
        }

    def pk_for(self, name):
        """The object a ``pk`` keyword names in the URL called ``name``."""
        namespace = name.split(":")[0]
        by_namespace = {
            "wagtailusers_users": self.plain_user,
            "wagtailusers_groups": self.group,
            "wagtailadmin_collections": self.collection,
            "wagtailadmin_workflows": self.workflow,
            "wagtaillocales": self.locale,
            "wagtailsites": self.site,
            "consultation_comments": self.comment,
        }
        if namespace == "participation_admin":
            return (self.question if name.endswith(":question") else self.feedback).pk
        if "task" in name:
            return self.task.pk
        if namespace in by_namespace:
            return by_namespace[namespace].pk
        if namespace.startswith(("wagtailsnippets_", "wagtailsnippetchoosers_")):
            key = namespace.removeprefix("wagtailsnippets_").removeprefix("wagtailsnippetchoosers_")
            instance = self.snippets.get(key)
            return instance.pk if instance else 999999
        if "image" in name:
            return self.image.pk
        if ("doc" in name or "documents" in name) and "legal" not in name:
            return self.document.pk
        if name.startswith("wagtailsettings"):
            return self.site.pk
        return self.page.pk

    def kwargs(self, name, route):
        values = {
            "page_id": self.page.pk,
            "page_pk": self.page.pk,
            "page_to_move_id": self.page.pk,
            "parent_page_id": self.section.pk,
            "destination_id": self.other_section.pk,
            "revision_id": self.page.latest_revision_id,
            "revision_id_a": "earliest",
            "revision_id_b": "latest",
            "image_id": self.image.pk,
            "document_id": self.document.pk,
            "doc_id": self.document.pk,
            "user_id": self.plain_user.pk,
            "collection_id": self.collection.pk,
            "redirect_id": self.redirect.pk,
            "query_id": self.query.pk,
            "task_id": self.task.pk,
            "workflow_pk": self.workflow.pk,
            "object_id": str(self.page.pk),
            "action_name": "approve",
            "filter_spec": "original",
            "mode": "fields",
            "uidb64": "MQ",
            "token": "set-password",
        }
        model_of = {
            "content_type_app_name": "articles",
            "content_type_model_name": "newspage",
            "app_name": "home" if "settings" in name else "taggit",
            "model_name": "portalsettings" if "settings" in name else "tag",
            "app_label": "articles",
        }
        if "tasks" in name:
            model_of.update(app_label="wagtailcore", model_name="groupapprovaltask")
        elif "snippet" in name or "localize" in name:
            model_of.update(app_label="home", model_name="externallink")
        elif "pages" in name:
            model_of.update(app_label="articles", model_name="newspage")
        elif "editing_sessions" in name:
            model_of.update(app_label="wagtailcore", model_name="page")
        if name == "consultation_build_report":
            values = {**values, "page_id": self.draft.pk}
        elif name == "consultation_report_admin_docx":
            values = {**values, "page_id": self.report.pk}
        kwargs = {}
        for match in KWARG.finditer(route):
            key = match.group("name") or match.group("regex_name")
            if key == "pk":
                kwargs[key] = self.pk_for(name)
                if "snippet" in name and "localize" in name:
                    kwargs[key] = str(self.snippets["home_externallink"].pk)
            elif key in values:
                kwargs[key] = values[key]
            elif key in model_of:
                kwargs[key] = model_of[key]
            else:
                kwargs[key] = 999999  # translations, uploads, sessions: none exist
        return kwargs


def bulk_rows(objects):
    """[(row name, URL)] for each registered bulk action, on one object of its model."""
    bulk_action_registry._scan_for_bulk_actions()
    targets = {
        ("auth", "user"): objects.plain_user.pk,
        ("wagtailcore", "page"): objects.page.pk,
        ("home", "portaldocument"): objects.document.pk,
        ("home", "portalimage"): objects.image.pk,
    }
    for key, instance in objects.snippets.items():
        if instance is not None:
            app_label, model_name = key.split("_", 1)
            targets[(app_label, model_name)] = instance.pk
    rows = []
    for app_label, models in sorted(bulk_action_registry.actions.items()):
        for model_name, actions in sorted(models.items()):
            model = apps.get_model(app_label, model_name)
            target = targets.get((app_label, model_name))
            for action in sorted(actions):
                url = f"/{settings.ADMIN_PATH}bulk/{app_label}/{model_name}/{action}/"
                rows.append((f"bulk:{app_label}.{model_name}.{action}", url, (model, target)))
    return rows


def snapshot(model, pk):
    """The row of ``model`` with ``pk`` as stored (empty once deleted)."""
    return list(model._default_manager.filter(pk=pk).values())


def outcome(response):
    if response.status_code >= 500:
        return f"ERROR {response.status_code}"
    if response.status_code == 403:
        return "deny"
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/login/" in location:
            return "login"
        if location.split("?")[0].rstrip("/") == reverse("wagtailadmin_home").rstrip("/"):
            return "deny"
        return "redirect"
    if response.status_code in (400, 404, 405):
        return str(response.status_code)
    return "ok"


def read_table():
    if not TABLE.exists():
        return {}
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {row["url"]: row for row in csv.DictReader(handle, delimiter="\t")}


def write_column(role, column):
    table = read_table()
    for url, cell in column.items():
        table.setdefault(url, {"url": url, **dict.fromkeys(ROLES, "")})[role] = cell
    for url in set(table) - set(column):
        del table[url]  # no such URL any more
    with TABLE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=("url", *ROLES), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(table.values(), key=lambda row: row["url"]))


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.objects = Objects()

    def requests(self):
        """[(row name, URL, query)] for every admin URL and bulk action."""
        rows = []
        for name, route in admin_routes():
            if name == route:  # a URL with no name: its route is its address
                url = "/" + route if "<" not in route else None
            else:
                try:
                    url = reverse(name, kwargs=self.objects.kwargs(name, route))
                except Exception:  # noqa: BLE001 - a route whose keywords we cannot fill fails below
                    url = None
            rows.append((name, url, {}, None))
        for name, url, (model, target) in bulk_rows(self.objects):
            rows.append((name, url, {"id": target} if target else {}, model))
        return rows

    def observe(self, role):
        self.client.raise_request_exception = False
        user = None if role == "anonymous" else self.objects.users[role]
        column, unreachable = {}, []
        for name, url, query, model in self.requests():
            if url is None:
                unreachable.append(name)
                continue
            cells = []
            for method in ("get", "post"):
                self.client.logout()
                if user is not None:
                    self.client.force_login(user)
                with transaction.atomic():  # whatever a POST changes is undone before the next request
                    path = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
                    before = snapshot(model, query["id"]) if model is not None and query else None
                    response = getattr(self.client, method)(path)
                    changed = before is not None and snapshot(model, query["id"]) != before
                    transaction.set_rollback(True)
                seen = outcome(response)
                cells.append("done" if changed and seen in ("ok", "redirect") else seen)
            column[name] = "/".join(cells)
        return column, unreachable

    def check(self, role):
        column, unreachable = self.observe(role)
        self.assertEqual(unreachable, [], "admin URLs whose keywords the test cannot fill")
        errors = {name: cell for name, cell in column.items() if "ERROR" in cell and name not in KNOWN_ERRORS}
        self.assertEqual(errors, {}, "server errors")
        if UPDATING:
            write_column(role, column)
            return
        table = read_table()
        missing = sorted(set(column) - set(table))
        self.assertEqual(missing, [], f"admin URLs with no row in {TABLE.name}: review what each role gets")
        differences = {
            name: f"expected {table[name][role]}, got {cell}"
            for name, cell in column.items()
            if table[name][role] != cell
        }
        self.assertEqual(differences, {}, f"{role}: outcomes that differ from {TABLE.name}")

    def test_anonymous(self):
        self.check("anonymous")

    def test_editor(self):
        self.check("editor")

    def test_secretary(self):
        self.check("secretary")

    def test_leader(self):
        self.check("leader")

    def test_administrator(self):
        self.check("administrator")

    def test_reader(self):
        self.check("reader")
