"""Throughput and latency of the public pages under gunicorn, cached and uncached, against a minimal view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench \\
        .venv/bin/python bench/http_bench.py [--redis-url redis://127.0.0.1:6379/3] [--duration 10] \\
        [--connections 32] [--documents 100000]

Uses the database in DATABASE_URL as it is (read only) when it holds at least --documents legal documents;
otherwise builds it first: migrate, load_demo, then generated documents through the importer. Serves the
site with gunicorn (gunicorn.conf.py, production settings, collected static files, DEBUG off) twice: with
the page cache (PAGE_CACHE_ENABLED=1) and without it (=0), each time also serving /bench/ping, a Django
view returning a constant body through the same middleware. wrk (Debian's /usr/bin/wrk) loads each address
with --connections connections and prints requests/s, p50 and p99 latency, errors, and the ratio of each
throughput to the minimal view's measured by the same server in the same run.

Page loads are not counted by the pages themselves: the beacon each page sends counts them (--beacon); the
"counted" column says how many of the row's responses the visit statistics' total grew by (it reads
/api/stats/visits/ before and after). The machine is shared and its load changes from one second to the next,
so each address is loaded --pairs times (5), each run right after a run of the minimal view on the same
server, --duration split between them: the ratio is the median of the pairs' ratios, req/s and p50 the medians
of the runs, p99 the highest. Before each run the script waits until gunicorn's workers are idle, so that no
address is measured while the server still answers the previous one's queued requests (slow searches leave
seconds of them).

--beacon also loads an article and its beacon (POST /api/stats/hit) alternately: page views per second
(every other request).

--only home,article,... loads only those addresses (names: home, article, listing, document, search;
the minimal view always), --cached-only skips the server without the page cache, --uncached-only the
one with it: for quick checks.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cong_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"

BEACON_LUA = """
local n = 0
request = function()
  n = n + 1
  if n %% 2 == 1 then
    return wrk.format("GET", "%(path)s", {["User-Agent"] = "%(agent)s"})
  end
  return wrk.format("POST", "/api/stats/hit", {
    ["Content-Type"] = "application/json", ["User-Agent"] = "%(agent)s",
    ["Sec-Fetch-Site"] = "same-origin", ["Origin"] = "http://127.0.0.1:%(port)d",
    ["Referer"] = "http://127.0.0.1:%(port)d%(path)s"}, '{"page": %(page)d, "path": "%(path)s"}')
end
"""


def environment(args, static_root, cache_on, counted_by="page"):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings.production",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "CACHE_KEY_PREFIX": "bench",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_PROXY": "0",
            "STATIC_ROOT": static_root,
            "BENCH_PING": "1",
            "PAGE_CACHE_ENABLED": "1" if cache_on else "0",
            "VISITS_RATE_LIMIT": "100000000/60",
            "VISITS_COUNTED_BY": counted_by,
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    return env


def manage(env, *command, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, **kwargs)


def django_shell(env, code):
    result = manage(env, "shell", "-c", code, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


COUNT_DOCUMENTS = """
import json
from django.db import connection
from django.db.utils import ProgrammingError
try:
    from documents.models import LegalDocumentPage
    print(json.dumps(LegalDocumentPage.objects.live().count()))
except ProgrammingError:
    print(json.dumps(-1))
