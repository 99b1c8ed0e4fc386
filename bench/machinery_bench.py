"""Each piece of the request path's own speed machinery, measured with it and without it, beside the one-file
Django app (the shared baseline) serving a body of the same size, under the same gunicorn settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/machinery_bench.py [--experiment page-cache --experiment ...] \\
        [--before ../wt-before] [--rounds 2] [--duration 6] [--connections 16] [--workers 2] [--port 8410]

An experiment loads one address (a cached article: anonymous, stored in the page cache; a rendered article or
legal document: the page cache off, as for a reader with a session or a miss) on two servers, "with" and
"without" the piece, and on the baseline app (BODY_BYTES the size wrk receives from the portal, gzip
accepted). All three run side by side (production settings, PostgreSQL + Redis, gunicorn.conf.py with
--workers workers each); each round loads the baseline, then "with", then "without", for --duration seconds
each, so that the machine's load moves all three alike. It prints each server's median req/s, its median
share of the baseline's rate in the same round, and the gain of "with" over "without".

A variant differs from the code here by settings (a settings module written for the run that imports
settings.production and changes one thing), by its WSGI entry point, or by its tree: ``--before DIR``
names a checkout of the code before a piece was removed (``git worktree add --detach DIR <commit>``), whose
experiments (the ``*-before`` ones) compare it with this tree. The experiments of the pieces removed since
(local-fragments, static-storage, local-pages, local-pages-lane, lane-replay, lane-replay-no-copies) are in
this script as of commit 42e1da3: run it from a checkout of that commit (docs/benchmarks.md).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import http_bench  # noqa: E402 - wrk, database helpers, settle()
from search_http_bench import BASELINE_CONF, DEFAULT_MINIMAL, QUIET, body_size  # noqa: E402

ROOT = http_bench.ROOT
PYTHON = http_bench.PYTHON

# WSGI entry point without the page cache's WSGI lane (what wsgi.py holds once the lane is gone).
PLAIN_WSGI = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
from home.proxies import UntrustedForwardingWSGI
application = UntrustedForwardingWSGI(application)
"""

# Wagtail routing the page, the site and its settings still primed from home/memo.py.
NO_ROUTE_WSGI = """
from wsgi import application
import home.middleware
home.middleware.prime_route = lambda request, path: None
"""

# home/memo.py remembering nothing: every value computed when asked, as Wagtail and the ORM do.
NO_MEMO_WSGI = """
from wsgi import application
import home.memo
home.memo.remember = lambda key, compute: compute()
"""

# The page cache without its per-process hints of each address's tag names (a hit then reads the stored
# page first and its tags' versions second).
NO_HINTS_WSGI = """
from wsgi import application
import pagecache.cache
pagecache.cache._remember_hints = lambda key, entry: None
"""

# A render without the read-ahead: no address's tags and fragments remembered, so each fragment is read alone.
NO_READ_AHEAD_WSGI = """
from wsgi import application
import pagecache.cache
pagecache.cache._render_hints = type("Forgetful", (dict,), {"__setitem__": lambda self, key, value: None})()
"""

# The visit beacon's script through redis-py's command layer instead of home.redis_cache.run_script.
NO_RUN_SCRIPT_WSGI = """
from wsgi import application
import visits.counter
visits.counter.run_script = lambda client, script, keys, args: script(keys=keys, args=args)
"""

# The visit beacon as visits.js sends it, from readers at 40,000 addresses (trusted proxy: 127.0.0.1).
BEACON_LUA = """
wrk.method = "POST"
wrk.body = '{"page": %(page)s, "path": "%(path)s"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
local n = 0
request = function()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = "10." .. (n %% 200) .. "." .. (math.floor(n / 200) %% 200) .. ".7"
  return wrk.format()
end
"""
BEACON_BYTES = 140  # the beacon's answer, about

# name: (address, {variant: {"tree": "here"|"before", "env": {...}, "settings": code, "app": module}})
# Addresses: "article" (the newest Vietnamese article), "document" (the newest legal document).
CACHED = {"PAGE_CACHE_ENABLED": "1"}
NO_ROUTING = 'MIDDLEWARE = [m for m in MIDDLEWARE if m != "home.middleware.PortalRequestMiddleware"]'
RENDERED = {"PAGE_CACHE_ENABLED": "0"}
BEHIND_FRONT = {**RENDERED, "FRONTEND_CACHE_URL": "http://127.0.0.1:9"}


def on_both(name, with_, without):
    """Experiment ``name`` on the article and ``name-document`` on the legal document."""
    variants = {"with": with_, "without": without}
    return {name: ("article", variants), f"{name}-document": ("document", variants)}


