"""Front-cache drill against real servers, run by CI (.ci/run): nginx with deploy/nginx/'s rules in front of
gunicorn with the production settings, on the shared PostgreSQL (a database of its own) and Redis.

    .venv/bin/python bench/drills/front_cache_drill.py --prepare   # only build its demo database
    .venv/bin/python bench/drills/front_cache_drill.py

Checks, each printed with its outcome:

1. an article is stored (MISS, then HIT); a publish purges it: the new title shows within 1 s;
2. a page that gets a view restriction is purged, and its password form is never stored;
3. an editor's session is never answered from the cache, and what the editor gets is never stored; the
   draft the editor previews never reaches readers;
4. visits are exact: beacons sent through nginx and images of readers without JavaScript (the same
   address loaded twice) are all counted, in the database after a flush.

Environment: FRONT_DRILL_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cong_front_drill),
FRONT_DRILL_REDIS_URL (redis://127.0.0.1:6379/12), FRONT_DRILL_PORT (8350: gunicorn; +10 nginx, +11 its
purge listener, +12 unused file server). The database is restored from the fault drill's cached demo dump
when there is one (bench/drills/fault_drill.py --prepare), otherwise built with migrate and load_demo.
"""

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills import common  # noqa: E402
from bench.drills.common import expect, failures, log  # noqa: E402
from bench.frontcache_servers import Nginx, portal_env, start_portal  # noqa: E402

DATABASE_URL = os.environ.get(
    "FRONT_DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cong_front_drill"
)
REDIS_URL = os.environ.get("FRONT_DRILL_REDIS_URL", "redis://127.0.0.1:6379/12")
PORT = int(os.environ.get("FRONT_DRILL_PORT", "8350"))
WORK = Path(os.environ.get("FRONT_DRILL_WORK", "/tmp/cong-front-drill"))  # noqa: S108 - throwaway files
EDITOR, PASSWORD = "drill-editor", "drill-editor-password-2026"


def env():
    return portal_env(DATABASE_URL, REDIS_URL, PORT + 11, WORK)


def manage(*args):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=common.ROOT, env=env(), capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def shell(code):
    return manage("shell", "--no-imports", "-v", "0", "-c", code).strip().splitlines()[-1]


