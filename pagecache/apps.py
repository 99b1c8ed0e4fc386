from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"

    def ready(self):
        from pagecache import signals

        signals.connect()