EXPERIMENTS = {
    # The Django-side page cache: a stored article against the same article rendered.
    "page-cache": ("article", {"with": {"env": CACHED}, "without": {"env": RENDERED}}),
    # pagecache/lane.py: hits answered before Django's handler.
    "lane": (
        "article",
        {"with": {"env": CACHED, "app": "wsgi"}, "without": {"env": CACHED, "app": "bench_plain_wsgi"}},
    ),
    # pagecache/cache.py's per-process names of each address's tags (one round trip per hit, not two).
    "tag-hints": (
        "article",
        {
            "with": {"env": CACHED},
            "without": {"env": CACHED, "app": "bench_no_hints_wsgi"},
        },
    ),
    # home/routing.py (and the middleware priming the site and its settings from home/memo.py).
    **on_both("routing", {"env": RENDERED}, {"env": RENDERED, "settings": NO_ROUTING}),
    # home/routing.py alone: the middleware still primes the site and its settings from home/memo.py.
    **on_both("routing-only", {"env": RENDERED}, {"env": RENDERED, "app": "bench_no_route_wsgi"}),
    **on_both("memo", {"env": RENDERED}, {"env": RENDERED, "app": "bench_no_memo_wsgi"}),
    # pagecache/cache.py's render hints with home/redis_cache.py's read-ahead: a render's fragments and its
    # page's tags read with READ_TAGS, in one round trip. Behind the front cache, as the README deploys it
    # (a miss: rendered, then recorded for purging; nothing listens on the purge address, nothing purges).
    **on_both("read-ahead", {"env": BEHIND_FRONT}, {"env": BEHIND_FRONT, "app": "bench_no_read_ahead_wsgi"}),
    # home/routing.py's statements prepared once per connection (DATABASE_PREPARED_STATEMENTS).
    **on_both("prepared", {"env": RENDERED}, {"env": {**RENDERED, "DATABASE_PREPARED_STATEMENTS": "0"}}),
    # home.redis_cache.run_script: the beacon's EVALSHA sent on a pooled connection directly.
    "beacon-script": ("beacon", {"with": {}, "without": {"app": "bench_no_run_script_wsgi"}}),
    # The code before a removal (--before) against this tree, rendered and cached.
    "rendered-before": (
        "article",
        {"with": {"tree": "before", "env": RENDERED}, "without": {"env": RENDERED}},
    ),
    "document-before": (
        "document",
        {"with": {"tree": "before", "env": RENDERED}, "without": {"env": RENDERED}},
    ),
    "cached-before": (
        "article",
        {"with": {"tree": "before", "env": CACHED}, "without": {"env": CACHED}},
    ),
}

ADDRESSES = """
import json
from articles.models import NewsPage
from documents.models import LegalDocumentPage
from wagtail.models import Locale
vi = Locale.objects.get(language_code="vi")
article = NewsPage.objects.live().public().filter(locale=vi).order_by("-publication_date").first()
document = LegalDocumentPage.objects.live().public().filter(locale=vi).order_by("-issue_date").first()
print(json.dumps({"article": article.url, "document": document.url, "article_id": article.pk}))
"""


def environment(args, static_root, extra):
    env = http_bench.environment(args, static_root, cache_on=True)
    env.pop("GUNICORN_BIND", None)
    env["GUNICORN_WORKERS"] = str(args.workers)
    env.update(extra)
    return env


def start(args, tree, env, app, port, log_name):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    log = Path(args.scratch) / log_name
    with log.open("w") as handle:
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", *QUIET, f"{app}:application"],
            cwd=tree,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    server.log_path = str(log)
    return server


def start_baseline(args, size, port):
    conf = Path(args.scratch) / "baseline_conf.py"
    conf.write_text(BASELINE_CONF % {"conf": str(ROOT / "gunicorn.conf.py")})
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        {
            "BODY_BYTES": str(size),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_WORKERS": str(args.workers),
        }
    )
    log = Path(args.scratch) / "baseline.log"
    with log.open("w") as handle:
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", str(conf), *QUIET, "minimal_django:application"],
            cwd=args.minimal.parent,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    server.log_path = str(log)
    return server


