"""Request ids, JSON log lines and slow-query logging.

- ``RequestIdMiddleware`` takes the X-Request-ID a reverse proxy sent when it looks sane (letters, digits,
  ``-_.:``, at most 128 characters), otherwise makes one up; it is echoed in the response header and
  attached to every log record written while the request runs (``RequestIdFilter``).
- ``JsonFormatter`` writes one JSON object per line (production), with the request id.
- ``log_slow_queries`` is a database execute wrapper, installed on every connection by ``home.apps``,
  that logs each SQL statement slower than SLOW_QUERY_MS milliseconds (0 turns it off).
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

_request_id = contextvars.ContextVar("request_id", default=None)
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
REQUEST_ID_HEADER = "X-Request-ID"

slow_query_logger = logging.getLogger("cong.slow_query")


def current_request_id():
    return _request_id.get()


def request_id_for(request):
    """The request's id: the one a proxy sent when it looks sane, else a new one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex


class bound_request_id:
    """``with bound_request_id(request):`` gives ``request.request_id`` to the log records written inside."""

    __slots__ = ("request_id", "token")

    def __init__(self, request):
        self.request_id = request.request_id = request_id_for(request)

    def __enter__(self):
        self.token = _request_id.set(self.request_id)
        return self.request_id

    def __exit__(self, *exc_info):
        _request_id.reset(self.token)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with bound_request_id(request) as request_id:
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Gives every record a ``request_id`` attribute ("-" outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


# Attributes every LogRecord has; anything else was passed with ``extra=`` and goes into the JSON.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, the fields given
    with ``extra=``, and the traceback of an exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def log_slow_queries(execute, sql, params, many, context):
    threshold = settings.SLOW_QUERY_MS
    if not threshold:
        return execute(sql, params, many, context)
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        duration_ms = (time.perf_counter() - started) * 1000
        if duration_ms >= threshold:
            slow_query_logger.warning(
                "Slow SQL query (%.0f ms): %s",
                duration_ms,
                sql[:2000],
                extra={
                    "duration_ms": round(duration_ms, 1),
                    "database": context["connection"].alias,
                    "sql": sql[:2000],
                },
            )


def install_slow_query_logging(sender, connection, **kwargs):
    """connection_created receiver: add the wrapper once to each new database connection."""
    if log_slow_queries not in connection.execute_wrappers:
        connection.execute_wrappers.append(log_slow_queries)
