from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Legal documents")

    def ready(self):
        from documents import signals
        from documents.search import replica
        from pagecache.cache import tags_bumped

        signals.connect()
        # Each change that may move search results notes the primary's WAL position for a replica.
        tags_bumped.connect(replica.on_tags_bumped, dispatch_uid="documents.search.replica")
