from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.clickjacking import xframe_options_sameorigin

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import serve as serve_document

from articles.views import latest_feed
from documents import api as documents_api
from home import views as home_views
from home.i18n import PortalSitemap
from search import views as search_views
from visits import views as visits_views

urlpatterns = [
    path("healthz", home_views.health, name="health"),
    path("api/v2/legal-documents/", documents_api.legal_documents, name="legal_documents_api"),
    path("api/v2/legal-documents/suggest/", documents_api.suggest, name="legal_documents_suggest"),
    path(settings.ADMIN_PATH, include(wagtailadmin_urls)),
    # Documents may be framed by the site itself (the PDF preview on a legal document's page); every
    # other response keeps X-Frame-Options: DENY.
    path(
        "documents/<int:document_id>/<str:document_filename>",
        xframe_options_sameorigin(serve_document),
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/ratings/", include("ratings.urls")),
    path("gop-y-du-thao/", include("consultation.urls")),
    path("api/stats/", include("visits.urls")),
]

if settings.BENCH_PING:  # bench/http_bench.py's baseline: a minimal Django view under the same server
    urlpatterns.append(path("bench/ping", home_views.bench_ping, name="bench_ping"))

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Local development and `make run` only (settings/dev.py); production serves media from its web server.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    )

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("rss.xml", latest_feed, name="rss"),
    path("cach-tinh-so-lieu-truy-cap/", visits_views.about, name="visits_about"),
    path("", include("participation.urls")),  # the citizens' forms (participation/urls.py)
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
