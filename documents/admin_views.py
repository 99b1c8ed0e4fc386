"""Admin views to import and export the register, for editors who don't use the command line."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permissions import policy_registry
from wagtail.query import PageQuerySet

from documents.exporter import export_to_string
from documents.importer import COLUMNS, LegalDocumentImporter, read_rows
from documents.models import LegalDocumentIndexPage, LegalDocumentPage
from documents.search import ordered, search_documents
from documents.status import Status
from home.privacy import visible_to

MAX_ADMIN_IMPORT_BYTES = 20 * 1024 * 1024
SHOWN_REJECTIONS = 200
IMPORT_PERMISSION = "documents.import_legaldocumentpage"
EXPORT_PERMISSION = "documents.export_legaldocumentpage"
# Cán bộ tra cứu: searches and reads the register in the admin, changes nothing.
READ_PERMISSION = "documents.view_legaldocumentpage"
EXPORT_PREFIX = "export"


def register_choices():
    return [
        (page.pk, f"{page.title} ({page.locale.language_code})")
        for page in LegalDocumentIndexPage.objects.all()
    ]


class ImportForm(forms.Form):
    register = forms.TypedChoiceField(label=_("Register"), coerce=int, choices=register_choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("JSON Lines (.jsonl) or CSV (.csv) in the documented format, at most 20 MB."),
    )
    publish = forms.BooleanField(
        label=_("Publish the documents"),
        required=False,
        help_text=_("Only for users who may publish in this register; otherwise they are saved as drafts."),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        name = uploaded.name.lower()
        if not name.endswith((".jsonl", ".csv")):
            raise forms.ValidationError(_("Choose a .jsonl or .csv file."))
        if uploaded.size > MAX_ADMIN_IMPORT_BYTES:
            raise forms.ValidationError(
                _("This file is too big for the admin; use manage.py import_legal_documents.")
            )
        return uploaded


class ExportForm(forms.Form):
    register = forms.TypedChoiceField(label=_("Register"), coerce=int, choices=register_choices)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("jsonl", "JSON Lines (.jsonl)"), ("csv", "CSV (.csv)")]
    )


def file_format():
    """What each column of an import file holds, shown under the import form."""
    statuses = ", ".join(f"{value} ({label})" for value, label in Status.choices)
    described = {
        "number": _("Number and symbol, e.g. 15/2025/QĐ-UBND."),
        "type": _("Document type, e.g. Quyết định; created if new."),
        "title": _("Summary (trích yếu). Required."),
        "issuing_body": _("Issuing body, e.g. Ủy ban nhân dân tỉnh; created if new."),
        "signer": _("Signer's name; created if new."),
        "signer_title": _("Signer's title, e.g. Chủ tịch."),
        "issue_date": _("Date of issue: 2025-03-15 or 15/03/2025."),
        "effective_date": _("Date it takes effect, same forms."),
        "expiry_date": _("Date it ceases to have effect, same forms; after the effective date."),
        "status": _("Validity, only where the dates cannot tell it: %(statuses)s.") % {"statuses": statuses},
        "fields": _("Fields: a list in JSON Lines, names separated by “;” in CSV."),
        "scope": _("Scope, e.g. Toàn tỉnh."),
        "gazette_reference": _("Official gazette reference."),
        "text": _("Full text; each line becomes a paragraph."),
    }
    return [(column, described[column]) for column in COLUMNS]


class TransferView(WagtailAdminTemplateMixin, FormView):
    """“Nhập / xuất văn bản”: upload a file to import, or download the register as a file."""

    template_name = "documents/admin/transfer.html"
    form_class = ImportForm
    page_title = _("Import and export legal documents")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.has_perm(IMPORT_PERMISSION) or request.user.has_perm(EXPORT_PERMISSION)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm(IMPORT_PERMISSION)
        context["can_export"] = self.request.user.has_perm(EXPORT_PERMISSION)
        context["export_form"] = ExportForm(prefix=EXPORT_PREFIX)  # its own ids beside the import form
        context["export_url"] = reverse("legal_documents_export")
        context["file_format"] = file_format()
        context["csv_header"] = ",".join(COLUMNS)
        return context

    def form_valid(self, form):
        if not self.request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        register = LegalDocumentIndexPage.objects.get(pk=form.cleaned_data["register"])
        may_publish = register.permissions_for_user(self.request.user).can_publish_subpage()
        publish = form.cleaned_data["publish"] and may_publish
        uploaded = form.cleaned_data["file"]
        file_format = "csv" if uploaded.name.lower().endswith(".csv") else "jsonl"
        text = io.TextIOWrapper(uploaded.file, encoding="utf-8-sig", newline="")
        importer = LegalDocumentImporter(register, publish=publish, dry_run=form.cleaned_data["dry_run"])
        try:
            report = importer.run(read_rows(text, file_format))
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(
                form=ImportForm(),
                report=report,
                rejected=report.rejected[:SHOWN_REJECTIONS],
                more_rejected=max(0, len(report.rejected) - SHOWN_REJECTIONS),
                imported_into=register,
                published=publish,
                dry_run=form.cleaned_data["dry_run"],
            )
        )


def exportable_documents(register, request):
    """Every document of the register for those who may edit it (drafts included); for the others (Cán
    bộ tra cứu), the live documents they may read, as on the public register."""
    documents = LegalDocumentPage.objects.child_of(register)
    if register.permissions_for_user(request.user).can_edit():
        return documents
    return visible_to(documents.live(), request)


def export_view(request):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    form = ExportForm(request.GET, prefix=EXPORT_PREFIX)
    if not form.is_valid():
        return HttpResponse(_("Choose a register and a format."), status=400, content_type="text/plain")
    register = LegalDocumentIndexPage.objects.get(pk=form.cleaned_data["register"])
    file_format = form.cleaned_data["format"]
    body = export_to_string(file_format, exportable_documents(register, request))
    content_type = "text/csv" if file_format == "csv" else "application/x-ndjson"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="van-ban-{register.slug}.{file_format}"'
    return response


# The register in the admin ---------------------------------------------------------------------------


def _issue_date(document):
    return document.issue_date.strftime("%d/%m/%Y") if document.issue_date else ""


def _validity(document):
    return document.status.label


class LegalDocumentFilterSet(WagtailFilterSet):
    """Filters an editor of the register uses (Wagtail's default page filters by owner and editor cost
    two scans of the page tree and its log on every request)."""

    class Meta:
        model = LegalDocumentPage
        fields = ["document_type", "issuing_body", "live"]


class LegalDocumentListingView(IndexView):
    """“Văn bản pháp luật” in the admin: every document the editor may work on, drafts and restricted
    ones included, searched through documents.search like the public register and the JSON API, so a
    query gives the same documents in all three (the order too, unless the editor sorts by a column)."""

    base_columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column("number", label=_("Number"), sort_key="number_key"),
        Column("document_type", label=_("Document type")),
        Column("issuing_body", label=_("Issuing body")),
        Column("issue_date", label=_("Issue date"), accessor=_issue_date, sort_key="sort_date"),
        Column("validity", label=_("Validity status"), accessor=_validity),
        PageStatusColumn("status", label=_("Status"), sort_key="live"),
    ]
    default_ordering = "-sort_date"

    def user_has_any_permission(self, permissions):
        return super().user_has_any_permission(permissions) or self.request.user.has_perm(READ_PERMISSION)

    @cached_property
    def read_only(self):
        """Cán bộ tra cứu: may read the register, may work on no page."""
        return not super().user_has_any_permission(self.any_permission_required)

    @cached_property
    def columns(self):
        if not self.read_only:
            return super().columns
        # No bulk actions, and a title that opens the document as readers see it (not the editor).
        title = TitleColumn(
            "title", label=_("Title"), sort_key="title", classname="title", get_url=lambda page: page.url
        )
        return [title, *(column for column in self.base_columns[2:])]

    def get_base_queryset(self):
        if self.read_only:
            queryset = self.annotate_queryset(visible_to(self.model.objects.live(), self.request))
        else:
            queryset = super().get_base_queryset()
        return (
            queryset.with_status()
            # after .specific() (Wagtail's listing), select_related would be lost: prefetch instead
            .prefetch_related("document_type", "issuing_body")
            .defer("search_heading", "search_heading_exact", "search_body")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        matching = search_documents(queryset, self.search_query)
        if self.is_explicitly_ordered:
            return matching  # keeps the column's order
        return ordered(matching, "relevance", True)


class LegalDocumentListingViewSet(PageListingViewSet):
    model = LegalDocumentPage
    index_view_class = LegalDocumentListingView
    filterset_class = LegalDocumentFilterSet
    icon = "doc-full-inverse"
    menu_label = _("Legal documents")
    menu_order = 240
    add_to_admin_menu = True
    name = "legal_documents"

    @cached_property
    def menu_item_class(self):
        index_view_class = self.index_view_class

        class LegalDocumentsMenuItem(MenuItem):
            def is_shown(self, request):
                """Only for those the listing lets in: whoever may work on some page (the explorer's rule),
                and readers of the register."""
                policy = policy_registry.get_by_type(LegalDocumentPage)
                return request.user.has_perm(READ_PERMISSION) or policy.user_has_any_permission(
                    request.user, index_view_class.any_permission_required
                )

        return LegalDocumentsMenuItem


# The explorer of a register ---------------------------------------------------------------------------

# The explorer orders the matches on the page by their rank among the first EXPLORER_MATCHES: enough
# pages of 50 for any search an editor reads through; the full list is in “Văn bản pháp luật”.
EXPLORER_MATCHES = 500


class RegisterSearchQuerySet(PageQuerySet):
    """The pages Wagtail's explorer lists inside a register. The explorer searches them by calling
    ``autocomplete()`` (Wagtail's search index); here that call is answered by documents.search instead,
    so the explorer finds what the public register finds ("39/2021/QD-UBND", "quyet dinh ...")."""

    def autocomplete(self, query, fields=None, operator=None, order_by_relevance=True, backend="default"):
        documents = LegalDocumentPage.objects.filter(pk__in=self.order_by().values("pk"))
        matching = search_documents(documents, query, annotate=order_by_relevance)
        if not order_by_relevance:
            return self.filter(pk__in=matching.values("pk"))  # the column order the editor chose
        ids = list(ordered(matching, "relevance", True).values_list("pk", flat=True)[:EXPLORER_MATCHES])
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
        return self.filter(pk__in=ids).order_by(rank) if ids else self.none()


def search_registers_with_the_service(parent_page, pages, request):
    """``construct_explorer_page_queryset`` hook: a search inside a register (not "search the whole
    tree") goes through documents.search."""
    searching = request.GET.get("q", "").strip() and not request.GET.get("search_all")
    if not searching or parent_page.specific_class is not LegalDocumentIndexPage:
        return pages
    if type(pages) is not PageQuerySet:
        return pages  # another hook's queryset class: leave it to Wagtail's search
    pages = pages.all()
    pages.__class__ = RegisterSearchQuerySet
    return pages
