"""Scale-out drill: two gunicorn processes on different ports share one PostgreSQL and one Redis.

    /work/main/.venv/bin/python bench/drills/scaleout_drill.py

On the private PostgreSQL (port 5440) and Redis (port 6390) of the fault drill:

1. Both processes serve the same article; both are requested first, so any page cache is warm.
2. The article's title is changed and published (a revision published from a third process, as an editor's
   "Publish" does); both ports must then show the new title (no stale copy on either, whichever process
   cached it).
3. Visit beacons are sent to both ports at once from many readers (N to A, M to B); after the counters
   are flushed, the database's total grew by exactly N + M, and both ports report the same statistics.

Exits non-zero when an expectation fails.
"""

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills import common  # noqa: E402
from bench.drills.common import expect, log, request  # noqa: E402

PORT_A = int(os.environ.get("DRILL_PORT_A", "8791"))
PORT_B = int(os.environ.get("DRILL_PORT_B", "8792"))
HITS_A = int(os.environ.get("DRILL_HITS_A", "600"))
HITS_B = int(os.environ.get("DRILL_HITS_B", "400"))


def publish_title(page_id, title):
    """What an editor's "Publish" does, from a process of its own."""
    common.shell(
        f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}).specific; "
        f"p.title = {json.dumps(title)}; p.save_revision().publish()"
    )


def reader_ip(n):
    return f"10.{n // 250}.{n % 250}.1"  # a reader of its own, so no rate limit applies


def database_total():
    return int(
        common.shell(
            "from django.db.models import Sum; from visits.models import DailyVisits; "
            "print(DailyVisits.objects.aggregate(t=Sum('views', default=0))['t'])"
        )
    )


def main():
    common.WORK.mkdir(parents=True, exist_ok=True)
    common.ensure_postgres()
    common.start_redis()
    common.redis_cli("flushdb")
    log(f"private Redis up on port {common.REDIS_PORT} (emptied)")
    common.ensure_database()
    page_id, article, _ = common.demo_pages()
    old_title = common.shell(f"from wagtail.models import Page; print(Page.objects.get(pk={page_id}).title)")
    apps = [common.Gunicorn(PORT_A, workers=2), common.Gunicorn(PORT_B, workers=2)]
    try:
        # 1. The same content on both, caches warmed.
        bodies = {}
        for port in (PORT_A, PORT_B):
            for attempt in range(2):
                status, text, ms = request(port, "GET", common.quote(article))
                when = "warm-up" if attempt == 0 else "again"
                log(f"  :{port} GET {article} -> {status} ({ms:.0f} ms) [{when}]")
            bodies[port] = text
        expect(old_title in bodies[PORT_A] and old_title in bodies[PORT_B], f"both serve «{old_title}»")

        # 2. Publish a change; both must show it.
        new_title = f"{old_title} (cập nhật {time.strftime('%H:%M:%S')})"
        log(f"=== publishing a new title for page {page_id}: «{new_title}»")
        publish_title(page_id, new_title)
        deadline = time.monotonic() + 10
        seen = {}
        while time.monotonic() < deadline and len(seen) < 2:
            for port in (PORT_A, PORT_B):
                if port in seen:
                    continue
                status, text, ms = request(port, "GET", common.quote(article))
                if new_title in text:
                    seen[port] = time.monotonic()
                    log(f"  :{port} GET {article} -> {status} ({ms:.0f} ms) shows the new title")
            time.sleep(0.2)
        expect(len(seen) == 2, f"the new title is served on both ports ({sorted(seen)})")
        if len(seen) == 2:
            stale = {port: new_title not in request(port, "GET", common.quote(article))[1] for port in seen}
            expect(not any(stale.values()), "and stays (no stale copy served by the other worker)")

        # 3. Visit counts from both add up exactly.
        common.manage("flush_visit_counters")
        before = database_total()
        log(f"=== visits: database total before: {before}; sending {HITS_A} beacons to :{PORT_A} and "
            f"{HITS_B} to :{PORT_B} (16 threads)")  # fmt: skip
        jobs = [(PORT_A, i) for i in range(HITS_A)] + [(PORT_B, HITS_A + i) for i in range(HITS_B)]
        started = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            results = list(
                pool.map(
                    lambda job: (
                        job[0],
                        common.beacon(job[0], page_id, article, f"10.{job[1] // 250}.{job[1] % 250}.1"),
                    ),
                    jobs,
                )
            )
        elapsed = time.monotonic() - started
        for port in (PORT_A, PORT_B):
            statuses = {}
            counted = 0
            for result_port, (status, text, _ms) in results:
                if result_port == port:
                    statuses[status] = statuses.get(status, 0) + 1
                    counted += status == 200 and '"counted": true' in text
            log(f"  :{port} beacons: statuses {statuses}, counted {counted}")
        counted_total = sum(
            1 for _, (status, text, _ms) in results if status == 200 and '"counted": true' in text
        )
        log(f"  {len(jobs)} beacons in {elapsed:.1f}s ({len(jobs) / elapsed:.0f}/s)")
        expect(
            counted_total == HITS_A + HITS_B, f"every beacon counted: {counted_total} of {HITS_A + HITS_B}"
        )
        stats = {port: json.loads(request(port, "GET", "/api/stats/visits/")[1]) for port in (PORT_A, PORT_B)}
        log(f"  live stats :{PORT_A} {stats[PORT_A]}")
        log(f"  live stats :{PORT_B} {stats[PORT_B]}")
        expect(stats[PORT_A]["total"] == stats[PORT_B]["total"] == before + HITS_A + HITS_B,
               "both ports report the same live total = before + N + M")  # fmt: skip
        flushed = common.manage("flush_visit_counters").stdout.strip()
        log(f"  flush_visit_counters: {flushed}")
        after = database_total()
        expect(after - before == HITS_A + HITS_B, f"database total {before} -> {after}: +{after - before} "
               f"(expected +{HITS_A + HITS_B})")  # fmt: skip
    finally:
        for app in apps:
            app.stop()
        publish_title(page_id, old_title)
        common.stop_redis()
        common.stop_postgres()
        log("stopped both gunicorns, the drill Redis and PostgreSQL (the article's title is restored)")
    return common.verdict()


if __name__ == "__main__":
    sys.exit(main())
