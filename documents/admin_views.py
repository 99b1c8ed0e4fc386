"""Admin views to import and export the register, for editors who don't use the command line."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from documents.exporter import export_to_string
from documents.importer import LegalDocumentImporter, read_rows
from documents.models import LegalDocumentIndexPage, LegalDocumentPage

MAX_ADMIN_IMPORT_BYTES = 20 * 1024 * 1024
SHOWN_REJECTIONS = 200
IMPORT_PERMISSION = "documents.import_legaldocumentpage"
EXPORT_PERMISSION = "documents.export_legaldocumentpage"
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


def export_view(request):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    form = ExportForm(request.GET, prefix=EXPORT_PREFIX)
    if not form.is_valid():
        return HttpResponse(_("Choose a register and a format."), status=400, content_type="text/plain")
    register = LegalDocumentIndexPage.objects.get(pk=form.cleaned_data["register"])
    file_format = form.cleaned_data["format"]
    body = export_to_string(file_format, LegalDocumentPage.objects.child_of(register))
    content_type = "text/csv" if file_format == "csv" else "application/x-ndjson"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="van-ban-{register.slug}.{file_format}"'
    return response
