"""“Nhập thủ tục hành chính”: upload the CSV export of the department's procedures."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from procedures.importer import COLUMNS, ProcedureImporter, read_rows
from procedures.models import ProcedureIndexPage, ServiceLevel

IMPORT_PERMISSION = "procedures.import_procedurepage"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
SHOWN_REJECTIONS = 200


def register_choices():
    return [
        (page.pk, f"{page.title} ({page.locale.language_code})")
        for page in ProcedureIndexPage.objects.select_related("locale").order_by("path")
    ]


class ImportForm(forms.Form):
    register = forms.TypedChoiceField(label=_("Procedures register"), coerce=int, choices=register_choices)
    file = forms.FileField(label=_("File"), help_text=_("CSV (.csv) in UTF-8, at most 5 MB."))
    publish = forms.BooleanField(
        label=_("Publish the procedures"),
        required=False,
        help_text=_(
            "Only for users who may publish procedures in this register; otherwise they are saved as drafts."
        ),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        if uploaded.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("This file is larger than 5 MB."))
        return uploaded


def file_format():
    levels = ", ".join(f"{value} ({label})" for value, label in ServiceLevel.choices)
    described = {
        "code": _("Procedure code, e.g. 1.004945. Required; a procedure already in the register is updated."),
        "title": _("Name of the procedure. Required."),
        "field": _("Field, e.g. Báo chí. Required."),
        "level": _("Online service level: %(levels)s, or “Toàn trình”, “Một phần”.") % {"levels": levels},
        "agency": _("Agency that carries it out."),
        "processing_time": _("Processing time, e.g. 10 ngày làm việc. Required."),
        "fee": _("Fee in đồng: 1500000, 1.500.000 or 1.500.000 đ; 0 or “Miễn phí” when free."),
        "fee_note": _("Fee details."),
        "summary": _("Who it is for and what it gives."),
        "national_portal_url": _("Its address on dichvucong.gov.vn (https)."),
    }
    return [(column, described[column]) for column in COLUMNS]


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "procedures/admin/import.html"
    form_class = ImportForm
    page_title = _("Import administrative procedures")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["file_format"] = file_format()
        context["csv_header"] = ",".join(COLUMNS)
        return context

    def form_valid(self, form):
        register = ProcedureIndexPage.objects.get(pk=form.cleaned_data["register"])
        permissions = register.permissions_for_user(self.request.user)
        if not permissions.can_add_subpage():
            raise PermissionDenied
        publish = form.cleaned_data["publish"] and permissions.can_publish_subpage()
        text = io.TextIOWrapper(form.cleaned_data["file"].file, encoding="utf-8-sig", newline="")
        importer = ProcedureImporter(
            register, publish=publish, dry_run=form.cleaned_data["dry_run"], user=self.request.user
        )
        try:
            report = importer.run(read_rows(text))
        except (UnicodeDecodeError, ValueError):
            form.add_error("file", _("The file is not UTF-8 CSV text."))
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
