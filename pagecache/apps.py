from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"

    def ready(self):
        from pagecache import cache, front, signals

        signals.connect()
        cache.tags_bumped.connect(front.on_tags_bumped, dispatch_uid="pagecache.front")
