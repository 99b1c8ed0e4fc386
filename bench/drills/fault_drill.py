"""Fault drill against real servers, run by CI on every stop (.ci/run):

    .venv/bin/python bench/drills/fault_drill.py [--hung-worker]
    .venv/bin/python bench/drills/fault_drill.py --prepare   # only build the cached demo database

Starts its own PostgreSQL cluster (initdb in a temporary directory, its own port), two Redis servers of
its own as docs/deployment.md sets them (the cache: ``maxmemory`` with ``allkeys-lru``; the
visit counters, VISITS_REDIS_URL: ``noeviction``) and gunicorn with the production settings, then loads
every kind of request (home, article, listing, inspection report, register, register search, legal
document, site search, API, suggestions, feed, sitemap, a rating, the visit beacon, a question, a feedback
item and a comment on a draft sent through their forms as a reader sends them, the admin login, an editor
saving a page) through these phases:

1. Redis down before the first request: every request answers as when Redis is up, none over 3 s.
2. Redis started again: the same, and Redis is used again.
3. Visits across a Redis restart: views counted, 2 s later the counters' Redis killed and restarted, more
   views counted; the database holds exactly every view counted.
4. Redis killed under load and started again while the load goes on.
5. Redis slow (``DEBUG SLEEP`` stalls it again and again under load).
6. PostgreSQL stopped: the 503 page (portal style, ``Retry-After``), an editor's save refused whole;
   started again: 200 within 10 s, from the same gunicorn workers.

The log must say what happened once per minute per process, not per request. The drill prints requests,
status codes and the slowest response per phase and the views sent versus counted, and exits non-zero on
any failure. The demo database is built once and kept as a dump in DRILL_CACHE (keyed by the migrations
and the demo loader), so later runs restore it in seconds.
"""

import argparse
import hashlib
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills import common  # noqa: E402
from bench.drills.common import expect, failures, log, request  # noqa: E402

PORT = int(os.environ.get("DRILL_PORT", "8100"))
CACHE_REDIS_PORT = common.REDIS_PORT
VISITS_REDIS_PORT = common.REDIS_PORT + 1
SLOWEST_ALLOWED_MS = 3000
CACHE_DIR = Path(os.environ.get("DRILL_CACHE", Path.home() / ".cache" / "cong-drill"))
WORKERS = 2


# Servers ------------------------------------------------------------------------------------------


class Redis:
    """A redis-server of the drill's own, in the foreground so that it can be killed outright."""

    def __init__(self, port, *options):
        self.port, self.options, self.process = port, options, None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
             "no", "--enable-debug-command", "local", *self.options],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            if self.cli("ping").stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise SystemExit(f"could not start Redis on {self.port}")

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def cli(self, *args):
        return common.run(["redis-cli", "-p", str(self.port), *args], check=False)

    def keys(self):
        return int(self.cli("dbsize").stdout.strip() or 0)


def source_digest():
    """What the demo database depends on: migrations, the demo loaders, the requirements."""
    digest = hashlib.sha256()
    root = common.ROOT
    files = sorted(root.glob("*/migrations/*.py")) + sorted(root.glob("*/management/commands/load_*.py"))
    for path in [*files, root / "requirements.txt"]:
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_database(env):
    """Restore the demo database from the cached dump, building it (migrate + load_demo) when missing."""
    psql = ["-h", "127.0.0.1", "-p", str(common.PG_PORT), "-U", "postgres"]
    common.run(["createdb", *psql, common.DB_NAME])
    dump = CACHE_DIR / f"demo-{source_digest()}.dump"
    if dump.exists():
        common.run(["pg_restore", *psql, "--no-owner", "-d", common.DB_NAME, str(dump)])
        log(f"demo database restored from {dump}")
    else:
        log("demo database: migrate + load_demo (once per change of the migrations or the demo content)")
        common.manage("migrate", "--noinput", env=env)
        common.manage("load_demo", env=env)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = dump.with_suffix(".partial")
        common.run(["pg_dump", *psql, "-Fc", "-f", str(partial), common.DB_NAME])
        partial.rename(dump)
        log(f"demo database kept as {dump}")
    static = CACHE_DIR / "static"
    digest = hashlib.sha256()
    for path in sorted(common.ROOT.glob("*/static/**/*")) + [common.ROOT / "requirements.txt"]:
        if path.is_file():
            digest.update(str(path.relative_to(common.ROOT)).encode() + path.read_bytes())
    stamp = static / f"collected-{digest.hexdigest()[:16]}"
    if not stamp.exists():
        shutil.rmtree(static, ignore_errors=True)
        common.manage("collectstatic", "--noinput", "-v", "0", env={**env, "STATIC_ROOT": str(static)})
        stamp.touch()


