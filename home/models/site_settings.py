from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, TranslatableMixin

# The texts of the settings that readers see in their language (each has an ``<name>_en`` field).
TRANSLATED_TEXTS = ("parent_authority", "department_name", "address", "working_hours", "editor_in_charge")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """The department's identity and contact details, edited by the portal administrators."""

    department_name = models.CharField(
        _("department name"), max_length=255, default="Sở Thông tin và Truyền thông"
    )
    parent_authority = models.CharField(
        _("parent authority"),
        max_length=255,
        blank=True,
        help_text=_("Shown above the department name, e.g. “Ủy ban nhân dân tỉnh …”."),
    )
    logo = models.ForeignKey(
        "home.PortalImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the national emblem shipped with the portal."),
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.CharField(
        _("working hours"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Thứ Hai – Thứ Sáu: 7h30 – 11h30, 13h30 – 17h00”."),
    )
    editor_in_charge = models.CharField(
        _("person responsible for content"),
        max_length=255,
        blank=True,
        help_text=_("Required on Vietnamese state portals: who is responsible for the content."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=255,
        blank=True,
        help_text=_("The portal's operating licence number, if any."),
    )
    emc_tracking_code = models.TextField(
        _("EMC tracking code"),
        blank=True,
        help_text=_(
            "The tracking snippet issued by the national usage-monitoring centre (EMC), pasted "
            "as given. It is the only third-party code public pages load."
        ),
    )
    # The settings are one row per site, which wagtail-localize cannot translate (it translates
    # TranslatableMixin models, one row per locale): the texts a reader sees get an English field each.
    parent_authority_en = models.CharField(_("parent authority (English)"), max_length=255, blank=True)
    department_name_en = models.CharField(_("department name (English)"), max_length=255, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=500, blank=True)
    working_hours_en = models.CharField(_("working hours (English)"), max_length=255, blank=True)
    editor_in_charge_en = models.CharField(
        _("person responsible for content (English)"), max_length=255, blank=True
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    zalo_url = models.URLField(_("Zalo official account"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("parent_authority"), FieldPanel("department_name"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("working_hours"),
                FieldPanel("editor_in_charge"),
                FieldPanel("licence"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("youtube_url"), FieldPanel("zalo_url")],
            heading=_("Social networks"),
        ),
        FieldPanel("emc_tracking_code"),
        MultiFieldPanel(
            [FieldPanel(f"{name}_en") for name in TRANSLATED_TEXTS],
            heading=_("English version"),
            help_text=_("Shown on the English pages (/en/); an empty field shows the Vietnamese text."),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def text(self):
        """The texts in the active language: ``portal.text.department_name`` in templates."""
        return LocalizedTexts(self, translation.get_language())

    def localized(self, name, language=None):
        language = language or translation.get_language()
        if language and language != settings.LANGUAGE_CODE:
            value = getattr(self, f"{name}_{language}", "")
            if value:
                return value
        return getattr(self, name)


class LocalizedTexts:
    """Read-only view of a PortalSettings' texts in one language, falling back to Vietnamese."""

    def __init__(self, portal, language):
        self._portal = portal
        self._language = language

    def __getattr__(self, name):
        if name not in TRANSLATED_TEXTS:
            raise AttributeError(name)
        return self._portal.localized(name, self._language)


class ExternalLink(TranslatableMixin, Orderable):
    """A related agency's portal, listed in the “Liên kết” block on every page."""

    title = models.CharField(_("name"), max_length=255)
    url = models.URLField(_("address"))

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("external link")
        verbose_name_plural = _("external links")
        ordering = ["sort_order"]

    def __str__(self):
        return self.title
