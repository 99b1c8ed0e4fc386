"""Request ids on responses and log lines, JSON log lines, slow-query logging, the health endpoint."""

import io
import json
import logging

import pytest

from django.db import connection
from django.test import override_settings

from security.observability import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the JSON console handler of production writes, for the loggers the tests use."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("cong.slow_query"), logging.getLogger("home.views")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_request_id_is_made_up_and_returned(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c:42")
    assert response["X-Request-ID"] == "lb-7f3a9c:42"


@pytest.mark.parametrize("hostile", ["a b", "x" * 129, "<script>", "id\r\nSet-Cookie: x=1", "ừ"])
def test_an_insane_incoming_request_id_is_replaced(client, hostile):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32


@override_settings(SLOW_QUERY_MS=0.0001)
def test_slow_queries_are_logged_with_duration_and_the_request_id(client, log_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-slow-1")
    lines = [line for line in log_lines() if line["logger"] == "cong.slow_query"]
    assert lines, "the health check's query should have been logged as slow"
    select = next(line for line in lines if "SELECT 1" in line["sql"])
    assert select["level"] == "WARNING"
    assert select["request_id"] == "req-slow-1" == response["X-Request-ID"]
    assert select["duration_ms"] >= 0
    assert select["database"] == "default"
    assert select["message"].startswith("Slow SQL query (")


@override_settings(SLOW_QUERY_MS=60_000)
def test_fast_queries_are_not_logged(client, log_lines):
    client.get("/healthz")
    assert not [line for line in log_lines() if line["logger"] == "cong.slow_query"]


@override_settings(SLOW_QUERY_MS=0)
def test_slow_query_logging_can_be_turned_off(client, log_lines):
    client.get("/healthz")
    assert not log_lines()


def test_every_connection_carries_the_slow_query_wrapper():
    from security.observability import log_slow_queries

    connection.ensure_connection()
    assert log_slow_queries in connection.execute_wrappers


def test_json_lines_carry_extra_fields_and_tracebacks():
    formatter = JsonFormatter()
    try:
        raise ValueError("hỏng")
    except ValueError:
        import sys

        record = logging.LogRecord("cong.test", logging.ERROR, __file__, 1, "Lỗi %s", ("X",), sys.exc_info())
    record.page_id = 7
    RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "Lỗi X"
    assert line["level"] == "ERROR"
    assert line["request_id"] == "-"
    assert line["page_id"] == 7
    assert "ValueError: hỏng" in line["exception"]
    assert line["time"].endswith("+00:00")


def test_production_logs_are_json(monkeypatch):
    from tests.home.test_settings import PRODUCTION_ENV, run_django

    result = run_django(
        ["shell", "-c", "import logging; logging.getLogger('cong.demo').warning('xin chào')"], PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "xin chào"
    assert line["logger"] == "cong.demo"
    assert line["level"] == "WARNING"


def test_the_health_endpoint_stays(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"
