"""Load test of the public surface: every public endpoint for 60 s with concurrent clients; zero 5xx.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench REDIS_URL=redis://127.0.0.1:6379/6 \
        /work/main/.venv/bin/python bench/public_load.py [--duration 60] [--concurrency 12] [--workers 3]

Starts gunicorn (production settings, ``--timeout 60``) on the given database and Redis, finds real
URLs in that database (an article, a legal document, the register, the news list), then for
``--duration`` seconds ``--concurrency`` threads, each with a keep-alive connection, request a weighted
mix: home, news list (page 2 too), article, legal register (plain, search query, type/year filters,
page 3), legal document, site search, the JSON API (plain, search, filters, bad parameters), sitemap,
RSS, rating read and rating POST (with its CSRF cookie), and the visit beacon. Readers come from many
addresses (X-Forwarded-For, one proxy trusted) so the per-reader rate limits apply as in production.

Prints per endpoint: requests, status classes, median and 95th-percentile latency; exits 1 on any 5xx or
connection error. Writes are small (ratings, visit counts); nothing else changes in the database.
"""

import argparse
import collections
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env():
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")
    env.setdefault("SECRET_KEY", "load-test-only-secret-key-not-for-production-0123456789")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("TRUSTED_PROXIES", "127.0.0.1")  # the readers' X-Forwarded-For, as behind nginx
    env.setdefault("BEHIND_PROXY", "0")
    env.setdefault("STATIC_ROOT", "/tmp/cong-load-static")  # noqa: S108 - collected static files only
    env.setdefault("LOG_LEVEL", "WARNING")
    return env


def discover(env):
    """Real paths from the database the server uses (read only)."""
    code = r"""
import json
from articles.models import NewsIndexPage, NewsPage
from documents.models import LegalDocumentIndexPage, LegalDocumentPage, DocumentType
def rel(page):
    return page.relative_url(page.get_site())
article = NewsPage.objects.live().order_by("-first_published_at").first()
document = LegalDocumentPage.objects.live().order_by("-pk").first()
register = LegalDocumentIndexPage.objects.live().order_by("pk").first()
news = NewsIndexPage.objects.live().order_by("pk").first()
kind = DocumentType.objects.order_by("pk").first()
print(json.dumps({"article": [article.pk, rel(article)], "document": [document.pk, rel(document)],
                  "register": rel(register), "news": rel(news), "type": kind.pk if kind else 1}))
"""
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-v", "0", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def endpoints(urls):
    article_id, article = urls["article"]
    document_id, document = urls["document"]
    register, news = urls["register"], urls["news"]
    q = urllib.parse.quote
    get = "GET"
    return [
        # (name, weight, method, path, body)
        ("home", 10, get, "/", None),
        ("news list", 5, get, news, None),
        ("news list page 2", 2, get, f"{news}?page=2", None),
        ("article", 10, get, article, None),
        ("register", 5, get, register, None),
        ("register ?q", 5, get, f"{register}?q={q('quyết định ủy ban')}", None),
        ("register ?q number", 3, get, f"{register}?q={q('39/2021/QĐ-UBND')}", None),
        ("register filters", 4, get, f"{register}?type={urls['type']}&year=2021", None),
        ("register page 3", 2, get, f"{register}?page=3", None),
        ("legal document", 8, get, document, None),
        ("search", 5, get, f"/search/?q={q('chuyển đổi số')}", None),
        ("api", 4, get, "/api/v2/legal-documents/?limit=20", None),
        ("api ?search", 4, get, f"/api/v2/legal-documents/?search={q('công nghệ thông tin')}&limit=20", None),
        (
            "api filters",
            3,
            get,
            f"/api/v2/legal-documents/?type={urls['type']}&year=2021&order=-issue_date",
            None,
        ),
        ("api bad param", 1, get, "/api/v2/legal-documents/?limit=abc", None),
        ("sitemap", 1, get, "/sitemap.xml", None),
        ("rss", 2, get, "/rss.xml", None),
        ("rating read", 4, get, f"/api/ratings/{article_id}/", None),
        ("rating post", 3, "POST", f"/api/ratings/{document_id}/", "rating"),
        ("visit beacon", 10, "POST", "/api/stats/hit", {"page": article_id, "path": article}),
    ]


