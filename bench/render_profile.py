"""What an uncached page render costs in-process: median time and queries per page, beside the minimal view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/render_profile.py [--repeat 30] [--profile article] [--sql article]

Production settings (DEBUG off, the page cache off: PAGE_CACHE_ENABLED=0), the database in DATABASE_URL
read only, the Redis in REDIS_URL for the other caches (fragments, renditions, sessions). Static files are
collected once into STATIC_ROOT (default: a directory under /tmp), as in production.

Each page (home, an article, a listing, a legal document, the register, a search in it) is requested
through Django's test client and the whole middleware stack: a few times to warm the caches a running
server has warm, then --repeat times, timed one at a time. Prints the median milliseconds (wall clock,
and the CPU time of this process alone: what the page costs Python, whatever the database and Redis make
it wait), the queries of one render, and the minimal view's (/bench/ping) median divided by the page's:
about the share of the minimal view's throughput the page can reach on a server whose cores are busy
rendering (bench/http_bench.py measures that share under load).

--profile NAME prints where the time of NAME's renders goes (cProfile, the 40 costliest functions by
own time and by cumulative time); --sql NAME prints the SQL of one render of NAME.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def configure():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Give a PostgreSQL database in DATABASE_URL (production-like).")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_PROXY": "0",
            "BENCH_PING": "1",
            "PAGE_CACHE_ENABLED": "0",
            "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "render-profile"),
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": os.environ.get("STATIC_ROOT", "/tmp/cong-render-profile-static"),  # noqa: S108
        }
    )
    if not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
        subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603
    import django

    django.setup()


def addresses():
    from wagtail.models import Locale

    from articles.models import NewsIndexPage, NewsPage
    from documents.models import LegalDocumentIndexPage, LegalDocumentPage

    vi = Locale.objects.get(language_code="vi")
    article = NewsPage.objects.live().public().filter(locale=vi).order_by("-publication_date", "-pk").first()
    listing = NewsIndexPage.objects.live().public().filter(locale=vi).order_by("-numchild", "pk").first()
    # The same pages on every run (ties broken by id): figures of two runs compare.
    registers = LegalDocumentIndexPage.objects.live().public().filter(locale=vi)
    register = registers.order_by("-numchild", "pk").first()
    documents = LegalDocumentPage.objects.live().public().child_of(register)
    document = documents.order_by("-issue_date", "-pk").first()
    return {
        "ping": "/bench/ping",
        "home": "/",
        "article": article.url,
        "listing": listing.url,
        "legal document": document.url,
        "register": register.url,
        "register search": register.url + "?q=quyet+dinh+ve+cong+nghe+thong+tin",
    }


def origin():
    """Where in the project (or its templates) a query comes from: the innermost frame of ours."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        ours = filename.startswith(str(ROOT))
        if ours and not filename.endswith(("render_profile.py", "observability.py")):
            return f"{os.path.relpath(filename, ROOT)}:{frame.f_lineno} {frame.f_code.co_name}"
        if filename.endswith("django/template/base.py") and frame.f_code.co_name == "render_annotated":
            node = frame.f_locals.get("self")
            origin = getattr(node, "origin", None)
            token = getattr(node, "token", None)
            if origin is not None and token is not None:
                return f"{origin.template_name}:{token.lineno} {{% {token.contents[:60]} %}}"
        frame = frame.f_back
    return "?"


def measure(client, path, repeat):
    from django.db import connection

    for _ in range(3):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    queries = []

    def record(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append({"sql": sql, "ms": (time.perf_counter() - start) * 1000, "origin": origin()})

    # Not CaptureQueriesContext: the request_started signal empties the log it reads.
    with connection.execute_wrapper(record):
        client.get(path)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", help="page name to profile with cProfile")
    parser.add_argument("--sql", help="page name whose SQL to print")
    args = parser.parse_args()
    configure()

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=BROWSER)
    pages = addresses()
    rows = {}
    for name, path in pages.items():
        rows[name] = measure(client, path, args.repeat)

    ping = rows["ping"][0]
    print(f"{'':16} {'median ms':>10} {'cpu ms':>8} {'queries':>8} {'vs minimal':>11}   path")
    for name, (ms, cpu, queries) in rows.items():
        print(f"{name:16} {ms:10.2f} {cpu:8.2f} {len(queries):8d} {ping / ms:10.1%}   {pages[name]}")

    if args.sql:
        print(f"\nSQL of one render of {args.sql}:")
        for query in rows[args.sql][2]:
            print(f"  [{query['ms']:.2f} ms] {query['origin']}\n      {query['sql'][:160]}")
    if args.profile:
        path = pages[args.profile]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"\n{args.profile}: {args.repeat} renders, by own time")
        stats.sort_stats("tottime").print_stats(40)
        print(f"\n{args.profile}: by cumulative time")
        stats.sort_stats("cumulative").print_stats(60)
        print(f"\n{args.profile}: the project's functions and template tags, by cumulative time")
        ours = r"(home|articles|documents|ratings|visits|search|wagtail)/.*\.py"
        stats.sort_stats("cumulative").print_stats(ours, 50)


if __name__ == "__main__":
    main()
