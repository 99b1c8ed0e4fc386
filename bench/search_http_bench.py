"""The register's search page and the legal-documents API under gunicorn, side by side with the one-file
Django app (the shared baseline) serving a page of the same size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench100k \\
        .venv/bin/python bench/search_http_bench.py --redis-url redis://127.0.0.1:6395/0 \\
        [--minimal ../shared/bench/minimal_django.py] [--duration 20] [--pairs 5] [--connections 32] \\
        [--workers N] [--port 8450] [--query "quyet dinh 39/2021" --query ...] [--no-rotation]

Builds the database as bench/http_bench.py does when it holds fewer than --documents legal documents
(then VACUUM ANALYZE). Serves the portal with gunicorn (gunicorn.conf.py, production settings, page cache
on as in production: a search is never stored in it) on --port, and the baseline app on --port + 1 under
the same gunicorn settings (the project's gunicorn.conf.py read as it is, less its post_fork hook, which
closes the portal's database connections and needs its settings; both servers without gunicorn's control
socket, whose default path every gunicorn on the machine shares), with BODY_BYTES the size of the
response it is compared with, as wrk receives it (browser User-Agent, gzip accepted).

Each address (the register's page for each --query on the register holding the most documents, and the
API over every register for the same queries) is loaded in --pairs runs, each right after a run of the
baseline of the same length; req/s and p50 are the medians of the runs, p99 the highest, the ratio the
median of the pairs' ratios. A repeated query is served whole from a cache: the register's page by the
page cache, the API's answer by documents.api. The "rotation" row sends the 50 keyword queries of
bench/search_legal_documents.py in turn, each with a parameter no view reads (``fresh=<n>``), so that
no page is stored or served from the page cache, and what the search keeps (a query's facet counts and
result window per register version and day: documents.search) emptied before each run: it measures
fresh searches, most of which count their facets (the row says how many did). CPU µs/req is the
gunicorn workers' CPU time (from /proc; PostgreSQL's and Redis's not included) over the requests wrk
completed, for the portal and the baseline. Before the load, each address is also timed in-process
(Django's test client, one request at a time): median and p95, once as loaded (the query repeated) and
once with nothing kept between requests.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import http_bench  # noqa: E402 - the same server, wrk and database helpers
from search_legal_documents import KEYWORD_QUERIES  # noqa: E402

ROOT = http_bench.ROOT
PYTHON = http_bench.PYTHON
DEFAULT_MINIMAL = ROOT.parent / "shared" / "bench" / "minimal_django.py"
DEFAULT_QUERIES = ["quyet dinh 39/2021", "quyet dinh ve cong nghe thong tin", "chuyển đổi số"]
FACET_KEYS = "*legal-search-counts:*"  # one per search that counted its facets
SEARCH_KEYS = "*legal-search-*"  # the counts and the windows that documents.search keeps
KEPT_ANSWERS = ("legal-search-*", "legal-api:*", "pagecache:v3:*")  # and the pages and API answers
QUIET = ["--no-control-socket"]

REGISTER = """
import json
from documents.models import LegalDocumentIndexPage
from wagtail.models import Locale
vi = Locale.objects.get(language_code="vi")
register = LegalDocumentIndexPage.objects.live().public().filter(locale=vi).order_by("-numchild").first()
print(json.dumps([register.url, register.numchild]))
"""

IN_PROCESS = """
import json, statistics, time
from django.core.cache import cache
from django.test import Client
paths, runs, agent, KEPT = json.loads(%(spec)r)
client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=agent)
def ordered(samples, share):
    samples = sorted(samples)
    return samples[min(len(samples) - 1, int(round(share * (len(samples) - 1))))]
out = {}
for name, group in paths.items():
    samples = []
    if len(group) > 1:  # queries in turn: each counts its facets (the register page keeps them per query)
        for pattern in KEPT:
            cache.delete_pattern(pattern)
    for path in group:
        if len(group) == 1:
            assert client.get(path).status_code == 200, path  # warm up; a repeated query's facets are kept
        for _ in range(runs if len(group) == 1 else 1):
            started = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
    out[name] = [statistics.median(samples) * 1000, ordered(samples, 0.95) * 1000, len(samples)]
    if len(group) == 1:  # the same query searched afresh each time: nothing kept from the last one
        samples = []
        for _ in range(max(3, runs // 3)):
            for pattern in KEPT:
                cache.delete_pattern(pattern)
            started = time.perf_counter()
            response = client.get(group[0])
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (group[0], response.status_code)
        out[name + " (searched afresh)"] = [
            statistics.median(samples) * 1000, ordered(samples, 0.95) * 1000, len(samples)
        ]
print(json.dumps(out))
"""

ROTATION_LUA = """
local paths = {%(paths)s}
local threads = 0
function setup(thread)
  thread:set("first", threads * %(spacing)d)
  threads = threads + 1
end
function init(args)
  n = first
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1] .. "&fresh=" .. n)
end
"""

BASELINE_CONF = """
import runpy
globals().update(
    {name: value for name, value in runpy.run_path(%(conf)r).items()
     if not name.startswith("_") and name != "post_fork"}
)
"""


def body_size(port, path):
    """The response's body as wrk gets it: its length in bytes and its Content-Encoding."""
    headers = {"User-Agent": http_bench.BROWSER, "Accept-Encoding": "gzip, deflate"}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        return len(response.read()), response.headers.get("Content-Encoding", "")