class Worker(threading.Thread):
    def __init__(self, port, mix, deadline, results, seed):
        super().__init__(daemon=True)
        self.port, self.mix, self.deadline, self.results = port, mix, deadline, results
        self.random = random.Random(seed)
        self.connection = None
        self.ip = f"10.{seed // 200}.{seed % 200}.{self.random.randint(1, 250)}"
        self.csrf = None

    def _connection(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return self.connection

    def _request(self, method, path, body=None, headers=None):
        headers = {
            "User-Agent": BROWSER_UA,
            "X-Forwarded-For": self.ip,
            "Accept-Encoding": "gzip",
            **(headers or {}),
        }
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, data, response
        except (OSError, http.client.HTTPException) as error:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            return 0, str(error).encode(), None

    def _rating_post(self, path):
        if self.csrf is None:
            status, _, response = self._request("GET", path)
            cookie = response.getheader("Set-Cookie", "") if response else ""
            match = re.search(r"csrftoken=([^;]+)", cookie)
            self.csrf = match.group(1) if match else ""
        body = json.dumps({"score": self.random.randint(1, 5)})
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                   "Cookie": f"csrftoken={self.csrf}",
                   "Sec-Fetch-Site": "same-origin", "Origin": f"http://127.0.0.1:{self.port}",
                   "Referer": f"http://127.0.0.1:{self.port}/"}  # fmt: skip
        return self._request("POST", path, body, headers)

    def run(self):
        names = list(self.mix)
        weights = [item[1] for item in self.mix]
        while time.monotonic() < self.deadline:
            name, _, method, path, body = self.random.choices(names, weights)[0]
            started = time.monotonic()
            if body == "rating":
                status, data, _ = self._rating_post(path)
            elif body is not None:
                headers = {"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}
                status, data, _ = self._request(method, path, json.dumps(body), headers)
            else:
                status, data, _ = self._request(method, path)
            elapsed = (time.monotonic() - started) * 1000
            self.results.append((name, status, elapsed, data[:200] if status >= 500 or status == 0 else b""))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with content (and REDIS_URL).")
    env = app_env()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    urls = discover(env)
    mix = endpoints(urls)
    port = args.port or free_port()
    log_path = Path("/tmp/cong-public-load-gunicorn.log")  # noqa: S108
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--timeout", "60", "--keep-alive", "5"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            for _ in range(120):
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                try:
                    probe.request("GET", "/healthz")
                    if probe.getresponse().status == 200:
                        break
                except OSError:
                    pass
                finally:
                    probe.close()
                time.sleep(0.5)
            database = env["DATABASE_URL"].rsplit("/", 1)[-1]
            print(f"gunicorn on :{port}, {args.workers} workers; DB {database}, "
                  f"Redis {'on' if env.get('REDIS_URL') else 'off'}; {args.concurrency} clients for "
                  f"{args.duration:.0f} s")  # fmt: skip
            print(
                f"article {urls['article'][1]}, document {urls['document'][1]}, register {urls['register']}"
            )
            results = []
            deadline = time.monotonic() + args.duration
            started = time.monotonic()
            workers = [Worker(port, mix, deadline, results, seed) for seed in range(args.concurrency)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            elapsed = time.monotonic() - started
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    return report(results, elapsed, mix, log_path)


def report(results, elapsed, mix, log_path):
    by_name = collections.defaultdict(list)
    for name, status, ms, sample in results:
        by_name[name].append((status, ms, sample))
    print(f"\n{'endpoint':<20} {'requests':>8} {'2xx':>6} {'3xx':>5} {'4xx':>5} {'5xx':>5} {'err':>4} "
          f"{'p50 ms':>8} {'p95 ms':>8}")  # fmt: skip
    total_5xx = total_errors = 0
    for name, *_ in mix:
        rows = by_name.get(name, [])
        classes = collections.Counter("err" if status == 0 else f"{status // 100}xx" for status, _, _ in rows)
        latencies = sorted(ms for _, ms, _ in rows)
        p50 = statistics.median(latencies) if latencies else 0
        p95 = (
            latencies[int(len(latencies) * 0.95) - 1]
            if len(latencies) >= 20
            else (latencies[-1] if latencies else 0)
        )
        total_5xx += classes["5xx"]
        total_errors += classes["err"]
        print(f"{name:<20} {len(rows):>8} {classes['2xx']:>6} {classes['3xx']:>5} {classes['4xx']:>5} "
              f"{classes['5xx']:>5} {classes['err']:>4} {p50:>8.0f} {p95:>8.0f}")  # fmt: skip
        for status, _, sample in rows:
            if status >= 500 or status == 0:
                print(f"    {status}: {sample[:160]!r}")
                break
    statuses = collections.Counter(status for _, status, _, _ in results)
    print(f"\n{len(results)} requests in {elapsed:.1f} s = {len(results) / elapsed:.1f} req/s; "
          f"statuses {dict(sorted(statuses.items()))}; 5xx: {total_5xx}; "
          f"connection errors: {total_errors}")  # fmt: skip
    timeouts = sum("WORKER TIMEOUT" in line for line in log_path.read_text(errors="replace").splitlines())
    print(f"gunicorn worker timeouts: {timeouts} (log {log_path})")
    return 1 if total_5xx or total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