"""

ADDRESSES = """
import json
from articles.models import NewsIndexPage, NewsPage
from documents.models import LegalDocumentIndexPage, LegalDocumentPage
from wagtail.models import Locale
vi = Locale.objects.get(language_code="vi")
article = NewsPage.objects.live().public().filter(locale=vi).order_by("-publication_date").first()
listing = NewsIndexPage.objects.live().public().filter(locale=vi).order_by("-numchild").first()
register = LegalDocumentIndexPage.objects.live().public().filter(locale=vi).order_by("-numchild").first()
document = LegalDocumentPage.objects.live().public().child_of(register).order_by("-issue_date").first()
print(json.dumps({
    "article": [article.url, article.pk], "listing": listing.url, "document": document.url,
    "search": register.url + "?q=quyet+dinh+ve+cong+nghe+thong+tin",
}))
"""


def build_database(env, count):
    print(f"The database has fewer than {count:,} legal documents: building it (migrate, demo, import).")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory) / "documents.jsonl"
        subprocess.run(
            [PYTHON, "bench/generate_legal_documents.py", str(count), str(data)], cwd=ROOT, check=True
        )
        subprocess.run([PYTHON, "bench/import_legal_documents.py", str(data)], cwd=ROOT, env=env, check=True)


def wait_until_up(port, server, timeout=300, path="/bench/ping"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(1)
    raise SystemExit(f"gunicorn did not start; its log: {server.log_path}")


def fetch(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"User-Agent": BROWSER})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.headers.get("X-Page-Cache", "")


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(args, path, script=None, duration=None):
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{duration or args.duration}s",
        "--latency",
        "--timeout",
        "10s",  # a slow answer under load counts in the latency, not as a socket error
    ]
    # What a browser sends: cached pages go out gzipped.
    command += ["-H", f"User-Agent: {BROWSER}", "-H", "Accept-Encoding: gzip, deflate"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{args.port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    latency = {
        percent: to_ms(value, unit)
        for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if match:
        errors += sum(int(n) for n in match.groups())
    return {
        "rate": rate,
        "requests": requests,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": errors,
    }


def serve(args, env):
    with tempfile.NamedTemporaryFile("w", prefix="cong-bench-gunicorn-", suffix=".log", delete=False) as log:
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server.log_path = log.name
    return server


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def _worker_cpu_seconds(server):
    """CPU time used so far by gunicorn's workers (Linux /proc)."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return 0.0
    ticks = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:  # a worker that just exited
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(server, timeout=60):
    """Wait until the workers are idle. When wrk stops, each sync worker still answers every request it
    had accepted, and the kernel's backlog holds those wrk opened: after 32 connections of searches that
    take seconds each, the next address would be measured while the server finishes them (that made the
    "article + beacon" row, measured right after the searches, show a p99 of 3.5-6.4 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = _worker_cpu_seconds(server)
        time.sleep(0.5)
        if _worker_cpu_seconds(server) - before < 0.05:  # under a tenth of a core
            return


def visits_total(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/stats/visits/")  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)["total"]


def measure(args, server, path, script=None, duration=None):
    """One wrk run, with the share of its responses that the visit statistics counted."""
    settle(server)
    before = visits_total(args.port)
    result = wrk(args, path, script, duration)
    settle(server)
    result["counted"] = visits_total(args.port) - before
    return result


def paired(args, server, path, script=None):
    """--pairs runs of the address, each right after a run of the minimal view (duration split between
    them): the row's throughput and latencies are the medians of its runs (p99: the highest), its ratio
    the median of the ratios of each pair, so that a change in the machine's load between two runs
    moves both members of a pair."""
    duration = max(1, round(args.duration / args.pairs))
    minimal_runs, runs = [], []
    for _ in range(args.pairs):
        minimal_runs.append(measure(args, server, "/bench/ping", duration=duration))
        runs.append(measure(args, server, path, script, duration))
    result = {
        "rate": statistics.median(run["rate"] for run in runs),
        "requests": sum(run["requests"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "counted": sum(run["counted"] for run in runs),
        "ratio": statistics.median(
            run["rate"] / minimal["rate"] for run, minimal in zip(runs, minimal_runs, strict=True)
        ),
    }
    return result, minimal_runs


def run_server(args, env, rows, pages, label, beacon_script=None):
    server = serve(args, env)
    try:
        wait_until_up(args.port, server)
        for _name, path in pages:
            for _ in range(2):  # warm up: the first request stores the page, the second must hit
                status, state = fetch(args.port, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            if label == "cached" and state != "hit":
                raise SystemExit(f"{path} was not served from the page cache ({state!r})")
        measured, minimal_runs = [], []
        if beacon_script:
            result, minimals = paired(args, server, pages[0][1], beacon_script)
            result["rate"] /= 2  # page views: one page and one beacon each
            result["ratio"] /= 2
            result["requests"] //= 2
            measured.append(("article + beacon (page views/s), cached", result))
            minimal_runs += minimals
        else:
            for name, path in pages:
                result, minimals = paired(args, server, path)
                measured.append((f"{name}, {label}", result))
                minimal_runs += minimals
        minimal = {
            "rate": statistics.median(run["rate"] for run in minimal_runs),
            "requests": 0,
            "p50": statistics.median(run["p50"] for run in minimal_runs),
            "p99": max(run["p99"] for run in minimal_runs),
            "errors": sum(run["errors"] for run in minimal_runs),
            "counted": 0,
            "ratio": 1.0,
        }
        rows.append((f"minimal view ({label} server)", minimal))
        rows.extend(measured)
    finally:
        stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--documents", type=int, default=100_000, help="build the database below this many")
    parser.add_argument("--duration", type=int, default=10, help="seconds per address")
    parser.add_argument(
        "--pairs", type=int, default=5, help="runs of each address, each after a run of the minimal view"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated page names to load (home, article, listing, document, search); default all. "
        "The minimal view is always measured, the beacon row with the article",
    )
    parser.add_argument("--cached-only", action="store_true", help="skip the server without the page cache")
    parser.add_argument("--uncached-only", action="store_true", help="skip the server with the page cache")
    parser.add_argument(
        "--beacon", action="store_true", help="also measure an article and its beacon, counted by beacon"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt install wrk")
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Give a PostgreSQL database in DATABASE_URL (production-like).")

    with tempfile.TemporaryDirectory(prefix="cong-bench-") as static_root:
        env = environment(args, static_root, cache_on=True)
        if django_shell(env, COUNT_DOCUMENTS) < args.documents:
            build_database(env, args.documents)
        documents = django_shell(env, COUNT_DOCUMENTS)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        addresses = django_shell(env, ADDRESSES)
        pages = [
            ("home", "/"),
            ("article", addresses["article"][0]),
            ("listing", addresses["listing"]),
            ("legal document", addresses["document"]),
            ("register search ?q=", addresses["search"]),
        ]
        if args.only:
            short = dict(zip(("home", "article", "listing", "document", "search"), pages, strict=True))
            pages = [short[name.strip()] for name in args.only.split(",")]
        rows = []
        if not args.uncached_only:
            run_server(args, env, rows, pages, "cached")
        if not args.cached_only:
            run_server(args, environment(args, static_root, cache_on=False), rows, pages, "uncached")
        if args.beacon:
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(
                    BEACON_LUA
                    % {
                        "path": addresses["article"][0],
                        "page": addresses["article"][1],
                        "port": args.port,
                        "agent": BROWSER,
                    }
                )
            try:
                beacon_env = environment(args, static_root, cache_on=True, counted_by="beacon")
                article = [("article", addresses["article"][0])]
                run_server(args, beacon_env, rows, article, "beacon-counting", script.name)
            finally:
                os.unlink(script.name)

    workers = args.workers or os.cpu_count() * 2 + 1
    print()
    print(
        f"{os.cpu_count()} cores; gunicorn {workers} sync workers; wrk {args.connections} connections, "
        f"{args.duration} s each; {documents:,} live legal documents; PostgreSQL + Redis"
    )
    print(f"{'':48} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'counted':>8} {'vs minimal':>11}")
    for name, result in rows:
        p50 = f"{result['p50']:.1f}" if result["p50"] is not None else "-"
        p99 = f"{result['p99']:.1f}" if result["p99"] is not None else "-"
        counted = f"{result['counted'] / result['requests']:.0%}" if result["requests"] else "-"
        print(
            f"{name:48} {result['rate']:9.1f} {p50:>8} {p99:>8} {result['errors']:7d} {counted:>8} "
            f"{result['ratio']:10.1%}"
        )


if __name__ == "__main__":
    main()
