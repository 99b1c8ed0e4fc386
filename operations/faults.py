"""Staying up, or failing cleanly, when a service the portal depends on is down.

- PostgreSQL unreachable (restarting, failing over, out of connections): the request gets a 503 page in
  the portal's style, in the reader's language, with ``Retry-After``, never a traceback; one warning is
  logged per ``OUTAGE_LOG_SECONDS`` instead of a traceback per request. Django's connection health checks
  (``CONN_HEALTH_CHECKS``) replace the dead persistent connection on the next request, so the site
  recovers on its own when the database is back, without restarting the workers.
- Redis unreachable: django-redis ignores cache errors (``IGNORE_EXCEPTIONS``), so every read is a miss
  and pages are rendered from the database; :class:`ThrottledWarningFilter` keeps django-redis's
  per-call warning to one per period, and the visit counter writes to the database meanwhile.
"""

import logging
import sys
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

OUTAGE_LOG_SECONDS = 60
RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)

_last_logged = {}
_lock = threading.Lock()


def should_log(key, period=OUTAGE_LOG_SECONDS, now=None, state=None):
    """True at most once per ``period`` seconds for ``key`` (per process, or per ``state`` dict)."""
    now = time.monotonic() if now is None else now
    state = _last_logged if state is None else state
    with _lock:
        last = state.get(key)
        if last is not None and now - last < period:
            return False
        state[key] = now
        return True


def reset():
    with _lock:
        _last_logged.clear()


def is_database_outage(exception):
    return isinstance(exception, DATABASE_ERRORS)


def service_unavailable(request=None, exception=None):
    """The 503 page: rendered without a request context (context processors would query the database)."""
    if exception is not None and should_log("database"):
        path = getattr(request, "path", "?")
        detail = (str(exception).strip().splitlines() or [""])[0]
        logger.warning(
            "Database unavailable, answering 503 (%s: %s) at %s", type(exception).__name__, detail, path
        )
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view into the 503 page (first in MIDDLEWARE, so it sees the
    exception before anything renders an error page that needs the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return service_unavailable(request, exception)
        return None


def current_database_outage():
    """The database error being handled right now, if any (for handler500, which gets no exception)."""
    exception = sys.exc_info()[1]
    return exception if is_database_outage(exception) else None


class DatabaseOutageLogFilter(logging.Filter):
    """Drops django.request's traceback and 503 line for a database outage (``service_unavailable`` logs
    one warning per period instead of a traceback per request)."""

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        if is_database_outage(exception):
            return False
        # "Service Unavailable: /path", once per request: the outage warning above already says it.
        return not (record.name == "django.request" and getattr(record, "status_code", None) == 503)


class ThrottledWarningFilter(logging.Filter):
    """On a handler: lets through one record per message every ``period`` seconds for the loggers of
    services that can be down (django-redis logs a traceback for every ignored cache error, several per
    request during a Redis outage); records of every other logger pass untouched. django-redis's record
    becomes one plain warning line naming the error."""

    def __init__(self, prefixes=("django_redis", "visits.counter"), period=OUTAGE_LOG_SECONDS):
        super().__init__()
        self.prefixes = tuple(prefixes)
        self.period = period
        self.last_logged = {}  # per filter: each handler lets its own first record through

    def filter(self, record):
        if not record.name.startswith(self.prefixes):
            return True
        # The same key before and after a filter on another handler rewrote the record.
        key = record.__dict__.setdefault("outage_key", f"{record.name}:{record.msg}")
        if not should_log(key, self.period, state=self.last_logged):
            return False
        if record.name.startswith("django_redis"):
            error = record.exc_info[1] if record.exc_info else None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = "Cache (Redis) unavailable, serving without it (%s); next report in %ss at most"
            record.args = (f"{type(error).__name__}: {error}" if error else "error", self.period)
            record.exc_info = record.exc_text = None
        return True
