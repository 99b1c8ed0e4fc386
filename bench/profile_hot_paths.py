"""Cost of a cached page view, in-process, beside the minimal view: the WSGI application called with
prepared environs (no server, no network but PostgreSQL's and Redis's).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_x REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/profile_hot_paths.py [--calls 3000] [--profile hit] [--top 25]

Prints the milliseconds per call of ``GET /bench/ping`` (the minimal view through every middleware), of a
cached article served to a browser that accepts gzip (a page-cache hit that counts the view and fills in
the live figures: the whole cost of a page view), the same without gzip, the same for a crawler (not
counted: what the counting costs), and with --profile the cProfile table of one of them. It counts page
views in the database it is given: use a database of your own, not a shared benchmark database.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def configure():
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings.production",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_PROXY": "0",
            "BENCH_PING": "1",
            "CACHE_KEY_PREFIX": "bench-profile",
            "VISITS_RATE_LIMIT": "100000000/60",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("STATIC_ROOT", "/tmp/cong-profile-static")  # noqa: S108  # nosec B108


def environ(method, path, body=b"", **headers):
    base = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": BROWSER,
        "HTTP_ACCEPT_ENCODING": "gzip, deflate",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        base["CONTENT_TYPE"] = "application/json"
        base["CONTENT_LENGTH"] = str(len(body))
    for name, value in headers.items():
        base["HTTP_" + name.upper()] = value
    return base, body


def call(application, prepared):
    base, body = prepared
    env = dict(base)
    env["wsgi.input"] = io.BytesIO(body)
    status = []
    result = application(env, lambda s, h, exc_info=None: status.append(s))
    try:
        for _chunk in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--profile", choices=("ping", "hit", "hit-plain", "hit-bot"))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key: cumulative, tottime, ...")
    args = parser.parse_args()
    configure()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from articles.models import NewsPage

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    from wsgi import application  # what gunicorn serves: Django behind the page cache's WSGI lane

    article = NewsPage.objects.live().public().order_by("-publication_date").first()
    requests = {
        "ping": environ("GET", "/bench/ping"),
        "hit": environ("GET", article.url),
        "hit-plain": environ("GET", article.url, accept_encoding=""),
        "hit-bot": environ("GET", article.url, user_agent="Googlebot/2.1 (+http://www.google.com/bot.html)"),
    }
    for name, prepared in requests.items():
        for _ in range(20):  # warm up: the page is stored, salts and connections are made
            status = call(application, prepared)
        if not status.startswith("200"):
            raise SystemExit(f"{name} answered {status}")

    # Interleaved rounds, the best round of each kept: the machine is shared and its load changes.
    rounds = 5
    print(
        f"{args.calls} calls each in {rounds} interleaved rounds (best round kept), in-process, "
        "settings.production"
    )
    timings = dict.fromkeys(requests, float("inf"))
    cpu = dict.fromkeys(requests, float("inf"))
    for _ in range(rounds):
        for name, prepared in requests.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(args.calls // rounds):
                call(application, prepared)
            per_call = (time.perf_counter() - started) / (args.calls // rounds) * 1000
            per_call_cpu = (time.process_time() - started_cpu) / (args.calls // rounds) * 1000
            timings[name] = min(timings[name], per_call)
            cpu[name] = min(cpu[name], per_call_cpu)
    # CPU: this process's own (not Redis's nor PostgreSQL's), less disturbed by what else the machine runs.
    for name, ms in timings.items():
        print(
            f"{name:10} {ms:7.3f} ms/call  {ms / timings['ping']:6.1%} of the minimal view;"
            f"  CPU {cpu[name]:7.3f} ms/call  {cpu[name] / cpu['ping']:6.1%}"
        )

    if args.profile:
        prepared = requests[args.profile]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.calls):
            call(application, prepared)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
