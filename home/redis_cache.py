"""The Redis cache backend: django-redis, with a fresh result on every failed ``get_many``.

With ``IGNORE_EXCEPTIONS`` django-redis answers a failed ``get_many`` with the one ``{}`` given to its
decorator, shared by every later failure in the process: a caller that adds to what it got changes that
default, and every later failed call returns the keys it added (issue 19: a ``KeyError`` on every page
for the life of the worker after the first Redis blip). Here a failure returns a new empty dict.
"""

from django_redis.cache import RedisCache as DjangoRedisCache


class RedisCache(DjangoRedisCache):
    def get_many(self, *args, **kwargs):
        return dict(super().get_many(*args, **kwargs))