def sql(query):
    return common.run(
        ["psql", "-h", "127.0.0.1", "-p", str(common.PG_PORT), "-U", "postgres", "-d", common.DB_NAME, "-tAc",
         query]
    ).stdout.strip()  # fmt: skip


# Requests -----------------------------------------------------------------------------------------


class FormInputs(html.parser.HTMLParser):
    """The fields of the admin's page edit form, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields, self.in_form, self.textarea, self.select = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("data-edit-form") is not None or attrs.get("id") == "page-edit-form":
            self.in_form = True
        if not self.in_form or not attrs.get("name"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


class Session:
    """Cookies for the admin: a login, then the page editor."""

    def __init__(self):
        self.cookies = {}

    def send(self, method, path, body=None, headers=None):
        headers = {**(headers or {}), "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        status, text, ms, raw = request_full(method, path, body, headers)
        for cookie in raw:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, text, ms

    def csrf_post(self, path, fields, address=None):
        token = self.cookies.get("csrftoken", "")
        body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", token)])
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{PORT}{path}",
                   "Origin": f"http://127.0.0.1:{PORT}"}  # fmt: skip
        if address:
            headers["X-Forwarded-For"] = address
        return self.send("POST", path, body, headers)


def request_full(method, path, body=None, headers=None, timeout=15):
    """(status, text, elapsed ms, Set-Cookie values)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    started = time.monotonic()
    try:
        all_headers = {"User-Agent": common.BROWSER_UA, **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return (
            response.status,
            text,
            (time.monotonic() - started) * 1000,
            response.msg.get_all("Set-Cookie") or [],
        )
    except OSError as error:
        return 0, str(error), (time.monotonic() - started) * 1000, []
    finally:
        connection.close()


class Site:
    """Every kind of request, with the demo content's addresses."""

    def __init__(self, pages):
        self.pages = pages
        self.reader = 0
        self.lock = threading.Lock()
        self.sent_views = 0
        self.counted_views = 0
        self.forms_sent = 0

    def gets(self):
        p = self.pages
        return {
            "home": "/",
            "article": p["article"],
            "listing": p["listing"],
            "inspection report": p["report"],
            "register": p["register"],
            "register search": p["register"] + "?q=" + urllib.parse.quote("quy chế"),
            "legal document": p["document"],
            "site search": "/search/?q=" + urllib.parse.quote("chuyển đổi số"),
            "api": "/api/v2/legal-documents/?limit=5",
            "suggestions": "/api/v2/legal-documents/suggest/?q=" + urllib.parse.quote("quyết"),
            "feed": "/rss.xml",
            "sitemap": "/sitemap.xml",
            "admin login page": f"/{p['admin']}login/",
        }

    def next_address(self):
        with self.lock:
            self.reader += 1
            return f"198.51.{100 + self.reader // 250 % 50}.{self.reader % 250 + 1}"

    def rating(self):
        """As ratings.js sends it: the CSRF cookie from a GET of the rating, then the POST."""
        session = Session()
        path = f"/api/ratings/{self.pages['article_id']}/"
        address = self.next_address()
        status, _, ms = session.send("GET", path, headers={"X-Forwarded-For": address})
        if status != 200:
            return status, ms, False
        status, _, ms = session.send(
            "POST", path, json.dumps({"score": 4}),
            {"Content-Type": "application/json", "X-CSRFToken": session.cookies.get("csrftoken", ""),
             "Sec-Fetch-Site": "same-origin", "Origin": f"http://127.0.0.1:{PORT}",
             "Referer": f"http://127.0.0.1:{PORT}/", "X-Forwarded-For": address},
        )  # fmt: skip
        return status, ms, status in (200, 201)

    def beacon(self):
        headers = {"Sec-Fetch-Site": "same-origin", "Origin": f"http://127.0.0.1:{PORT}",
                   "X-Forwarded-For": self.next_address()}  # fmt: skip
        body = {"page": self.pages["article_id"], "path": self.pages["article"]}
        status, text, ms = request(PORT, "POST", "/api/stats/hit", body, headers)
        counted = status == 200 and '"counted": true' in text
        with self.lock:
            self.sent_views += 1
            self.counted_views += counted
        return status, ms, counted

    def public_forms(self, phase):
        """A question, a feedback item and a comment on the open draft, each as a reader sends it: the form
        (its CSRF cookie and check question), then the POST with the question answered."""
        text = {
            "title": "Hỏi về thủ tục cấp phép {n}",
            "content": "Doanh nghiệp cần chuẩn bị hồ sơ gì để xin cấp phép? Lần gửi {n}.",
            "body": "Đề nghị làm rõ phạm vi chia sẻ dữ liệu tại dự thảo, góp ý lần {n}.",
            "name": "Người đọc {n}",
            "email": "doc-gia-{n}@example.com",
            "contact": "doc-gia-{n}@example.com",
        }
        for kind, path, done in (
            ("question form", "/gui-cau-hoi/", 200),
            ("feedback form", "/gui-phan-anh-kien-nghi/", 200),
            ("draft comment", self.pages["draft"], 303),
        ):
            session, address = Session(), self.next_address()
            with self.lock:
                self.forms_sent += 1
                number = self.forms_sent
            status, page, ms = session.send("GET", path, headers={"X-Forwarded-For": address})
            parsed = PublicForm()
            parsed.feed(page)
            found = parsed.checked() if status == 200 else None
            phase.record(kind + " (page)", status, ms, found is not None)
            if found is None:
                continue
            action, fields, label = found
            for name, value in text.items():
                if name in fields:
                    fields[name] = value.format(n=number)
            fields["challenge_answer"] = answer_to(label)
            fields.pop("csrfmiddlewaretoken", None)
            status, page, ms = session.csrf_post(action or path, list(fields.items()), address)
            sent = status == done and (done == 303 or re.search(r"\b(HD|PA)-[A-Z0-9]{4}-[A-Z0-9]{4}\b", page))
            phase.record(kind, status, ms, sent)

    def editor_save(self, phase, title, outage=False):
        """Log in and save the listing as a draft with a new title, each request recorded in ``phase``
        (during a database outage each must answer 503, and the first one ends it)."""
        session = Session()
        admin = self.pages["admin"]
        password = common.app_env()["DEMO_PASSWORD"]
        edit = f"/{admin}pages/{self.pages['listing_id']}/edit/"
        steps = [
            ("admin login page", "GET", f"/{admin}login/", None, 200),
            (
                "admin login",
                "POST",
                f"/{admin}login/",
                [("username", "demo-leader"), ("password", password)],
                302,
            ),
            ("page editor", "GET", edit, None, 200),
            ("editor save", "POST", edit, "form", 302),
        ]
        text = ""
        for kind, method, path, fields, expected in steps:
            if fields == "form":
                form = FormInputs()
                form.feed(text)
                fields = [(name, title if name == "title" else value) for name, value in form.fields]
            if method == "GET":
                status, text, ms = session.send("GET", path)
            else:
                status, text, ms = session.csrf_post(path, fields)
            phase.record(kind, status, ms, status == (503 if outage else expected))
            if status != expected:
                return status
        return status


class Phase:
    def __init__(self, name):
        self.name, self.codes, self.slowest, self.count, self.bad = name, Counter(), (0.0, ""), 0, []
        self.unavailable = 0
        self.lock = threading.Lock()

    def record(self, kind, status, ms, ok):
        with self.lock:
            self.count += 1
            self.codes[status] += 1
            if ms > self.slowest[0]:
                self.slowest = (ms, kind)
            if not ok or ms > SLOWEST_ALLOWED_MS:
                self.bad.append(f"{kind}: {status} in {ms:.0f} ms")

    def summary(self):
        return (f"{self.name}: {self.count} requests, codes {dict(sorted(self.codes.items()))}, "
                f"slowest {self.slowest[0]:.0f} ms ({self.slowest[1]})")  # fmt: skip


def sweep(site, phase, with_editor=True):
    """Every kind of request once."""
    for kind, path in site.gets().items():
        status, _, ms = request(PORT, "GET", path)
        phase.record(kind, status, ms, status == 200)
    status, ms, ok = site.rating()
    phase.record("rating", status, ms, ok)
    status, ms, ok = site.beacon()
    phase.record("visit beacon", status, ms, ok)
    site.public_forms(phase)
    if with_editor:
        site.editor_save(phase, f"Tin tức - Sự kiện {time.time():.0f}")


def load(site, phase, seconds, threads=WORKERS - 1):
    """GETs of every kind and beacons from ``threads`` readers for ``seconds``; with the sweep that runs
    beside them, one client per worker: the workers are busy, and no request waits in gunicorn's queue
    behind another (that wait would measure the drill, not the portal)."""
    deadline = time.monotonic() + seconds
    kinds = list(site.gets().items())

    def reader(offset):
        i = offset
        while time.monotonic() < deadline:
            kind, path = kinds[i % len(kinds)]
            status, _, ms = request(PORT, "GET", path)
            phase.record(kind, status, ms, status == 200)
            if i % 5 == 0:
                status, ms, ok = site.beacon()
                phase.record("visit beacon", status, ms, ok)
            i += 1

    workers = [threading.Thread(target=reader, args=(n * 3,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    return workers


# The drill ----------------------------------------------------------------------------------------


def revision_count(page_id):
    query = f"SELECT COUNT(*) FROM wagtailcore_revision WHERE object_id = '{int(page_id)}'"  # noqa: S608
    return int(sql(query))


def database_views():
    return int(sql("SELECT COALESCE(SUM(views), 0) FROM visits_dailyvisits") or 0)


class PublicForm(html.parser.HTMLParser):
    """The form of a public page that asks the check question (participation/protection.py): its fields
    as a browser would send them, the first choice of each list, and the question's label."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea, self.select = [], None, None, None
        self.label_for, self.labels = None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif tag == "label" and attrs.get("for"):
            self.label_for = attrs["for"]
            self.labels[self.label_for] = ""
        if tag == "option" and self.current is not None and self.select and attrs.get("value"):
            self.current["fields"][self.select] = self.current["fields"][self.select] or attrs["value"]
        if self.current is None or not attrs.get("name"):
            return
        fields = self.current["fields"]
        if tag == "input" and attrs.get("type", "text") not in ("submit", "button", "file"):
            fields[attrs["name"]] = "on" if attrs.get("type") == "checkbox" else attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            fields[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
            fields[self.select] = ""

    def handle_data(self, data):
        if self.label_for is not None:
            self.labels[self.label_for] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_for = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.current = None

    def checked(self):
        """(action, fields, question label) of the form with the check question, or None."""
        for form in self.forms:
            if "challenge_token" in form["fields"]:
                label = " ".join(self.labels.get("id_challenge_answer", "").split())
                return form["action"], form["fields"], label
        return None


def answer_to(label):
    """The check question answered from its words, as a person does ("Ba cộng bốn bằng bao nhiêu?")."""
    from participation.protection import parse_answer

    question = label.split(":", 1)[-1].split("?")[0].lower()
    first, _, second = question.partition(" cộng ")
    return str(parse_answer(first.strip()) + parse_answer(second.replace("bằng bao nhiêu", "").strip()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hung-worker", action="store_true", help="also SIGSTOP a worker (adds ~20 s)")
    parser.add_argument("--prepare", action="store_true", help="only build the cached demo database")
    args = parser.parse_args()
    started = time.monotonic()
    temporary = Path(tempfile.mkdtemp(prefix="cong-drill-"))
    temporary.chmod(0o755)  # the cluster's owner (postgres, when run as root) reaches its directory
    common.PG_DIR = temporary / "pg"
    common.WORK = temporary
    cache_redis = Redis(CACHE_REDIS_PORT, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru")
    visits_redis = Redis(VISITS_REDIS_PORT, "--maxmemory-policy", "noeviction")
    env = {
        "REDIS_URL": f"redis://127.0.0.1:{CACHE_REDIS_PORT}/0",
        "VISITS_REDIS_URL": f"redis://127.0.0.1:{VISITS_REDIS_PORT}/0",
        "STATIC_ROOT": str(CACHE_DIR / "static"),
        "VISITS_RATE_LIMIT": "100000/60",
        "RATINGS_RATE_LIMIT": "100000/600",
    }
    app = site = None
    phases = []
    try:
        common.ensure_postgres()
        prepare_database(common.app_env(**env))
        if args.prepare:
            return 0
        shell = common.manage(
            "shell", "--no-imports", "-v", "0", "-c", PAGES_SCRIPT, env=common.app_env(**env)
        )
        pages = json.loads(shell.stdout.strip().splitlines()[-1])
        site = Site(pages)
        log(f"setup done in {time.monotonic() - started:.0f} s; pages: {pages}")

        # 1. Redis down before the first request ---------------------------------------------------
        log("=== 1. Redis down before the first request (neither Redis started); gunicorn starts")
        app = common.Gunicorn(PORT, workers=WORKERS, timeout=10, extra_env=env)
        workers_before = app.workers()
        phase = Phase("1 Redis down from the start")
        for _ in range(3):
            sweep(site, phase)
        phases.append(phase)
        status, text, _ = request(PORT, "GET", "/healthz")
        expect(
            status == 200 and '"status": "degraded"' in text, f"healthz while Redis is down: {status} {text}"
        )

        # 2. Redis started ----------------------------------------------------------------------------
        log("=== 2. both Redis started")
        cache_redis.start()
        visits_redis.start()
        time.sleep(5.5)  # the visit counter retries Redis 5 s after a failure
        phase = Phase("2 Redis back")
        for _ in range(2):
            sweep(site, phase)
        phases.append(phase)
        expect(cache_redis.keys() > 0 and visits_redis.keys() > 0, "both Redis used again")
        status, text, _ = request(PORT, "GET", "/healthz")
        expect(status == 200 and '"status": "ok"' in text, f"healthz with Redis back: {status}")

        # 3. Visits across a restart of the counters' Redis --------------------------------------------
        log("=== 3. visits: views counted, 2 s later the counters' Redis killed and restarted")
        time.sleep(2.5)  # whatever the sweeps counted is in the database by now
        base = database_views()
        phase = Phase("3 visits across a Redis restart")
        before = site.counted_views
        for _ in range(60):
            status, ms, ok = site.beacon()
            phase.record("visit beacon", status, ms, ok)
        time.sleep(2.1)
        visits_redis.kill()
        visits_redis.start()
        for _ in range(40):  # the first after the restart fails over to the database, the rest too for 5 s
            status, ms, ok = site.beacon()
            phase.record("visit beacon", status, ms, ok)
        counted = site.counted_views - before
        time.sleep(6.5)  # Redis retried, and one flush
        written = database_views() - base
        phases.append(phase)
        log(f"views: 100 sent, {counted} counted by the beacons, {written} in the database after the restart")
        expect(counted == 100 and written == counted, "every counted view is in the database (exact totals)")

        # 4. Redis killed under load, started again ------------------------------------------------------
        log("=== 4. both Redis killed under load, started again 4 s later")
        phase = Phase("4 Redis killed under load")
        threads = load(site, phase, 14)
        time.sleep(4)
        cache_redis.kill()
        visits_redis.kill()
        sweep(site, phase)
        time.sleep(2)
        cache_redis.start()
        visits_redis.start()
        sweep(site, phase)
        for thread in threads:
            thread.join()
        phases.append(phase)

        # 5. Redis slow -----------------------------------------------------------------------------
        log("=== 5. the cache's Redis stalls (DEBUG SLEEP 0.3) every 0.6 s under load")
        phase = Phase("5 Redis slow")
        threads = load(site, phase, 10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            cache_redis.cli("DEBUG", "SLEEP", "0.3")
            visits_redis.cli("DEBUG", "SLEEP", "0.1")
            time.sleep(0.3)
        sweep(site, phase)
        for thread in threads:
            thread.join()
        phases.append(phase)

        # 6. PostgreSQL stopped and started ------------------------------------------------------------
        log("=== 6. PostgreSQL stopped (pg_ctl stop -m fast), then started")
        revisions = revision_count(pages["listing_id"])
        time.sleep(1.5)
        common.stop_postgres()
        phase = Phase("6a PostgreSQL down")
        for kind, path in site.gets().items():
            status, text, ms, _ = request_full("GET", path)
            styled = "Cổng thông tin tạm thời gián đoạn" in text and "Traceback" not in text
            # A page kept by the page cache is still served; the others answer the portal's 503 page.
            phase.record(kind, status, ms, status == 200 or status == 503 and (styled or "/api/" in path))
            if status == 503:
                phase.unavailable += 1
        search = f"http://127.0.0.1:{PORT}" + site.gets()["site search"]
        headers = common.run(["curl", "-s", "-D", "-", "-o", "/dev/null", search], check=False).stdout
        expect(" 503 " in headers and "Retry-After: 30" in headers, "a search answers 503 with Retry-After")
        site.editor_save(phase, "Không được lưu", outage=True)
        status, text, _ = request(PORT, "GET", "/healthz")
        expect(status == 503 and '"status": "failed"' in text, f"healthz while PostgreSQL is down: {status}")
        phases.append(phase)
        common.pg_ctl("start")
        back = time.monotonic()
        recovered = None
        while time.monotonic() - back < 10:
            if request(PORT, "GET", site.pages["article"])[0] == 200 and request(PORT, "GET", "/")[0] == 200:
                recovered = time.monotonic() - back
                break
            time.sleep(0.2)
        expect(
            recovered is not None, f"200 again {recovered and round(recovered, 1)} s after PostgreSQL started"
        )
        phase = Phase("6b PostgreSQL back")
        sweep(site, phase)
        phases.append(phase)
        after = revision_count(pages["listing_id"])
        expect(after == revisions + 1, f"editor saves: the refused one wrote nothing, the next one revision "
                                       f"({revisions} -> {after})")  # fmt: skip
        expect(app.workers() == workers_before, f"same gunicorn workers, none restarted: {app.workers()}")

        if args.hung_worker:
            victim = app.workers()[0]
            log(f"=== 7. worker {victim} hangs (SIGSTOP); gunicorn --timeout 10")
            os.kill(victim, signal.SIGSTOP)
            deadline = time.monotonic() + 25
            while time.monotonic() < deadline and victim in app.workers():
                time.sleep(1)
            expect(victim not in app.workers(), f"hung worker replaced: {app.workers()}")

        # The log ----------------------------------------------------------------------------------
        lines = app.log_lines()
        redis_lines = [line for line in lines if "Redis" in line and "WARNING" in line]
        database_lines = [line for line in lines if "Database unavailable" in line]
        minutes = int((time.monotonic() - started) // 60) + 1
        for line in redis_lines + database_lines:
            log(f"  log: {line[:200]}")
        tracebacks = [line for line in lines if "Traceback" in line]
        # per process, message and minute: the cache, the counter, and the counter's database fallback
        expect(0 < len(redis_lines) <= WORKERS * 4 * minutes * 3, f"{len(redis_lines)} Redis warning lines")
        expect(0 < len(database_lines) <= WORKERS * minutes, f"{len(database_lines)} database warning lines")
        expect(not tracebacks, f"no traceback in the log ({len(tracebacks)})")
        if failures:
            kept = CACHE_DIR / "last-gunicorn.log"
            shutil.copy(app.log_path, kept)
            log(f"gunicorn's log kept as {kept}")
    finally:
        if app is not None:
            app.stop()
        cache_redis.kill()
        visits_redis.kill()
        common.stop_postgres()
        shutil.rmtree(temporary, ignore_errors=True)
    for phase in phases:
        log(phase.summary())
        for bad in sorted(phase.bad, key=lambda line: " in " in line and -float(line.split()[-2]))[:10]:
            log(f"  FAIL {bad}")
        if phase.bad:
            failures.append(f"{phase.name}: {len(phase.bad)} bad responses")
    if site is not None:
        log(f"views: {site.sent_views} beacons sent, {site.counted_views} counted")
    log(f"drill took {time.monotonic() - started:.0f} s")
    return common.verdict()


PAGES_SCRIPT = """
import json
from django.conf import settings
from articles.models import InspectionReportPage, NewsIndexPage, NewsPage
from consultation.models import DraftDocumentPage
from documents.models import LegalDocumentIndexPage, LegalDocumentPage
def url(model):
    page = model.objects.live().public().filter(locale__language_code="vi").order_by("pk").first()
    return page, page.relative_url(page.get_site())
article, article_url = url(NewsPage)
listing, listing_url = url(NewsIndexPage)
print(json.dumps({
    "article": article_url, "article_id": article.pk, "listing": listing_url, "listing_id": listing.pk,
    "report": url(InspectionReportPage)[1], "register": url(LegalDocumentIndexPage)[1],
    "document": url(LegalDocumentPage)[1], "admin": settings.ADMIN_PATH,
    "draft": next(d for d in DraftDocumentPage.objects.live().public().order_by("pk") if d.is_open()).url,
}))
"""


if __name__ == "__main__":
    sys.exit(main())
