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
        from search.site_index import file_saved, fill_after_migrate, page_saved

        # Pages are saved under their own class (NewsPage, StandardPage, ...): listen to every model.
        post_save.connect(page_saved, dispatch_uid="site-search-page-saved")
        post_save.connect(file_saved, sender="home.PortalDocument", dispatch_uid="site-search-file-saved")
        post_migrate.connect(fill_after_migrate, sender=self, dispatch_uid="site-search-fill")

        for model in (SearchPromotion, Query):
            post_save.connect(
                forget_promotions, sender=model, dispatch_uid=f"forget-promotions-{model.__name__}"
            )
            post_delete.connect(
                forget_promotions, sender=model, dispatch_uid=f"forget-promotions-d-{model.__name__}"
            )
