from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion

        from search.promotions import forget_promotions
        from search.querylog import log_beacon_search
        from search.site_index import file_saved, fill_after_migrate, page_saved
        from visits.signals import search_page_viewed

        # Pages are saved under their own class (NewsPage, StandardPage, ...): listen to every model.
        post_save.connect(page_saved, dispatch_uid="site-search-page-saved")
        post_save.connect(file_saved, sender="home.PortalDocument", dispatch_uid="site-search-file-saved")
        post_migrate.connect(fill_after_migrate, sender=self, dispatch_uid="site-search-fill")

        # The register's searches are logged by the beacon of the page that shows them (it may be cached).
        search_page_viewed.connect(log_beacon_search, dispatch_uid="search-log-beacon")
        for model in (SearchPromotion, Query):
            post_save.connect(
                forget_promotions, sender=model, dispatch_uid=f"forget-promotions-{model.__name__}"
            )
            post_delete.connect(
                forget_promotions, sender=model, dispatch_uid=f"forget-promotions-d-{model.__name__}"
            )
