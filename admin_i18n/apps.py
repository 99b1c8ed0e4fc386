from django.apps import AppConfig


class AdminI18nConfig(AppConfig):
    """The admin's Vietnamese: a catalogue of every message of Wagtail and the other admin packages.

    Installed after the project's own apps and before the packages, so its ``locale/`` wins over the
    packages' catalogues while the project's own catalogues still win over it. The JavaScript messages
    live in ``js_locale/`` (in ``LOCALE_PATHS``): the packages' JavaScript catalogues read only their own
    package and ``LOCALE_PATHS``. ``manage.py sync_admin_translations`` keeps both up to date.
    """

    name = "admin_i18n"
