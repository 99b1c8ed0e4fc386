"""Counting page views, exactly, with or without Redis.

With ``REDIS_URL`` set, a beacon is one round trip to Redis (``count_beacon``: a Lua script that checks
the reader's rate limit, then ``HINCRBY`` on the pending counts of the day and of the page, ``ZADD`` of
the reader's daily hash to the "online" sorted set, and reads back what the figures need) and no
database query: whether the page is live and public is checked when its count is written through.
``flush()`` moves the pending counts into the database: a Lua script renames them to a batch (new views
go to fresh pending hashes meanwhile), the batch is added to the tables in one transaction that also
records its id in ``FlushedBatch`` (so a batch is never added twice, even when two processes flush it
or a process dies between the database commit and the Redis cleanup), then the batch is deleted.
It never runs inside a reader's request: it runs every ``VISITS_FLUSH_INTERVAL`` seconds in a
background thread of each process that counts (at most one process per interval does the work, the one
that takes a lock in Redis), from the ``flush_visit_counters`` command (cron or a systemd timer), from
the admin's statistics view, and at process exit. The interval is a second by default: a Redis restart
loses at most the views of the last second or so (issue 19: none older than 2 s), and a round with nothing
pending costs one script call.

Without Redis, or while it is unreachable (django-redis swallows cache errors, so failures are detected
on the raw client), a view is written to the database directly: ``UPDATE … SET views = views + 1``, or
an insert when the row does not exist yet, retried as an update when a concurrent insert won. Both ways
N concurrent views add exactly N.

The numbers shown are the database's plus whatever Redis still holds, so they are live either way.
(A reading that overlaps a flush by a millisecond can be off by that batch, once; the stored counts are
exact.)
"""

import atexit
import datetime
import logging
import os
import threading
import time
import uuid

from redis import exceptions as redis_errors

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Sum
from django.dispatch import receiver
from django.utils import timezone

from wagtail.models import Page

from home.redis_cache import run_script
from visits.clients import Rate, rate_limit_key, rate_limited, retry_seconds
from visits.models import DailySalt, DailyVisits, FlushedBatch, OnlineReader, PageDailyVisits
from visits.periods import PERIOD_KEYS, Periods, local_now

logger = logging.getLogger(__name__)

STATS_KEYS = ("online", *PERIOD_KEYS)
REDIS_RETRY_SECONDS = 5  # after a Redis failure, count in the database for this long before retrying
PRUNE_EVERY_SECONDS = 60

REDIS_ERRORS = (redis_errors.RedisError, OSError)

# KEYS: pending days, pending pages, set of batches being flushed, batch days, batch pages. ARGV: batch id.
FLUSH_SCRIPT = """
local moved = 0
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[4]); moved = 1 end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[5]); moved = 1 end
if moved == 1 then redis.call('SADD', KEYS[3], ARGV[1]) end
return moved
"""

# One beacon in one round trip. KEYS: the reader's rate-limit window, pending days, pending pages, online
# readers, batches being flushed, the database generation, the online set's pruning mark. ARGV: the
# limit (0: none), the window's lifetime, 1 to count the view (0 for bots and admin paths), the day, the
# page field ("" for none), the reader, the time stamp, the online window, and the two halves of a
# batch's days key around its id.
# Returns {0} when over the limit, else {1, online, pending days (flat), the days of the batches being
# flushed (flat), generation}: no second round trip while a flush runs.
BEACON_SCRIPT = """
local limit = tonumber(ARGV[1])
if limit > 0 then
  local used = redis.call('INCR', KEYS[1])
  if used == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
  if used > limit then return {0} end
end
local stamp = tonumber(ARGV[7])
local since = stamp - tonumber(ARGV[8])
if ARGV[3] == '1' then
  redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
  if ARGV[5] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[5], 1) end
  redis.call('ZADD', KEYS[4], ARGV[7], ARGV[6])
  -- Readers gone for longer than the window leave the set once a second, not on every beacon (ZCOUNT
  -- below counts the window exactly either way).
  if redis.call('SET', KEYS[7], '1', 'NX', 'PX', 1000) then
    redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', since)
    redis.call('EXPIRE', KEYS[4], tonumber(ARGV[8]) * 2)
  end
end
local flushing = {}
for _, batch in ipairs(redis.call('SMEMBERS', KEYS[5])) do
  for _, item in ipairs(redis.call('HGETALL', ARGV[9] .. batch .. ARGV[10])) do
    flushing[#flushing + 1] = item
  end
end
return {1, redis.call('ZCOUNT', KEYS[4], '(' .. since, '+inf'), redis.call('HGETALL', KEYS[2]),
        flushing, redis.call('GET', KEYS[6]) or '0'}
"""