def prepare():
    url = urllib.parse.urlsplit(DATABASE_URL)
    name, psql = url.path.lstrip("/"), ["-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username]
    subprocess.run(["dropdb", "--if-exists", *psql, name], check=True)
    subprocess.run(["createdb", *psql, name], check=True)
    from bench.drills import fault_drill

    dump = fault_drill.CACHE_DIR / f"demo-{fault_drill.source_digest()}.dump"
    if dump.exists():
        subprocess.run(["pg_restore", *psql, "--no-owner", "-d", name, str(dump)], check=True)
        log(f"{name}: restored from {dump}")
    else:
        log(f"{name}: migrate + load_demo")
        manage("migrate", "--noinput")
        manage("load_demo")
    WORK.mkdir(parents=True, exist_ok=True)
    manage("collectstatic", "--noinput", "-v", "0")
    shell(
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"u = U.objects.filter(username={EDITOR!r}).first() or U(username={EDITOR!r}); "
        f"u.is_superuser = u.is_staff = True; u.set_password({PASSWORD!r}); u.save(); print(u.pk)"
    )
    log("prepared")


class Browser:
    """A reader or an editor: cookies kept, requests to nginx."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"User-Agent": common.BROWSER_UA, "Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key] = val
        connection.close()
        if response.getheader("Content-Encoding") == "gzip":
            import gzip

            data = gzip.decompress(data)
        return response, data.decode("utf-8", errors="replace")

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def log_in(self):
        _, form = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": EDITOR, "password": PASSWORD}
        )
        origin = "http://127.0.0.1"  # nginx passes the Host without the port, as on port 443
        response, _ = self.request(
            "POST",
            "/admin/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": origin + "/admin/login/",
                "Origin": origin,
            },
        )
        return response.status == 302 and "sessionid" in self.cookies


def cache_status(response):
    return response.getheader("X-Cache-Status")


def drill():
    front = PORT + 10
    # The restriction a previous run left is lifted first (the drill may run again on the same database).
    pages = json.loads(
        shell(
            "import json; from articles.models import NewsPage; from home.models import StandardPage\n"
            "from wagtail.models import PageViewRestriction\n"
            "PageViewRestriction.objects.filter(password='mat-khau-drill').delete()\n"
            "vi = {'locale__language_code': 'vi'}\n"
            "a = NewsPage.objects.live().public().filter(**vi).order_by('-pk')[:2]\n"
            "s = StandardPage.objects.live().public().filter(**vi).order_by('-pk').first()\n"
            "print(json.dumps([[p.pk, p.get_url_parts()[2], p.title.split(' [drill')[0]] for p in [*a, s]]))"
        )
    )
    (article_id, article, title), (draft_id, draft_page, _), (private_id, private_page, _) = pages
    WORK.mkdir(parents=True, exist_ok=True)
    portal = start_portal(PORT, env(), WORK)
    nginx = Nginx(WORK, PORT, front, PORT + 11, PORT + 12)
    try:
        reader = Browser(front)
        # 1. Stored, then purged on publish.
        states = [cache_status(reader.get(article)[0]) for _ in range(2)]
        expect(states == ["MISS", "HIT"], f"an article is stored: {states}")
        marker = f"[drill {time.time_ns()}]"
        # Published, then read through nginx, by the same process: it sends the purges from its thread.
        visible = float(
            shell(
                "import http.client, time\n"
                "from wagtail.models import Page\n"
                "from pagecache import front\n"
                f"p = Page.objects.get(pk={article_id}).specific; p.title = {title + ' ' + marker!r}\n"
                "p.save_revision().publish(); published = time.monotonic()\n"
                "def shown():\n"
                f"    c = http.client.HTTPConnection('127.0.0.1', {front}, timeout=5)\n"
                f"    c.request('GET', {article!r})\n"
                f"    return {marker!r} in c.getresponse().read().decode()\n"
                "while not shown() and time.monotonic() - published < 5: time.sleep(0.005)\n"
                "print(time.monotonic() - published); front.drain(5)"
            )
        )
        expect(
            visible <= 1.0, f"a publish is visible through the front cache {visible:.3f} s after it returned"
        )
        loads = [reader.get(article) for _ in range(2)]  # (the purge was sent again 2 s later: a MISS first)
        expect(
            cache_status(loads[1][0]) == "HIT" and marker in loads[1][1], "the new version is stored again"
        )

        # 2. A page restricted while stored: purged, and its password form never stored.
        states = [cache_status(Browser(front).get(private_page)[0]) for _ in range(2)]
        expect(states[-1] == "HIT", f"a public page is stored before its restriction: {states}")
        shell(
            "from wagtail.models import Page, PageViewRestriction\n"
            f"PageViewRestriction.objects.get_or_create(page=Page.objects.get(pk={private_id}), "
            "restriction_type='password', defaults={'password': 'mat-khau-drill'}); print('restricted')"
        )
        loads = [Browser(front).get(private_page) for _ in range(3)]  # each a new reader, without cookies
        expect(
            all(cache_status(r) != "HIT" and "private" in r.getheader("Cache-Control", "") for r, _ in loads),
            f"once restricted, it is purged and its form never stored: {[cache_status(r) for r, _ in loads]}",
        )

        # 3. An editor: bypassed, not stored; a draft's preview never reaches readers.
        editor = Browser(front)
        expect(editor.log_in(), "the editor logs in through nginx")
        response, body = editor.get(article)
        expect(
            cache_status(response) == "BYPASS",
            f"the editor's page is not from the cache: {cache_status(response)}",
        )
        expect("private" in response.getheader("Cache-Control", ""), "the editor's page is private")
        draft = f"Bản nháp {time.time_ns()}"
        shell(
            f"from wagtail.models import Page; p = Page.objects.get(pk={draft_id}).specific\n"
            f"p.title = {draft!r}; p.save_revision(); print('draft')"
        )
        response, body = editor.get(f"/admin/pages/{draft_id}/view_draft/")
        expect(
            draft in body and cache_status(response) == "BYPASS",
            "the editor previews the draft, not from the cache",
        )
        loads = [reader.get(draft_page) for _ in range(2)]
        expect(all(draft not in body for _, body in loads), "readers never get the draft")
        states = [cache_status(reader.get(article)[0]) for _ in range(2)]
        expect(states[-1] == "HIT", f"readers get the article from the cache meanwhile: {states}")

        # 4. Visits, exactly.
        before = json.loads(
            shell(
                "import json; from visits import counter; counter.flush(); "
                "from visits.models import DailyVisits, PageDailyVisits; from django.db.models import Sum; "
                f"print(json.dumps([DailyVisits.objects.aggregate(s=Sum('views'))['s'] or 0, "
                f"PageDailyVisits.objects.filter(page_id={article_id}).aggregate(s=Sum('views'))['s'] or 0]))"
            )
        )
        origin = f"http://127.0.0.1:{front}"
        sent = 0
        for number in range(40):
            headers = {
                "Content-Type": "application/json",
                "Origin": origin,
                "Sec-Fetch-Site": "same-origin",
                "X-Forwarded-For": f"198.51.100.{number}",
            }
            response, body = Browser(front).request(
                "POST", "/api/stats/hit", json.dumps({"page": article_id, "path": article}), headers
            )
            sent += response.status == 200 and json.loads(body)["counted"] is True
        pixel = f"/api/stats/hit.gif?page={article_id}&path={urllib.parse.quote(article)}"
        pixels = [
            Browser(front).get(pixel, Referer=origin + article, **{"Sec-Fetch-Site": "same-origin"})
            for _ in range(10)
        ]
        expect(
            all(cache_status(r) != "HIT" for r, _ in pixels),
            "the no-JavaScript image is never answered by the cache",
        )
        sent += sum(r.status == 200 for r, _ in pixels)
        after = json.loads(
            shell(
                "import json; from visits import counter; counter.flush(); "
                "from visits.models import DailyVisits, PageDailyVisits; from django.db.models import Sum; "
                f"print(json.dumps([DailyVisits.objects.aggregate(s=Sum('views'))['s'] or 0, "
                f"PageDailyVisits.objects.filter(page_id={article_id}).aggregate(s=Sum('views'))['s'] or 0]))"
            )
        )
        counted = [after[0] - before[0], after[1] - before[1]]
        expect(
            sent == 50 and counted == [50, 50], f"visits exact: 50 sent, {sent} accepted, counted {counted}"
        )
    finally:
        nginx.stop()
        portal.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help="only build the drill's demo database")
    if parser.parse_args().prepare:
        prepare()
        return
    started = time.monotonic()
    drill()
    log(f"front-cache drill: {len(failures)} failure(s) in {time.monotonic() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
