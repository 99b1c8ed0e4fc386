"""Who is asking: the reader's address, daily-salted reader hashes, bots, same-origin requests and
per-client rate limits. Shared by the visit counter and the ratings.

No address is stored anywhere: it is hashed with a random salt that belongs to one day
(``DailySalt``) and is deleted after that day, so yesterday's hashes can no longer be linked to anyone.
"""

import functools
import hashlib
import math
import re
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError

from home.proxies import client_ip
from visits.periods import local_today

__all__ = ["client_ip"]  # the portal's one rule for the client's address (home/proxies.py)

# User agents that are not a person reading: crawlers, link previews, monitors, HTTP libraries and
# headless browsers. "cubot" is a phone brand, not a bot.
BOT_PATTERN = re.compile(
    r"(?<!cu)bot|crawl|spider|slurp|archiver|mediapartners|facebookexternalhit|facebookcatalog|embedly|"
    r"preview|lighthouse|pagespeed|gtmetrix|headless|phantomjs|selenium|puppeteer|playwright|python|"
    r"curl|wget|httpie|go-http|okhttp|java/|libwww|scrapy|axios|node-fetch|undici|feed|monitor|uptime|"
    r"pingdom|validator|zgrab|masscan|nmap",
    re.IGNORECASE,
)

_salts = {}
_salts_lock = threading.Lock()


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:512]


_bot_agents = {}  # user agent -> is a bot, per process (matching the pattern costs tens of µs)
_MAX_AGENTS = 5000


def is_bot(request):
    """An obvious bot: no user agent, or one that names itself a crawler, a tool or a headless browser."""
    agent = user_agent(request)
    known = _bot_agents.get(agent)
    if known is None:
        stripped = agent.strip()
        known = not stripped or bool(BOT_PATTERN.search(stripped))
        if len(_bot_agents) >= _MAX_AGENTS:
            _bot_agents.clear()
        _bot_agents[agent] = known
    return known


def daily_salt(day=None):
    """The random salt of ``day`` (today in Asia/Ho_Chi_Minh), created by whichever process needs it first."""
    day = day or local_today()
    salt = _salts.get(day)
    if salt is None:
        from visits.models import DailySalt  # not at import time: the app registry may not be ready

        try:
            salt = DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})[0].salt
        except IntegrityError:  # created by another process between the lookup and the insert
            salt = DailySalt.objects.get(day=day).salt
        with _salts_lock:
            _salts.clear()  # only today's salt is ever needed
            _salts[day] = salt
    return salt


def forget_salts():
    """Drop the salts held in memory (tests, and after the stored salts are deleted)."""
    with _salts_lock:
        _salts.clear()


def _digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def reader_hash(request, day=None):
    """Today's pseudonym of a reader: address and browser, hashed with today's salt.

    The browser only tells readers apart within ``VISITS_READERS_PER_ADDRESS`` slots per address: one
    address that rotates its User-Agent counts as at most that many readers ("Đang truy cập", and the
    per-reader rate limit, which so also holds per address).
    """
    salt = daily_salt(day)
    slot = _agent_slot(salt, user_agent(request), max(1, settings.VISITS_READERS_PER_ADDRESS))
    return _digest(salt, "reader", client_ip(request), str(slot))


@functools.lru_cache(maxsize=2048)  # a pure function: most beacons come from a few hundred browsers
def _agent_slot(salt, agent, slots):
    return int(_digest(salt, "agent", agent)[:8], 16) % slots


def client_hash(request, day=None):
    """Today's pseudonym of a network address (for rate limits: changing browsers does not escape them)."""
    return _digest(daily_salt(day), "client", client_ip(request))


def _origin(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request):
    """Whether the browser says the request comes from one of this site's own pages.

    Fetch metadata first (every current browser sends ``Sec-Fetch-Site``), then ``Origin``, then
    ``Referer``; a request that carries none of them is refused.
    """
    meta = request.META  # not request.headers, which copies every header: this runs on every beacon
    fetch_site = meta.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site == "same-origin"
    allowed = {f"{request.scheme}://{request.get_host()}".lower()}
    allowed.update(origin.lower() for origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    origin = meta.get("HTTP_ORIGIN")
    if origin and origin != "null":
        return _origin(origin) in allowed
    referer = meta.get("HTTP_REFERER")
    if referer:
        return _origin(referer) in allowed
    return False


def referer_path(request):
    referer = request.META.get("HTTP_REFERER", "")
    return urlsplit(referer).path if referer else ""


@dataclass(frozen=True)
class Rate:
    """``count`` requests per ``seconds``; a count of 0 turns the limit off."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, value):
        if isinstance(value, Rate):
            return value
        return _parse_rate(str(value))


@functools.lru_cache(maxsize=64)  # a setting's text: parsed once, not on every beacon
def _parse_rate(value):
    count, _, seconds = value.partition("/")
    return Rate(int(count), int(seconds or 60))


def rate_limit_key(scope, key, rate, now=None):
    """The cache key that counts ``key``'s requests in ``scope`` during the current window of ``rate``."""
    now = time.time() if now is None else now
    return f"ratelimit:{scope}:{key}:{int(now // rate.seconds)}"


def retry_seconds(rate, now=None):
    """Seconds until the current window of ``rate`` ends (at least 1)."""
    now = time.time() if now is None else now
    return max(1, math.ceil((int(now // rate.seconds) + 1) * rate.seconds - now))


def rate_limited(scope, key, rate):
    """Count one request of ``key`` in ``scope``; return the seconds to wait when over the limit, else None.

    A fixed window in the default cache: atomic in Redis (shared by every process), per process with
    the local-memory cache. When the cache is unavailable the request is let through. (The visit beacon
    does the same inside its one Redis round trip: ``visits.counter.count_beacon``.)
    """
    rate = Rate.parse(rate)
    if rate.count <= 0:
        return None
    now = time.time()
    cache_key = rate_limit_key(scope, key, rate, now)
    if cache.add(cache_key, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=rate.seconds + 1)
            count = 1
        if count is None:  # django-redis with IGNORE_EXCEPTIONS during an outage
            return None
    if count > rate.count:
        return retry_seconds(rate, now)
    return None
