"""Visit counting under load: 2,000 page loads over 50 concurrent connections against gunicorn raise the
total by exactly 2,000; throughput printed beside the same pages' with counting off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/visits_load.py [--loads 2000] [--concurrency 50] [--workers 5]

DATABASE_URL names the PostgreSQL server (its database is not touched): the script creates a fresh
database there, migrates it, loads the demo content and collects the static files into a temporary
directory. Then, for the database counter and (when REDIS_URL is set) the Redis counter, it starts
gunicorn on 127.0.0.1 at a free port with the production settings and fires the page loads from
Python threads, one http.client connection each, as one reader each (X-Forwarded-For, as behind
nginx). A page load is what a browser does: GET the page, then POST the beacon its script sends.
It checks that the live total (GET /api/stats/visits/) rose by exactly the number of loads, fires as
many beacons alone (the counting path's own throughput, checked the same way), stops gunicorn (whose
exit hook writes what Redis holds to the database; the periodic flush is off so that the exit hook
alone must do it) and checks the database total too. "Counting off" is the same server with
VISITS_ENABLED=0 (no box, no beacon) and the same page GETs. The database and the Redis keys of
the run are deleted at the end. Only 127.0.0.1 is contacted, and every phase has a deadline.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
BEACON = re.compile(rb'<script id="visit-beacon"[^>]*?data-page="(\d*)"')
PHASE_DEADLINE = 300  # seconds per phase
REQUEST_TIMEOUT = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, env, quiet=True):
    result = subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=quiet, text=True, timeout=900
    )
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Database:
    """A fresh database on the server of DATABASE_URL, dropped at the end."""

    def __init__(self, server_url):
        import psycopg2

        self.psycopg2 = psycopg2
        parts = urlsplit(server_url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            sys.exit("DATABASE_URL must name a PostgreSQL server (SQLite cannot take 50 concurrent writers).")
        self.name = f"cong_visits_bench_{os.getpid()}"
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    def _admin(self, statement):
        connection = self.psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def create(self):
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def total(self):
        connection = self.psycopg2.connect(self.url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(SUM(views), 0) FROM visits_dailyvisits")
                return cursor.fetchone()[0]
        finally:
            connection.close()


class Server:
    def __init__(self, env, workers):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
                "--backlog",
                "512",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn did not start:\n{self.process.stderr.read()}")
            try:
                status, _ = self.request("GET", "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer /healthz within 60 s")

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self):
        """A graceful stop (SIGTERM), as systemd does: workers run their exit hooks."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __exit__(self, *exc):
        self.stop()


def page_paths(server, count=24):
    """A mix of the site's pages from its sitemap, taken in turn from each section (home, news,
    inspection reports, legal documents, information pages) so that no one kind dominates."""
    status, body = server.request("GET", "/sitemap.xml")
    assert status == 200, status
    sections = {}
    for loc in re.findall(rb"<loc>([^<]+)</loc>", body):
        path = urlsplit(loc.decode()).path
        sections.setdefault(path.strip("/").split("/")[0], []).append(path)
    paths = []
    while len(paths) < count and any(sections.values()):
        for section in sorted(sections):
            if sections[section] and len(paths) < count:
                paths.append(sections[section].pop(0))
    return paths


def warm_up(server, paths, workers):
    """Every worker renders every page a couple of times, so that no phase starts with colder caches."""
    fire(server, paths, len(paths) * workers * 2, min(len(paths), 20), count=False)


def fire(server, paths, loads, concurrency, page=True, count=True, page_ids=None):
    """``loads`` page loads (the page, and its beacon if ``count``; the beacon alone if not ``page``) from
    ``concurrency`` threads; returns (seconds, per-load latencies, errors)."""
    latencies = []
    errors = []
    lock = threading.Lock()
    next_load = iter(range(loads))
    start = threading.Barrier(concurrency + 1)
    deadline = time.monotonic() + PHASE_DEADLINE

    def reader(number):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
        headers = {
            "User-Agent": BROWSER,
            "Accept": "text/html",
            "X-Forwarded-For": f"10.77.{number // 250}.{number % 250 + 1}",
        }
        start.wait()
        while time.monotonic() < deadline:
            with lock:
                index = next(next_load, None)
            if index is None:
                break
            path = paths[index % len(paths)]
            began = time.perf_counter()
            try:
                page_id = (page_ids or {}).get(path)
                if page:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    html = response.read()
                    if response.status != 200:
                        raise RuntimeError(f"GET {path}: {response.status}")
                    if count:
                        found = BEACON.search(html)
                        if not found:
                            raise RuntimeError(f"GET {path}: no beacon in the page")
                        page_id = int(found.group(1)) if found.group(1) else None
                if count:
                    body = json.dumps({"page": page_id, "path": path})
                    connection.request(
                        "POST",
                        "/api/stats/hit",
                        body=body,
                        headers={
                            **headers,
                            "Accept": "application/json",
                            "Content-Type": "application/json",
                            "Sec-Fetch-Site": "same-origin",
                            "Referer": f"http://127.0.0.1:{server.port}{path}",
                        },
                    )
                    response = connection.getresponse()
                    answer = response.read()
                    if response.status != 200 or not json.loads(answer).get("counted"):
                        raise RuntimeError(f"beacon for {path}: {response.status} {answer[:200]!r}")
            except Exception as error:  # reported after the run
                with lock:
                    errors.append(repr(error))
                connection.close()
                continue
            with lock:
                latencies.append(time.perf_counter() - began)
        connection.close()

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(max(1, deadline - time.monotonic()))
    return time.perf_counter() - began, latencies, errors


