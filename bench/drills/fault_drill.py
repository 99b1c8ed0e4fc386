"""Fault drill against real servers: Redis stopped, PostgreSQL restarted, a hung worker.

    /work/main/.venv/bin/python bench/drills/fault_drill.py

Starts a private PostgreSQL (port 5440) and Redis (port 6390), a demo database on it, and gunicorn with two
workers and ``--timeout 10``; then, printing every step with a timestamp and the status codes seen:

1. Redis is stopped: pages and the visit beacon still answer 200 (cache misses; views counted in the
   database), and the log has one "Redis unavailable" warning per process and minute, not one per request;
   Redis is started again and serves.
2. PostgreSQL is stopped: pages answer the 503 page (Vietnamese, no traceback), /healthz 503; PostgreSQL
   is started again and the same gunicorn workers (same pids) answer 200 without a restart.
3. A worker hangs (SIGSTOP): gunicorn's master kills it after the timeout and starts another one, and
   the site keeps answering meanwhile.

Exits non-zero when an expectation fails.
"""

import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills import common  # noqa: E402
from bench.drills.common import log, request  # noqa: E402

PORT = int(os.environ.get("DRILL_PORT", "8790"))
SEARCH = "/search/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"
PATHS = ["/", SEARCH]  # plus an article and the legal register, found in the demo content
failures = []


def expect(condition, message):
    log(("OK   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def sweep(label, paths=PATHS, beacon_page=None):
    statuses = Counter()
    for path in paths:
        status, text, ms = request(PORT, "GET", path)
        statuses[status] += 1
        log(f"  {label}: GET {path} -> {status} ({ms:.0f} ms)")
    if beacon_page:
        status, text, ms = common.beacon(PORT, beacon_page[0], beacon_page[1], "198.51.100.7")
        statuses[status] += 1
        log(f"  {label}: POST /api/stats/hit -> {status} ({ms:.0f} ms) {text[:80]}")
    return statuses


def main():
    common.WORK.mkdir(parents=True, exist_ok=True)
    common.ensure_postgres()
    common.start_redis()
    log(f"private Redis up on port {common.REDIS_PORT}")
    common.ensure_database()
    page_id, article, register = common.demo_pages()
    beacon_page = (page_id, article)
    PATHS[1:1] = [article, register]
    app = common.Gunicorn(PORT, workers=2, timeout=10)
    try:
        workers_before = app.workers()
        log(f"workers: {workers_before}")
        expect(set(sweep("baseline", beacon_page=beacon_page)) == {200}, "baseline: every request 200")

        # 1. Redis down --------------------------------------------------------------------------
        log("=== 1. stopping Redis (redis-cli shutdown nosave)")
        common.stop_redis()
        down = Counter()
        for _ in range(3):
            down += sweep("redis down", beacon_page=beacon_page)
        expect(set(down) == {200}, f"Redis down: {sum(down.values())} requests, statuses {dict(down)}")
        status, text, _ = request(PORT, "GET", "/healthz")
        log(f"  /healthz -> {status} {text}")
        expect(
            status == 200 and '"cache": {"status": "error"' in text, "healthz 200, reports the cache error"
        )
        warnings = [line for line in app.log_lines() if "Redis" in line and "WARNING" in line]
        for line in warnings:
            log(f"  log: {line[:160]}")
        tracebacks = [line for line in app.log_lines() if line.startswith("Traceback")]
        expect(
            0 < len(warnings) <= 2 * 2 * len(workers_before) and not tracebacks,
            f"{len(warnings)} warning lines for {sum(down.values())} requests, no traceback",
        )
        log("=== starting Redis again")
        common.start_redis()
        time.sleep(common.__dict__.get("REDIS_RETRY", 6))  # the counter retries Redis after 5 s
        up = sweep("redis back", beacon_page=beacon_page)
        expect(set(up) == {200}, "Redis back: every request 200")
        keys = common.redis_cli("dbsize").stdout.strip()
        expect(int(keys or 0) > 0, f"Redis is used again ({keys} keys)")

        # 2. PostgreSQL restart ------------------------------------------------------------------
        log("=== 2. stopping PostgreSQL (pg_ctl stop -m fast)")
        common.stop_postgres()
        outage = Counter()
        for _ in range(2):
            for path in PATHS[:3]:
                status, text, ms = request(PORT, "GET", path)
                outage[status] += 1
                clean = "Cổng thông tin tạm thời gián đoạn" in text and "Traceback" not in text
                log(f"  postgres down: GET {path} -> {status} ({ms:.0f} ms) vietnamese 503 page: {clean}")
                if status == 503 and not clean:
                    failures.append(f"503 page body for {path}")
        status, text, _ = request(PORT, "GET", "/healthz")
        log(f"  postgres down: GET /healthz -> {status} {text[:120]}")
        expect(set(outage) == {503}, f"PostgreSQL down: statuses {dict(outage)}")
        log("=== starting PostgreSQL again")
        common.pg_ctl("start")
        started = time.monotonic()
        recovered = Counter()
        for _ in range(3):
            recovered += sweep("postgres back", beacon_page=beacon_page)
        expect(set(recovered) == {200}, f"PostgreSQL back: statuses {dict(recovered)}, "
               f"{time.monotonic() - started:.1f}s after the start")  # fmt: skip
        expect(app.workers() == workers_before, f"same gunicorn workers, no restart: {app.workers()}")
        outage_logs = [line for line in app.log_lines() if "Database unavailable" in line]
        for line in outage_logs:
            log(f"  log: {line[:160]}")
        expect(
            0 < len(outage_logs) <= len(workers_before)
            and not any("Traceback" in line for line in app.log_lines()),
            f"{len(outage_logs)} outage warnings for {sum(outage.values())} failed requests, no traceback",
        )

        # 3. A hung worker -----------------------------------------------------------------------
        victim = app.workers()[0]
        log(f"=== 3. worker {victim} hangs (SIGSTOP); gunicorn --timeout 10")
        os.kill(victim, signal.SIGSTOP)
        during = Counter()
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline and victim in app.workers():
            status, _, ms = request(PORT, "GET", "/", timeout=30)
            during[status] += 1
            time.sleep(1)
        replaced = victim not in app.workers()
        log(f"  while hung: {dict(during)} (requests that reached the hung worker waited for the timeout)")
        expect(replaced, f"hung worker {victim} replaced: workers now {app.workers()}")
        timeouts = [line for line in app.log_lines() if "WORKER TIMEOUT" in line]
        for line in timeouts:
            log(f"  log: {line[:160]}")
        expect(bool(timeouts), "gunicorn logged WORKER TIMEOUT")
        expect(set(sweep("after recycle")) == {200}, "after the recycle: every request 200")
    finally:
        app.stop()
        common.stop_redis()
        common.stop_postgres()
        log(f"stopped gunicorn, the drill Redis and the drill PostgreSQL; gunicorn log: {app.log_path}")
    if failures:
        log(f"DRILL FAILED: {failures}")
        return 1
    log("DRILL PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