_state = {"redis_down_until": 0.0, "last_prune": 0.0, "started_pid": None}
_start_lock = threading.Lock()


# Redis --------------------------------------------------------------------------------------------


_fixed_keys = {}  # the keys below, made once (every beacon names six of them)
# Where a batch's id goes in its key (the cache's key function may add to both sides).
_BATCH_MARK = "\x00batch\x00"
_BATCH_HALVES = object()


def _key(name):
    # Through the cache's own key function: the same prefix (per process in the tests) as cache keys.
    key = _fixed_keys.get(name)
    if key is None:
        key = cache.make_key(f"visits:{name}")
        if not name.startswith("batch:"):
            _fixed_keys[name] = key
    return key


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting in ("CACHES", "REDIS_URL"):
        _fixed_keys.clear()
        _clients.clear()


class _Keys:
    days = property(lambda self: _key("pending:days"))
    pages = property(lambda self: _key("pending:pages"))
    flushing = property(lambda self: _key("flushing"))
    online = property(lambda self: _key("online"))
    online_pruned = property(lambda self: _key("online-pruned"))
    flush_lock = property(lambda self: _key("flush-lock"))
    # Bumped each time a flushed batch leaves Redis (its counts are then in the database): a process may
    # keep the database totals it read under one generation until the next.
    generation = property(lambda self: _key("db-generation"))

    @staticmethod
    def batch_days(batch_id):
        return _key(f"batch:{batch_id}:days")

    @property
    def batch_days_around(self):
        """The two halves of a batch's days key around its id (the beacon's script joins them)."""
        halves = _fixed_keys.get(_BATCH_HALVES)
        if halves is None:
            halves = _fixed_keys[_BATCH_HALVES] = tuple(self.batch_days(_BATCH_MARK).split(_BATCH_MARK))
        return halves

    @staticmethod
    def batch_pages(batch_id):
        return _key(f"batch:{batch_id}:pages")


KEYS = _Keys()


_clients = {}  # the raw Redis client of each cache alias, found once per process


def redis_client():
    """The raw Redis client when REDIS_URL is set and Redis has not failed in the last few seconds."""
    if not getattr(settings, "REDIS_URL", ""):
        return None
    if time.monotonic() < _state["redis_down_until"]:
        return None
    # The counters' own alias (VISITS_REDIS_URL: settings/base.py); its keys are made as the cache's.
    alias = "visits" if "visits" in settings.CACHES else "default"
    client = _clients.get(alias)
    if client is None:
        try:
            from django_redis import get_redis_connection

            client = _clients[alias] = get_redis_connection(alias)
        except (ImportError, NotImplementedError):  # the default cache is not django-redis
            return None
    return client


def _redis_failed(error):
    _state["redis_down_until"] = time.monotonic() + REDIS_RETRY_SECONDS
    logger.warning("Visit counter: Redis unavailable (%s); counting in the database", error)


def reset_redis_state():
    """Forget a past Redis failure (tests, and the flush command, which always tries Redis)."""
    _state["redis_down_until"] = 0.0


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _counts(raw):
    counts = {}
    for field, value in (raw or {}).items():
        try:
            counts[_text(field)] = int(value)
        except (TypeError, ValueError):
            logger.warning("Visit counter: ignoring a malformed Redis count %r=%r", field, value)
    return counts


def _day_counts(counts):
    days = {}
    for field, views in counts.items():
        try:
            day = datetime.date.fromisoformat(field)
        except ValueError:
            logger.warning("Visit counter: ignoring a malformed Redis day %r", field)
            continue
        days[day] = days.get(day, 0) + views
    return days


def _pending_days(client, pending, flushing):
    """Pending day counts plus those of batches being flushed right now (a second round trip, rarely)."""
    counts = _counts(pending)
    if flushing:
        pipe = client.pipeline(transaction=False)
        for batch_id in flushing:
            pipe.hgetall(KEYS.batch_days(_text(batch_id)))
        for raw in pipe.execute():
            for field, views in _counts(raw).items():
                counts[field] = counts.get(field, 0) + views
    return _day_counts(counts)