def warm(port, path, count=3):
    for _ in range(count):
        request = urllib.request.Request(  # noqa: S310
            f"http://127.0.0.1:{port}{path}",
            headers={"User-Agent": http_bench.BROWSER, "Accept-Encoding": "gzip, deflate"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            state = response.headers.get("X-Page-Cache", "")
            response.read()
    return state


def wrk(args, port, path, script=None):
    options = argparse.Namespace(
        threads=args.threads, connections=args.connections, duration=args.duration, port=port
    )
    return http_bench.wrk(options, path, script)["rate"]


def run_experiment(args, name, addresses):
    address, variants = EXPERIMENTS[name]
    script = None
    if address == "beacon":  # POSTed by wrk's script, to the baseline too
        path = "/api/stats/hit"
        script = str(Path(args.scratch) / "beacon.lua")
        Path(script).write_text(BEACON_LUA % {"page": addresses["article_id"], "path": addresses["article"]})
    else:
        path = addresses[address]
    servers, ports = {}, {}
    try:
        for number, (label, variant) in enumerate(variants.items()):
            tree = args.before if variant.get("tree") == "before" else ROOT
            if tree is None:
                raise SystemExit(f"{name} needs --before DIR (a checkout before the removal)")
            env = environment(args, args.static_root, variant.get("env", {}))
            app = variant.get("app", "wsgi")
            if variant.get("settings"):
                module = f"bench_settings_{name.replace('-', '_')}_{label}"
                Path(args.scratch, module + ".py").write_text(
                    f"from settings.production import *  # noqa: F403\n{variant['settings']}\n"
                )
                env["DJANGO_SETTINGS_MODULE"] = module
            env["PYTHONPATH"] = args.scratch
            ports[label] = args.port + 2 + number
            servers[label] = start(args, tree, env, app, ports[label], f"{name}-{label}.log")
        for label, server in servers.items():
            http_bench.wait_until_up(ports[label], server, path="/bench/ping")
            state = warm(ports[label], path) if script is None else "-"
            print(f"  {name} {label}: {path} X-Page-Cache={state or '-'}", flush=True)
        size = body_size(ports["with"], path)[0] if script is None else BEACON_BYTES
        servers["baseline"] = start_baseline(args, size, args.port + 1)
        ports["baseline"] = args.port + 1
        http_bench.wait_until_up(args.port + 1, servers["baseline"], path="/")
        rates = {label: [] for label in ("baseline", *variants)}
        for _ in range(args.rounds):
            for label in ("baseline", *variants):
                for server in servers.values():
                    http_bench.settle(server)
                rates[label].append(wrk(args, ports[label], "/" if label == "baseline" else path, script))
        return address, size, rates
    finally:
        for server in servers.values():
            http_bench.stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", http_bench.DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", http_bench.DEFAULT_REDIS))
    parser.add_argument("--experiment", action="append", choices=sorted(EXPERIMENTS), default=[])
    parser.add_argument("--before", type=Path, help="a checkout of the code before a removal")
    parser.add_argument("--minimal", type=Path, default=DEFAULT_MINIMAL, help="the one-file baseline app")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of every server")
    parser.add_argument("--port", type=int, default=8410, help="baseline on port+1, variants from port+2")
    args = parser.parse_args()
    args.minimal = args.minimal.resolve()
    if args.before:
        args.before = args.before.resolve()
    if not args.minimal.is_file():
        raise SystemExit(f"The baseline app is missing: {args.minimal} (--minimal)")
    experiments = args.experiment or [name for name in EXPERIMENTS if not name.endswith("-before")]
    with (
        tempfile.TemporaryDirectory(prefix="cong-machinery-") as scratch,
        tempfile.TemporaryDirectory(prefix="cong-machinery-static-") as static_root,
    ):
        args.scratch, args.static_root = scratch, static_root
        Path(scratch, "bench_plain_wsgi.py").write_text(PLAIN_WSGI)
        Path(scratch, "bench_no_route_wsgi.py").write_text(NO_ROUTE_WSGI)
        Path(scratch, "bench_no_memo_wsgi.py").write_text(NO_MEMO_WSGI)
        Path(scratch, "bench_no_hints_wsgi.py").write_text(NO_HINTS_WSGI)
        Path(scratch, "bench_no_read_ahead_wsgi.py").write_text(NO_READ_AHEAD_WSGI)
        Path(scratch, "bench_no_run_script_wsgi.py").write_text(NO_RUN_SCRIPT_WSGI)
        env = environment(args, static_root, {})
        http_bench.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        addresses = http_bench.django_shell(env, ADDRESSES)
        results = []
        for name in experiments:
            started = time.monotonic()
            results.append((name, *run_experiment(args, name, addresses)))
            print(f"  {name}: {time.monotonic() - started:.0f} s", flush=True)

    print()
    print(
        f"{os.cpu_count()} cores; each server gunicorn {args.workers} sync workers; wrk {args.connections} "
        f"connections, {args.duration} s a run, {args.rounds} rounds; production settings, PostgreSQL + Redis"
    )
    print(
        f"{'experiment':18} {'address':9} {'bytes':>7} {'baseline':>9} {'with':>9} {'without':>9} "
        f"{'with/base':>10} {'w/o/base':>9} {'gain':>7}"
    )
    for name, address, size, rates in results:
        median = {label: statistics.median(values) for label, values in rates.items()}
        share = {
            label: statistics.median(
                value / base for value, base in zip(rates[label], rates["baseline"], strict=True)
            )
            for label in ("with", "without")
        }
        gain = statistics.median(
            with_ / without - 1 for with_, without in zip(rates["with"], rates["without"], strict=True)
        )
        print(
            f"{name:18} {address:9} {size:7d} {median['baseline']:9.0f} {median['with']:9.0f} "
            f"{median['without']:9.0f} {share['with']:10.1%} {share['without']:9.1%} {gain:+7.0%}"
        )


if __name__ == "__main__":
    main()