def serve_baseline(args, size, conf_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        {
            "BODY_BYTES": str(size),
            "GUNICORN_BIND": f"127.0.0.1:{args.port + 1}",
            "GUNICORN_ACCESS_LOG": "",
        }
    )
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    with tempfile.NamedTemporaryFile("w", prefix="cong-bench-minimal-", suffix=".log", delete=False) as log:
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", conf_path, *QUIET, "minimal_django:application"],
            cwd=args.minimal.parent,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server.log_path = log.name
    http_bench.wait_until_up(args.port + 1, server, path="/")
    return server


def serve_portal(args, env):
    with tempfile.NamedTemporaryFile("w", prefix="cong-bench-gunicorn-", suffix=".log", delete=False) as log:
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", *QUIET, "wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server.log_path = log.name
    return server


def facet_cache(redis_url):
    import redis

    return redis.Redis.from_url(redis_url)


def run_wrk(args, port, path, duration, script=None):
    options = SimpleNamespace(
        threads=args.threads, connections=args.connections, duration=duration, port=port
    )
    return http_bench.wrk(options, path, script, duration)


def paired(args, portal, baseline, path, script=None, cold=None):
    """--pairs runs of the address, each right after a run of the baseline of the same length."""
    duration = max(1, round(args.duration / args.pairs))
    runs, baseline_runs, loads, computed = [], [], [], 0
    cpu = http_bench._worker_cpu_seconds  # the gunicorn workers' (not PostgreSQL's nor Redis's)
    for _ in range(args.pairs):
        http_bench.settle(baseline)
        http_bench.settle(portal)
        loads.append(os.getloadavg()[0])
        start = cpu(baseline)
        baseline_runs.append(run_wrk(args, args.port + 1, "/", duration))
        http_bench.settle(baseline)
        baseline_runs[-1]["cpu"] = cpu(baseline) - start
        http_bench.settle(portal)
        if cold is not None:
            keys = list(cold.scan_iter(SEARCH_KEYS))
            if keys:
                cold.delete(*keys)
        start = cpu(portal)
        runs.append(run_wrk(args, args.port, path, duration, script))
        http_bench.settle(portal)
        runs[-1]["cpu"] = cpu(portal) - start
        if cold is not None:
            computed += sum(1 for _ in cold.scan_iter(FACET_KEYS))

    def summary(group):
        return {
            "rate": statistics.median(run["rate"] for run in group),
            "requests": sum(run["requests"] for run in group),
            "p50": statistics.median(run["p50"] for run in group),
            "p99": max(run["p99"] for run in group),
            "errors": sum(run["errors"] for run in group),
            # (the requests still queued when wrk stops are served too: a little more than the truth)
            "cpu_us": 1e6 * sum(run["cpu"] for run in group) / max(1, sum(run["requests"] for run in group)),
        }

    result = summary(runs)
    result["ratio"] = statistics.median(
        run["rate"] / base["rate"] for run, base in zip(runs, baseline_runs, strict=True)
    )
    result["computed"] = computed if cold is not None else None
    result["load"] = (min(loads), max(loads))
    return result, summary(baseline_runs)