def _record_in_redis(client, reader, page_id, now, day):
    window = settings.VISITS_ONLINE_SECONDS
    stamp = now.timestamp()
    pipe = client.pipeline(transaction=True)
    pipe.hincrby(KEYS.days, day.isoformat(), 1)
    if page_id:
        pipe.hincrby(KEYS.pages, f"{day.isoformat()}:{page_id}", 1)
    pipe.zadd(KEYS.online, {reader: stamp})
    pipe.zremrangebyscore(KEYS.online, "-inf", stamp - window)  # keeps those seen after now - window
    pipe.expire(KEYS.online, window * 2)
    pipe.zcard(KEYS.online)
    pipe.hgetall(KEYS.days)
    pipe.smembers(KEYS.flushing)
    pipe.get(KEYS.generation)
    *_, online, pending, flushing, generation = pipe.execute()
    return online, _pending_days(client, pending, flushing), _text(generation or b"0")


def _read_redis(client, now):
    window = settings.VISITS_ONLINE_SECONDS
    pipe = client.pipeline(transaction=True)
    pipe.zcount(KEYS.online, f"({now.timestamp() - window}", "+inf")
    pipe.hgetall(KEYS.days)
    pipe.smembers(KEYS.flushing)
    pipe.get(KEYS.generation)
    online, pending, flushing, generation = pipe.execute()
    return online, _pending_days(client, pending, flushing), _text(generation or b"0")


# Database ----------------------------------------------------------------------------------------


def increment(model, lookup, views):
    """Add ``views`` to the row of ``model`` matching ``lookup``, creating it if needed; exact under
    concurrency. Returns False when the row could not be written (its page was deleted)."""
    if model.objects.filter(**lookup).update(views=F("views") + views):
        return True
    try:
        with transaction.atomic():
            model.objects.create(**lookup, views=views)
        return True
    except IntegrityError:  # a concurrent insert won the race (or the page is gone)
        return bool(model.objects.filter(**lookup).update(views=F("views") + views))


def _touch_online(reader, now):
    if OnlineReader.objects.filter(reader=reader).update(last_seen=now):
        return
    try:
        with transaction.atomic():
            OnlineReader.objects.create(reader=reader, last_seen=now)
    except IntegrityError:
        OnlineReader.objects.filter(reader=reader).update(last_seen=now)


LIVE_PAGE_SECONDS = 60
_live_pages = {}


def is_live_page(page_id):
    """Whether the page exists and is live and public; remembered for a minute in each process."""
    now = time.monotonic()
    known = _live_pages.get(page_id)
    if known is not None and known[0] > now:
        return known[1]
    live = Page.objects.live().public().filter(pk=page_id).exists()
    if len(_live_pages) > 10_000:
        _live_pages.clear()
    _live_pages[page_id] = (now + LIVE_PAGE_SECONDS, live)
    return live


def forget_live_pages():
    _live_pages.clear()


def _record_in_database(reader, page_id, now, day):
    increment(DailyVisits, {"day": day}, 1)
    if page_id:
        increment(PageDailyVisits, {"day": day, "page_id": page_id}, 1)
    _touch_online(reader, now)
    if time.monotonic() - _state["last_prune"] > PRUNE_EVERY_SECONDS:
        _state["last_prune"] = time.monotonic()
        prune(now)


def _database_online(now):
    since = now - datetime.timedelta(seconds=settings.VISITS_ONLINE_SECONDS)
    return OnlineReader.objects.filter(last_seen__gt=since).count()


def _database_totals(periods):
    aggregates = {}
    for key, (first, last) in periods.ranges().items():
        if first is None:
            aggregates[key] = Sum("views", default=0)
        else:
            aggregates[key] = Sum("views", default=0, filter=Q(day__gte=first, day__lte=last))
    return DailyVisits.objects.aggregate(**aggregates)


# The database totals under a Redis generation, per process: {"key": (generation, today), "totals", "until"}.
# Without it every beacon paid an aggregate query (8 of its 12 ms, profiled on PostgreSQL); with it the
# database is read once per flush per process. The time limit bounds what a write outside the flush (the
# database fallback during a Redis outage, a restore) can leave unseen.
TOTALS_CACHE_SECONDS = 30
_totals_cache = {}


def forget_database_totals():
    _totals_cache.clear()


def _cached_database_totals(periods, generation):
    if generation is None:
        return _database_totals(periods)
    key = (generation, periods.today)
    now = time.monotonic()
    if _totals_cache.get("key") == key and _totals_cache["until"] > now:
        return _totals_cache["totals"]
    totals = _database_totals(periods)
    _totals_cache.update(key=key, totals=totals, until=now + TOTALS_CACHE_SECONDS)
    return totals