def live_total(server):
    status, body = server.request("GET", "/api/stats/visits/")
    assert status == 200, status
    return json.loads(body)["total"]


def delete_redis_keys(redis_url, prefix):
    try:
        import redis
    except ImportError:
        return
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=min(9, 2 * (os.cpu_count() or 1) + 1))
    options = parser.parse_args()
    if not 1 <= options.loads <= 20_000 or not 1 <= options.concurrency <= 200:
        sys.exit("--loads must be 1..20000 and --concurrency 1..200")

    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REDIS_URL", "")
    database = Database(server_url)
    prefix = f"cong-visits-bench-{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="cong-visits-bench-"))
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database.url,
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXIES": "127.0.0.1",  # trust X-Forwarded-For from "nginx": one reader per thread
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "DEMO_PASSWORD": secrets.token_urlsafe(16),
        "LOG_LEVEL": "WARNING",
        "VISITS_FLUSH_INTERVAL": "0",  # the exit hook alone must write Redis through
        "REDIS_URL": "",
    }
    counters = [("database", "")] + ([("redis", redis_url)] if redis_url else [])
    print(
        f"{options.loads:,} page loads over {options.concurrency} concurrent connections, "
        f"gunicorn with {options.workers} sync workers on 127.0.0.1, {os.cpu_count()} CPU(s)"
    )
    database.create()
    try:
        print(f"Preparing a fresh database ({database.name}): migrate, demo content, static files...")
        run(["manage.py", "migrate", "--noinput"], base_env)
        run(["manage.py", "compiletranslations", "--verbosity", "0"], base_env)
        run(["manage.py", "load_demo"], base_env)
        run(["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], base_env)

        rows = []
        expected_in_database = 0
        failed = False

        def record(name, what, seconds, latencies, errors, check):
            done = len(latencies)
            rows.append(
                (
                    name,
                    what,
                    done / seconds if seconds else 0,
                    statistics.median(latencies) * 1000 if latencies else 0,
                    statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) > 1 else 0,
                    f"{done:,} done, {len(errors)} errors; {check}",
                )
            )
            for error in errors[:5]:
                print(f"  error: {error}")
            print(f"  {name:<9} {what:<22} {rows[-1][2]:8.1f}/s   {rows[-1][5]}")

        for name, url in counters:
            env = {**base_env, "REDIS_URL": url, "CACHE_KEY_PREFIX": f"{prefix}-{name}"}
            # Counting on: page loads with their beacon, then the beacon alone (the counting path's own rate).
            with Server({**env, "VISITS_ENABLED": "1"}, options.workers) as server:
                paths = page_paths(server)
                page_ids = {}
                for path in paths:
                    _, html = server.request("GET", path, headers={"User-Agent": BROWSER})
                    found = BEACON.search(html)
                    page_ids[path] = int(found.group(1)) if found and found.group(1) else None
                warm_up(server, paths, options.workers)  # page GETs only: nothing is counted
                live = []
                for what, page in (("page + beacon", True), ("beacon alone", False)):
                    before = live_total(server)
                    seconds, latencies, errors = fire(
                        server, paths, options.loads, options.concurrency, page=page, page_ids=page_ids
                    )
                    rose = live_total(server) - before
                    live.append(rose)
                    ok = rose == options.loads and not errors
                    failed |= not ok
                    record(
                        name,
                        what,
                        seconds,
                        latencies,
                        errors,
                        f"live total +{rose:,} {'OK' if ok else 'WRONG'}",
                    )
            # gunicorn has stopped: its workers' exit hooks have written what Redis held to the database.
            expected_in_database += 2 * options.loads
            stored = database.total()
            ok = stored == expected_in_database
            failed |= not ok
            print(
                f"  {name:<9} after gunicorn stopped, database total {stored:,} "
                f"(expected {expected_in_database:,}) {'OK' if ok else 'WRONG'}"
            )
            # Counting off: the same pages, no box and no beacon.
            with Server({**env, "VISITS_ENABLED": "0"}, options.workers) as server:
                warm_up(server, paths, options.workers)
                seconds, latencies, errors = fire(
                    server, paths, options.loads, options.concurrency, count=False
                )
                failed |= bool(errors)
                record(name, "page only (counting off)", seconds, latencies, errors, "not counted")

        print()
        print(f"{'counter':<10}{'load':<26}{'per second':>11}{'p50 ms':>9}{'p95 ms':>9}   result")
        for name, what, rate, p50, p95, result in rows:
            print(f"{name:<10}{what:<26}{rate:>11.1f}{p50:>9.1f}{p95:>9.1f}   {result}")
        for name, _url in counters:
            on, _alone, off = (row for row in rows if row[0] == name)
            print(
                f"{name}: page loads with counting on run at {on[2] / off[2]:.0%} of the throughput "
                f"with counting off ({on[2]:.1f} vs {off[2]:.1f} per second)"
            )
        if failed:
            sys.exit("FAILED: the totals do not match the page loads (see above)")
    finally:
        database.drop()
        if redis_url:
            delete_redis_keys(redis_url, prefix)
        subprocess.run(["rm", "-rf", str(workdir)], check=False)


if __name__ == "__main__":
    main()