def in_process(env, groups, runs):
    code = IN_PROCESS % {"spec": json.dumps([groups, runs, http_bench.BROWSER, KEPT_ANSWERS])}
    return http_bench.django_shell(env, code)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", http_bench.DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", http_bench.DEFAULT_REDIS))
    parser.add_argument("--minimal", type=Path, default=DEFAULT_MINIMAL, help="the one-file baseline app")
    parser.add_argument("--documents", type=int, default=100_000, help="build the database below this many")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per address")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--port", type=int, default=8450, help="the portal; the baseline on the next port")
    parser.add_argument("--query", action="append", help="a search to load (repeatable)")
    parser.add_argument("--in-process-runs", type=int, default=15)
    parser.add_argument("--no-rotation", action="store_true", help="skip the row of 50 rotating queries")
    args = parser.parse_args()
    args.minimal = args.minimal.resolve()
    if not args.minimal.is_file():
        raise SystemExit(f"The baseline app is missing: {args.minimal} (--minimal)")
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Give a PostgreSQL database in DATABASE_URL.")
    queries = args.query or DEFAULT_QUERIES

    with tempfile.TemporaryDirectory(prefix="cong-bench-") as work:
        static_root = os.path.join(work, "static")
        env = http_bench.environment(args, static_root, cache_on=True)
        if http_bench.django_shell(env, http_bench.COUNT_DOCUMENTS) < args.documents:
            http_bench.build_database(env, args.documents)
            http_bench.manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE", capture_output=True)
        documents = http_bench.django_shell(env, http_bench.COUNT_DOCUMENTS)
        http_bench.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        register, register_size = http_bench.django_shell(env, REGISTER)
        addresses = []
        for query in queries:
            addresses.append(
                (f"register {register}?q={query}", register + "?q=" + urllib.parse.quote_plus(query))
            )
        for query in queries:
            addresses.append(
                (f"API ?search={query}", "/api/v2/legal-documents/?search=" + urllib.parse.quote_plus(query))
            )
        rotation = [register + "?q=" + urllib.parse.quote_plus(query) for query in KEYWORD_QUERIES]
        groups = {name: [path] for name, path in addresses}
        if not args.no_rotation:
            cache = facet_cache(args.redis_url)
            keys = list(cache.scan_iter(SEARCH_KEYS))
            if keys:
                cache.delete(*keys)
            groups["rotation"] = rotation
        timings = in_process(env, groups, args.in_process_runs)

        conf_path = os.path.join(work, "baseline.gunicorn.conf.py")
        Path(conf_path).write_text(BASELINE_CONF % {"conf": str(ROOT / "gunicorn.conf.py")})
        script_path = os.path.join(work, "rotation.lua")
        Path(script_path).write_text(
            ROTATION_LUA
            % {
                "paths": ", ".join(json.dumps(path) for path in rotation),
                "spacing": len(rotation) // args.threads,
            }
        )
        portal = serve_portal(args, env)
        rows = []
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        try:
            http_bench.wait_until_up(args.port, portal)
            plan = [(name, path, None) for name, path in addresses]
            if not args.no_rotation:
                plan.append(("rotation", rotation[0], script_path))
            for name, path, script in plan:
                if script:
                    sizes = [body_size(args.port, each)[0] for each in rotation]
                    size, encoding = round(statistics.mean(sizes)), ""
                else:
                    size, encoding = body_size(args.port, path)
                baseline = serve_baseline(args, size, conf_path)
                try:
                    baseline_size = body_size(args.port + 1, "/")[0]
                    result, base = paired(args, portal, baseline, path, script, cache if script else None)
                finally:
                    http_bench.stop(baseline)
                rows.append((name, size, encoding, baseline_size, result, base))
        finally:
            http_bench.stop(portal)

    workers = args.workers or os.cpu_count() * 2 + 1
    print()
    print(
        f"{started}; {os.cpu_count()} cores; gunicorn {workers} sync workers (both apps); wrk "
        f"{args.connections} connections, {args.threads} threads, {args.pairs} runs of "
        f"{max(1, round(args.duration / args.pairs))} s per address, each after a baseline run of the same "
        f"length; {documents:,} live legal documents ({register_size:,} in {register}); PostgreSQL + Redis"
    )
    header = (
        f"{'address':58} {'bytes':>7} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'err':>4} "
        f"{'base req/s':>10} {'base p50':>8} {'base p99':>8} {'ratio':>7} {'in-proc med/p95 ms':>19} "
        f"{'load':>9} {'CPU µs/req':>10} {'base CPU':>8}"
    )
    print(header)
    for name, size, encoding, baseline_size, result, base in rows:
        median, p95, samples = timings[name]
        label = name if name != "rotation" else f"register, {len(rotation)} queries in turn, facets counted"
        print(
            f"{label[:58]:58} {size:7d} {result['rate']:7.1f} {result['p50']:8.1f} {result['p99']:8.1f} "
            f"{result['errors']:4d} {base['rate']:10.1f} {base['p50']:8.1f} {base['p99']:8.1f} "
            f"{result['ratio']:7.2%} {median:9.1f} /{p95:8.1f} "
            f"{result['load'][0]:4.1f}-{result['load'][1]:<4.1f} "
            f"{result['cpu_us']:10.0f} {base['cpu_us']:8.0f}"
        )
        notes = [f"baseline body {baseline_size} bytes"]
        if encoding:
            notes.append(f"portal body {encoding}")
        if result["computed"] is not None:
            notes.append(f"facets counted by {result['computed']} of {result['requests']} requests")
        notes.append(f"in-process over {samples} requests")
        print(f"{'':4}({'; '.join(notes)})")
    print()
    print("In-process, every request searching afresh (nothing kept from the one before):")
    for name, (median, p95, samples) in timings.items():
        if name.endswith("(searched afresh)"):
            print(f"{name[:76]:76} median {median:7.1f} ms  p95 {p95:7.1f} ms  ({samples} requests)")


if __name__ == "__main__":
    main()
