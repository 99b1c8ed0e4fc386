"""Page views sent to Redis in batches, off the reader's request (``VISITS_BATCH_SECONDS`` > 0).

A busy page cache serves a page in less time than a round trip to Redis and a script costs it, so each
process collects the views it counts and a thread of its own sends them every ``VISITS_BATCH_SECONDS``
(0.05) in one script (``BATCH_SCRIPT``: the same rate limit, counts and "online" set as the single
view's, for every view of the batch, then the figures). The figures a page shows are those of the last
batch's answer plus the views this process counted since: live within a batch's interval for the
views of other processes, exact for its own.

A view is sent at once, in the reader's request, whenever the last answer is older than
``VISITS_BATCH_FRESH_SECONDS`` (1 s) or of another day: a quiet site shows exact figures, a busy one
sends about twenty scripts a second per process instead of one per view. The queue is sent when the
process exits; a process killed outright loses at most one interval of its views. Without Redis (or
while it is down) views go to the database as before, one by one.
"""

import atexit
import logging
import os
import threading
import time

from django.conf import settings
from django.utils import timezone

from visits import counter
from visits.clients import Rate, rate_limit_key
from visits.periods import local_now

logger = logging.getLogger(__name__)

# KEYS: pending days, pending pages, online readers, batches being flushed, the database generation, then
# each view's rate-limit window. ARGV: the limit (0: none), a window's lifetime, the online window, the
# time stamp, the number of views, then per view: its day, its page field ("" for none), its reader, its
# time stamp. Returns {views counted, online, pending days (flat), batches being flushed, generation}.
BATCH_SCRIPT = """
local limit = tonumber(ARGV[1])
local views = tonumber(ARGV[5])
local counted = 0
for i = 1, views do
  local arg = 6 + (i - 1) * 4
  local allowed = true
  if limit > 0 then
    local used = redis.call('INCR', KEYS[5 + i])
    if used == 1 then redis.call('EXPIRE', KEYS[5 + i], ARGV[2]) end
    allowed = used <= limit
  end
  if allowed then
    redis.call('HINCRBY', KEYS[1], ARGV[arg], 1)
    if ARGV[arg + 1] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[arg + 1], 1) end
    redis.call('ZADD', KEYS[3], ARGV[arg + 3], ARGV[arg + 2])
    counted = counted + 1
  end
end
local since = tonumber(ARGV[4]) - tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', since)
redis.call('EXPIRE', KEYS[3], tonumber(ARGV[3]) * 2)
return {counted, redis.call('ZCOUNT', KEYS[3], '(' .. since, '+inf'), redis.call('HGETALL', KEYS[1]),
        redis.call('SMEMBERS', KEYS[4]), redis.call('GET', KEYS[5]) or '0'}
"""
# The periods a view of today adds to.
TODAY_KEYS = ("today", "this_week", "this_month", "total")