def _stats(now, online, pending_days, generation=None, today=None):
    periods = Periods(today or local_now(now).date())
    totals = dict(_cached_database_totals(periods, generation))  # a copy: the pending counts are added to it
    for day, views in pending_days.items():
        periods.add(totals, day, views)
    return {"online": int(online), **{key: int(totals[key]) for key in PERIOD_KEYS}}


# Public API --------------------------------------------------------------------------------------


def record_view(reader, page_id=None, now=None):
    """Count one page view by ``reader`` (a daily hash) of ``page_id`` (or of a page that is not a
    Wagtail page); return the statistics including it."""
    now = now or timezone.now()
    day = local_now(now).date()
    client = redis_client()
    if client is not None:
        try:
            online, pending, generation = _record_in_redis(client, reader, page_id, now, day)
        except REDIS_ERRORS as error:
            _redis_failed(error)
        else:
            _start_flushing()
            return _stats(now, online, pending, generation)
    _record_in_database(reader, page_id, now, day)
    forget_database_totals()
    return _stats(now, _database_online(now), {})


def count_beacon(reader, page_id=None, *, count=True, rate="0/60", now=None):
    """One beacon: the reader's rate limit, then (when ``count``) one view of ``page_id`` (or of a page
    that is not a Wagtail page), then the figures. Returns ``(retry_after, stats)``: the seconds to wait
    and None when the reader is over ``rate``, else None and the statistics (including this view).

    With Redis: one round trip and no database query (the database totals are the process's copy, see
    ``_cached_database_totals``); whether ``page_id`` is a live, public page is checked when the counts
    are written through (``_write_batch``). Without Redis: the cache's rate limit, then the database.
    """
    now = now or timezone.now()
    rate = Rate.parse(rate)
    client = redis_client()
    if client is not None:
        clock = time.time()  # the rate limit's window (time.time(), as in visits.clients.rate_limited)
        today = local_now(now).date()
        try:
            page = page_id if count else None
            result = _beacon_in_redis(client, reader, page, count, rate, now, clock, today)
        except REDIS_ERRORS as error:
            _redis_failed(error)
        else:
            _start_flushing()
            if result is None:
                return retry_seconds(rate, clock), None
            return None, _stats(now, *result, today=today)
    retry_after = rate_limited("visits", reader, rate)
    if retry_after is not None:
        return retry_after, None
    if not count:
        return None, current_stats(now)
    if page_id is not None and not is_live_page(page_id):
        page_id = None  # e.g. a cached copy of a page unpublished since: counted for the site only
    return None, record_view(reader, page_id, now)


def _beacon_in_redis(client, reader, page_id, count, rate, now, clock, today):
    """Run BEACON_SCRIPT for one beacon: (online, pending days, generation), or None over the rate limit."""
    stamp = now.timestamp()
    day = today.isoformat()
    keys = [
        cache.make_key(rate_limit_key("visits", reader, rate, clock)),
        KEYS.days,
        KEYS.pages,
        KEYS.online,
        KEYS.flushing,
        KEYS.generation,
        KEYS.online_pruned,
    ]
    args = [
        max(rate.count, 0),
        rate.seconds + 1,
        1 if count else 0,
        day,
        f"{day}:{page_id}" if page_id else "",
        reader,
        repr(stamp),
        settings.VISITS_ONLINE_SECONDS,
        *KEYS.batch_days_around,
    ]
    reply = run_script(client, BEACON_SCRIPT, keys, args)
    if not reply[0]:
        return None
    _, online, flat_days, flat_flushing, generation = reply
    counts = _counts(dict(zip(flat_days[::2], flat_days[1::2], strict=True)))
    for pair in zip(flat_flushing[::2], flat_flushing[1::2], strict=True):
        for field, views in _counts(dict([pair])).items():  # batches may share a day
            counts[field] = counts.get(field, 0) + views
    return online, _day_counts(counts), _text(generation)


def current_stats(now=None):
    """{"online", "today", "this_week", "last_week", "this_month", "last_month", "total"}."""
    now = now or timezone.now()
    client = redis_client()
    if client is not None:
        try:
            online, pending, generation = _read_redis(client, now)
        except REDIS_ERRORS as error:
            _redis_failed(error)
        else:
            return _stats(now, online, pending, generation)
    return _stats(now, _database_online(now), {})


def flush(client=None):
    """Write the counts Redis holds to the database; return how many page views were written."""
    client = client or redis_client()
    if client is None:
        return 0
    batch_id = uuid.uuid4().hex
    try:
        script = client.register_script(FLUSH_SCRIPT)
        script(
            keys=[
                KEYS.days,
                KEYS.pages,
                KEYS.flushing,
                KEYS.batch_days(batch_id),
                KEYS.batch_pages(batch_id),
            ],
            args=[batch_id],
        )
        # This batch, and any that a process left behind when it died in the middle of a flush.
        batches = sorted(_text(member) for member in client.smembers(KEYS.flushing))
    except REDIS_ERRORS as error:
        _redis_failed(error)
        return 0
    return sum(_flush_batch(client, batch) for batch in batches)


