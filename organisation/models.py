"""Tổ chức bộ máy (Nghị định 42/2022, Điều 4): the department, its units and officials as pages.

Pages rather than snippets: each record then goes through the approval workflow, gets an English
translation with wagtail-localize, a public address, a place in the sitemap and the page cache's purge
rules like any other page. The tree is the structure: OrganisationPage → UnitPage → OfficialPage.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import SourceImageIOError
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import PARAGRAPH_FEATURES, BaseStreamBlock
from home.models import BasePage
from home.text import nfc
from organisation.directory import directory_context, folded_key
from pagecache.cache import GLOBAL_TAG


class UnitKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Board of directors")
    DIVISION = "division", _("Specialised division")
    AFFILIATED = "affiliated", _("Affiliated unit")


class Rank(models.IntegerChoices):
    """Where an official stands in the unit: the head first, then the deputies, then the staff."""

    HEAD = 1, _("Head")
    DEPUTY = 2, _("Deputy")
    STAFF = 3, _("Staff")


class PressRole(models.TextChoices):
    NONE = "", _("None")
    SPOKESPERSON = "spokesperson", _("Spokesperson")
    AUTHORISED = "authorised", _("Authorised to speak to the press")


class OrganisationPage(RoutablePageMixin, BasePage):
    """The department: functions and tasks, its leadership and units (the chart) and the directory."""

    intro = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown under the title and in listings.")
    )
    functions = StreamField(
        BaseStreamBlock(),
        verbose_name=_("functions and tasks"),
        blank=True,
        help_text=_(
            "The department's position, functions, tasks and powers, as the founding decision states."
        ),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("functions")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("functions")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["organisation.UnitPage"]
    max_count_per_parent = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def units(self):
        return UnitPage.objects.live().public().child_of(self).order_by("path")

    def officials(self):
        return OfficialPage.objects.live().public().descendant_of(self)

    def chart(self):
        """[(unit, [officials, head first])] in tree order: what the chart and the leadership show."""
        units = list(self.units())
        officials = (
            self.officials()
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("rank", "path")
        )
        by_unit = {unit.path: [] for unit in units}
        for official in officials:
            parent = official.path[: -OfficialPage.steplen]
            if parent in by_unit:
                by_unit[parent].append(official)
        return [(unit, by_unit[unit.path]) for unit in units]

    def press_contacts(self):
        """The spokesperson first, then those authorised to speak."""
        officials = self.officials().exclude(press_role="").order_by("rank", "path")
        return sorted(officials, key=lambda o: o.press_role != PressRole.SPOKESPERSON)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chart = self.chart()
        context.update(
            {
                "leadership": [row for row in chart if row[0].kind == UnitKind.LEADERSHIP],
                "divisions": [row for row in chart if row[0].kind == UnitKind.DIVISION],
                "affiliated": [row for row in chart if row[0].kind == UnitKind.AFFILIATED],
                "press_contacts": sorted(
                    (o for _u, people in chart for o in people if o.press_role),
                    key=lambda o: o.press_role != PressRole.SPOKESPERSON,
                ),
                "json_ld": self.json_ld(request, chart),
                "canonical_url": self.get_full_url(request),
            }
        )
        return context

    def json_ld(self, request, chart):
        """schema.org GovernmentOrganization with its units and leaders."""
        from organisation.structured_data import organisation_json_ld

        return organisation_json_ld(self, request, chart)

    @path("danh-ba/", name="directory")
    def directory(self, request):
        from django.template.response import TemplateResponse

        # The page's own context without the chart: the directory does not show it.
        context = super(RoutablePageMixin, self).get_context(request)
        context.update(directory_context(self, request))
        return TemplateResponse(request, "organisation/directory.html", context)


class UnitPage(BasePage):
    """A unit (Ban Giám đốc, a phòng, a trung tâm): its functions and its contacts; its officials below."""

    kind = models.CharField(
        _("kind of unit"), max_length=20, choices=UnitKind.choices, default=UnitKind.DIVISION
    )
    functions = RichTextField(
        _("functions and tasks"),
        blank=True,
        features=PARAGRAPH_FEATURES,
        help_text=_("What the unit does, in a few sentences or a list."),
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("functions"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]), FieldPanel("address")],
            heading=_("Contact"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("functions"), index.FilterField("kind")]
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
    ]

    parent_page_types = ["organisation.OrganisationPage"]
    subpage_types = ["organisation.OfficialPage"]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def officials(self):
        return (
            OfficialPage.objects.live()
            .public()
            .child_of(self)
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("rank", "path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["officials"] = list(self.officials())
        context["canonical_url"] = self.get_full_url(request)
        return context


class OfficialPageForm(WagtailAdminPageForm):
    """Refuses a second head in a unit, for a new official too (it is not in the tree before it is saved)."""

    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if cleaned_data.get("rank") == Rank.HEAD and parent is not None:
            heads = OfficialPage.objects.child_of(parent).filter(rank=Rank.HEAD)
            if self.instance.pk:
                heads = heads.exclude(pk=self.instance.pk)
            if heads.exists():
                self.add_error("rank", _("This unit already has a head: make this official a deputy."))
        return cleaned_data


class OfficialPage(BasePage):
    """An official: the page's title is the full name; position, rank, photo and contacts are fields."""

    # The footer of every page names the spokespeople (organisation/wagtail_hooks.py): a change to an
    # official purges every stored page (see page_cache_purge_tags).
    position = models.CharField(
        _("position"), max_length=255, help_text=_("E.g. “Phó Giám đốc Sở” or “Trưởng phòng”.")
    )
    rank = models.PositiveSmallIntegerField(
        _("rank in the unit"),
        choices=Rank.choices,
        default=Rank.STAFF,
        help_text=_("The head is shown first, then the deputies, then the staff."),
    )
    photo = models.ForeignKey(
        "home.PortalImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to describe the photo with the official's name."),
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    responsibilities = RichTextField(
        _("areas of responsibility"),
        blank=True,
        features=PARAGRAPH_FEATURES,
        help_text=_("The fields and units the official is in charge of."),
    )
    press_role = models.CharField(
        _("role towards the press"),
        max_length=20,
        choices=PressRole.choices,
        default=PressRole.NONE,
        blank=True,
        help_text=_("The spokesperson and those authorised to speak are shown on every page's footer."),
    )
    # Name and position without diacritics, in lower case: the directory search (organisation/directory.py).
    search_key = models.CharField(max_length=600, blank=True, editable=False, db_index=True)

    content_panels = [
        TitleFieldPanel("title", heading=_("Full name")),
        FieldRowPanel([FieldPanel("position"), FieldPanel("rank")]),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Photo")),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        FieldPanel("responsibilities"),
        FieldPanel("press_role"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("position", boost=2),
        index.SearchField("responsibilities"),
        index.AutocompleteField("position"),
        index.FilterField("rank"),
    ]
    override_translatable_fields = [
        SynchronizedField("title"),
        SynchronizedField("rank"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("photo"),
        SynchronizedField("press_role"),
    ]

    parent_page_types = ["organisation.UnitPage"]
    subpage_types = []
    base_form_class = OfficialPageForm

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.position = nfc(self.position)
        self.search_key = folded_key(self.title, self.position)[:600]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.rank == Rank.HEAD and self.path:
            other_heads = (
                OfficialPage.objects.sibling_of(self, inclusive=False)
                .filter(rank=Rank.HEAD)
                .exclude(pk=self.pk)
            )
            if other_heads.exists():
                raise ValidationError(
                    {"rank": _("This unit already has a head: make this official a deputy.")}
                )

    def page_cache_purge_tags(self):
        return {GLOBAL_TAG}

    @property
    def shown_photo_alt(self):
        return self.photo_alt or self.title

    def unit(self):
        if self.portal_ancestors:
            return self.portal_ancestors[-1]
        return self.get_parent()

    def photo_url(self, request, spec="fill-300x400"):
        if not self.photo:
            return ""
        try:
            url = self.photo.get_rendition(spec).url
        except SourceImageIOError:
            return ""
        return request.build_absolute_uri(url) if request else url

    def get_context(self, request, *args, **kwargs):
        from organisation.structured_data import person_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = person_json_ld(self, request)
        context["canonical_url"] = self.get_full_url(request)
        return context