class Batcher:
    def __init__(self):
        self.lock = threading.Lock()
        self.queue = []  # (rate-limit key, day, page field, reader, time stamp)
        self.in_flight = 0  # views taken from the queue whose batch has not been answered yet
        self.answer = None  # (figures, monotonic time, day) of the last batch's answer
        self.wake = threading.Event()
        self.pid = None
        self.scripts = {}

    # In the reader's request --------------------------------------------------------------------

    def count(self, client, reader, page_id, rate):
        """Count one view; the figures including it."""
        now = timezone.now()
        day = local_now(now).date()
        rate = Rate.parse(rate)
        view = (
            counter.cache.make_key(rate_limit_key("visits", reader, rate, time.time())),
            day.isoformat(),
            f"{day.isoformat()}:{page_id}" if page_id else "",
            reader,
            repr(now.timestamp()),
        )
        fresh = settings.VISITS_BATCH_FRESH_SECONDS
        with self.lock:
            self.queue.append(view)
            answer = self.answer
            if answer is not None and answer[2] == day and time.monotonic() - answer[1] < fresh:
                figures = dict(answer[0])
                for key in TODAY_KEYS:
                    figures[key] += len(self.queue) + self.in_flight
                figures["online"] = max(figures["online"], 1)
                self._start()
                return figures
        return self.send(client, rate, now)  # the last answer is too old: this view and the queue, now

    # Sending ------------------------------------------------------------------------------------

    def _take(self):
        with self.lock:
            views, self.queue = self.queue, []
            self.in_flight += len(views)
        return views

    def send(self, client, rate=None, now=None):
        """Send the queue in one script; the figures of the answer (None when there was nothing)."""
        views = self._take()
        if not views:
            return None
        rate = Rate.parse(rate or settings.VISITS_RATE_LIMIT)
        now = now or timezone.now()
        try:
            figures = self._send(client, views, rate, now)
        except counter.REDIS_ERRORS as error:
            counter._redis_failed(error)
            figures = self._to_database(views, now)
        finally:
            with self.lock:
                self.in_flight -= len(views)
        return figures

    def _send(self, client, views, rate, now):
        script = self.scripts.get(id(client))
        if script is None:
            script = self.scripts[id(client)] = client.register_script(BATCH_SCRIPT)
        keys = [counter.KEYS.days, counter.KEYS.pages, counter.KEYS.online, counter.KEYS.flushing]
        keys.append(counter.KEYS.generation)
        args = [max(rate.count, 0), rate.seconds + 1, settings.VISITS_ONLINE_SECONDS, repr(now.timestamp())]
        args.append(len(views))
        for limit_key, day, page_field, reader, stamp in views:
            keys.append(limit_key)
            args += [day, page_field, reader, stamp]
        reply = script(keys=keys, args=args)
        _, online, flat_days, flushing, generation = reply
        pending = dict(zip(flat_days[::2], flat_days[1::2], strict=True))
        figures = counter._stats(
            now, online, counter._pending_days(client, pending, flushing), counter._text(generation)
        )
        with self.lock:
            # The answer counts this batch; views queued meanwhile are added to it when figures are shown.
            self.answer = (figures, time.monotonic(), local_now(now).date())
        counter._start_flushing()
        return figures

    def _to_database(self, views, now):
        figures = None
        for _limit_key, _day, page_field, reader, _stamp in views:
            page_id = int(page_field.partition(":")[2]) if page_field else None
            if page_id is not None and not counter.is_live_page(page_id):
                page_id = None
            figures = counter.record_view(reader, page_id, now)
        return figures

    # The thread ---------------------------------------------------------------------------------

    def _start(self):
        pid = os.getpid()
        if self.pid == pid:
            return
        self.pid = pid
        threading.Thread(target=self._run, name="visit-batches", daemon=True).start()
        atexit.register(self.drain)

    def _run(self):
        interval = settings.VISITS_BATCH_SECONDS
        while True:
            time.sleep(interval)
            if not self.queue:
                continue
            try:
                client = counter.redis_client()
                if client is not None:
                    self.send(client)
                else:
                    self._to_database(self._take_for_database(), timezone.now())
            except Exception:  # never let the thread die; the next round retries what is queued
                logger.exception("Visit counter: a batch of page views could not be sent")

    def _take_for_database(self):
        views = self._take()
        with self.lock:
            self.in_flight -= len(views)
        return views

    def drain(self):
        """Send what is queued (at exit, and in tests)."""
        client = counter.redis_client()
        if client is not None:
            self.send(client)
        elif self.queue:
            self._to_database(self._take_for_database(), timezone.now())

    def forget(self):
        with self.lock:
            self.queue.clear()
            self.in_flight = 0
            self.answer = None
        self.scripts.clear()


batcher = Batcher()


def count_page_view(reader, page_id=None, *, rate="0/60"):
    """``count_beacon`` for a counted page view, batched when ``VISITS_BATCH_SECONDS`` > 0 and Redis is
    there; the figures including this view (None when the view is over the rate limit)."""
    if settings.VISITS_BATCH_SECONDS > 0:
        client = counter.redis_client()
        if client is not None:
            return batcher.count(client, reader, page_id, rate)
    return counter.count_beacon(reader, page_id, rate=rate)[1]