def _flush_batch(client, batch_id):
    try:
        days = _day_counts(_counts(client.hgetall(KEYS.batch_days(batch_id))))
        page_fields = _counts(client.hgetall(KEYS.batch_pages(batch_id)))
    except REDIS_ERRORS as error:
        _redis_failed(error)
        return 0
    pages = {}
    for field, views in page_fields.items():
        day, _, page_id = field.partition(":")
        try:
            pages[(datetime.date.fromisoformat(day), int(page_id))] = views
        except ValueError:
            logger.warning("Visit counter: ignoring a malformed Redis page count %r", field)
    written = _write_batch(batch_id, days, pages)
    try:
        # One transaction: a reader sees the batch pending and the old generation, or neither.
        pipe = client.pipeline(transaction=True)
        pipe.delete(KEYS.batch_days(batch_id), KEYS.batch_pages(batch_id))
        pipe.srem(KEYS.flushing, batch_id)
        pipe.incr(KEYS.generation)
        pipe.execute()
    except REDIS_ERRORS as error:  # recorded as flushed: the next flush only deletes it
        _redis_failed(error)
    return written


def _write_batch(batch_id, days, pages, attempts=3):
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                _, created = FlushedBatch.objects.get_or_create(batch_id=batch_id)
                if not created:
                    return 0  # already written, by another process or before a failed cleanup
                for day, views in sorted(days.items()):
                    increment(DailyVisits, {"day": day}, views)
                # Only live, public pages have views of their own (a beacon may name any number, or a
                # page unpublished since it was cached); the others' views count for the site only.
                existing = set(
                    Page.objects.live()
                    .public()
                    .filter(pk__in={page_id for _, page_id in pages})
                    .values_list("pk", flat=True)
                )
                for (day, page_id), views in sorted(pages.items()):
                    if page_id in existing:
                        increment(PageDailyVisits, {"day": day, "page_id": page_id}, views)
            return sum(days.values())
        except IntegrityError:  # a page was deleted during the flush: try again without it
            if attempt == attempts - 1:
                raise
    return 0


def prune(now=None):
    """Delete what is no longer needed: readers offline for long, past days' salts, old batch ids."""
    now = now or timezone.now()
    today = local_now(now).date()
    OnlineReader.objects.filter(
        last_seen__lte=now - datetime.timedelta(seconds=settings.VISITS_ONLINE_SECONDS)
    ).delete()
    DailySalt.objects.filter(day__lt=today).delete()
    FlushedBatch.objects.filter(flushed_at__lt=now - datetime.timedelta(days=2)).delete()


def flush_at_exit():
    try:
        written = flush()
    except Exception:  # never let the exit fail; the next flush from cron picks the counts up
        logger.exception("Visit counter: flush at exit failed")
        return
    if written:
        logger.info("Visit counter: wrote %s page views to the database at exit", written)


def _flush_periodically(interval, stop=None):
    """Every ``interval`` seconds, until ``stop`` (a threading.Event) is set: one process flushes, the
    one that takes the lock (held for less than the interval, so no round is skipped)."""
    stop = stop or threading.Event()
    while not stop.wait(interval):
        try:
            client = redis_client()
            if client is not None and client.set(
                KEYS.flush_lock, os.getpid(), nx=True, px=max(100, int(interval * 800))
            ):
                flush(client)
        except REDIS_ERRORS as error:  # Redis down: the warning of the counter, not a traceback a second
            _redis_failed(error)
        except Exception:
            logger.exception("Visit counter: periodic flush failed")
        finally:
            connection.close()


def _start_flushing():
    """Once per process that counts in Redis: flush at exit, and every VISITS_FLUSH_INTERVAL seconds."""
    pid = os.getpid()
    if _state["started_pid"] == pid:
        return
    with _start_lock:
        if _state["started_pid"] == pid:
            return
        _state["started_pid"] = pid
        if getattr(settings, "VISITS_FLUSH_AT_EXIT", True):
            atexit.register(flush_at_exit)
        interval = getattr(settings, "VISITS_FLUSH_INTERVAL", 1)
        if interval > 0:
            threading.Thread(
                target=_flush_periodically, args=(interval,), name="visit-counter-flush", daemon=True
            ).start()
