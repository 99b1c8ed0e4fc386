"""The front cache's goals in one run, each ratio against its baseline in the same run (issue 22):

- a cached article through nginx's front cache (deploy/nginx/) vs nginx serving the same bytes from disk;
  with --varnish, Varnish in front of the same portal too (the choice of engine);
- the counted beacon vs the one-file Django app answering the same POST requests with the same size;
- the article and a legal document rendered (what a miss costs) vs the one-file app at their sizes;
- how long after a publish the front cache shows the change, and stale pages while publishing under load.

    DATABASE_URL=postgres://127.0.0.1:5432/cong_front REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/front_cache.py [--duration 8] [--pairs 3] [--port 8310] [--varnish]
        [--only cached,beacon,rendered,publish]

The database needs the demo content (``manage.py migrate && manage.py load_demo``). It starts gunicorn
(the project's gunicorn.conf.py, 2 workers) for the portal and for the one-file app, nginx (and
varnishd) on ports from --port on, and stops them by their process ids. wrk: 2 threads, 16
connections, browsers' ``Accept-Encoding: gzip`` for the front cache. Each comparison with the one-file
app alternates --pairs runs of each and reports the medians.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.drills.common import ROOT, request  # noqa: E402
from bench.frontcache_servers import Nginx, Process, portal_env, start_minimal, start_portal, wait_for  # noqa: E402

WORK = Path(os.environ.get("FRONT_BENCH_WORK", "/tmp/cong-front-bench"))  # noqa: S108 - throwaway files
GZIP = ["-H", "Accept-Encoding: gzip"]


def tree_cpu(root):
    """CPU seconds (user + system) used so far by process ``root`` and its descendants."""
    parents, cpu = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], cpu[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    tree, grown = {root}, True
    while grown:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return sum(cpu.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def wrk(url, seconds, extra=(), server=None):
    """(requests/s, non-2xx responses, the server's CPU µs per request or None)."""
    before = tree_cpu(server) if server else None
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", *extra, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    cpu = (tree_cpu(server) - before) / requests * 1e6 if server else None
    return rate, int(errors.group(1)) if errors else 0, cpu


def shell(env, code):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def pages(env):
    code = (
        "import json\n"
        "from articles.models import NewsPage\n"
        "from documents.models import LegalDocumentPage\n"
        "vi = {'locale__language_code': 'vi'}\n"
        "a = NewsPage.objects.live().public().filter(**vi).order_by('-pk').first()\n"
        "d = LegalDocumentPage.objects.live().public().filter(**vi).order_by('-pk').first()\n"
        "print(json.dumps({'article': [a.pk, a.get_url_parts()[2], a.title],"
        " 'document': [d.pk, d.get_url_parts()[2]]}))"
    )
    return json.loads(shell(env, code).strip().splitlines()[-1])


PUBLISHER = """
import json, time, http.client
from wagtail.models import Page
from pagecache import front
page = Page.objects.get(pk={pk}).specific
original = page.title
def seen(marker):
    c = http.client.HTTPConnection("127.0.0.1", {front_port}, timeout=5)
    c.request("GET", {path!r})
    body = c.getresponse().read().decode()
    c.close()
    return marker in body
results = []
for round in range({rounds}):
    marker = "v%d-%d" % (round + 1, time.time_ns())
    page.title = original + " [" + marker + "]"
    page.save_revision().publish()
    published = time.time()
    while not seen(marker) and time.time() - published < 10:
        time.sleep(0.005)
    results.append({{"marker": marker, "published": published, "visible": time.time() - published}})
    time.sleep({gap})
restored = time.time()
page.title = original
page.save_revision().publish()
front.drain(10)
print(json.dumps({{"rounds": results, "restored": restored}}))
"""


class Readers:
    """Threads reading the article through the front cache while it is published, each load noted with
    when it was sent and which version it showed."""

    def __init__(self, port, path, threads=4):
        self.port, self.path, self.loads, self.stop = port, path, [], threading.Event()
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    def read(self):
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop.is_set():
            sent = time.time()
            try:
                connection.request("GET", self.path)
                response = connection.getresponse()
                body = response.read().decode()
            except (OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                continue
            found = re.search(r"\[v(\d+)-\d+\]", body)
            detail = (response.status, response.getheader("X-Cache-Status"), time.time() - sent)
            self.loads.append((sent, int(found.group(1)) if found else 0, detail))

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(15)
        return self.loads


def stale_loads(loads, published, restored, allowance=1.0):
    """Loads sent more than ``allowance`` after the k-th publish (and before the title was restored) that
    still showed an older version. A load that shows no marker and was answered after the restoring
    publish shows the restored title, the newest version (it waited on nginx's cache lock meanwhile)."""
    stale = []
    for sent, version, detail in loads:
        if sent >= restored:
            continue
        if version == 0 and sent + detail[2] >= restored:
            version = len(published) + 1
        due = sum(1 for moment in published if moment + allowance < sent)  # the version it must show at least
        if version < due:
            stale.append((round(sent - published[due - 1], 3), version, due, detail))
    return stale


def start_varnish(work, port, backend_port):
    vcl = work / "cong.vcl"
    vcl.write_text(f'vcl 4.1;\nbackend default {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}\n')
    directory = work / "varnish"
    shutil.rmtree(directory, ignore_errors=True)
    command = [
        "varnishd",
        "-F",
        "-n",
        str(directory),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(vcl),
        "-s",
        "malloc,128m",
        "-p",
        "thread_pools=1",
    ]
    process = Process(command, work, dict(os.environ), work / "varnish.log")
    wait_for(port, "/healthz")
    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--port", type=int, default=8310)
    parser.add_argument("--varnish", action="store_true", help="also measure Varnish in front of the portal")
    parser.add_argument("--rounds", type=int, default=5, help="publishes in the stale-page run")
    parser.add_argument("--pairs", type=int, default=3, help="baseline/portal run pairs per comparison")
    parser.add_argument(
        "--only",
        default="cached,beacon,rendered,publish",
        help="the parts to run, comma-separated (default: all of cached,beacon,rendered,publish)",
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not database_url or not redis_url:
        raise SystemExit("DATABASE_URL and REDIS_URL name the database (with the demo content) and Redis")
    port = args.port
    app_port, minimal_port, front_port, purge_port, disk_port, varnish_port = (
        port,
        port + 1,
        port + 10,
        port + 11,
        port + 12,
        port + 20,
    )
    WORK.mkdir(parents=True, exist_ok=True)
    env = portal_env(database_url, redis_url, purge_port, WORK)
    if not (WORK / "static" / "staticfiles.json").exists():
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
        subprocess.run(collect, cwd=ROOT, env=env, check=True)
    found = pages(env)
    article_id, article, _title = found["article"]
    _document_id, document = found["document"]
    running = []
    rows = []
    try:
        portal = start_portal(app_port, env, WORK)
        running.append(portal)
        nginx = Nginx(WORK, app_port, front_port, purge_port, disk_port)
        running.append(nginx)
        import http.client

        def fetch(port, path, headers=None):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()

        for _ in range(2):
            response, body = fetch(front_port, article, {"Accept-Encoding": "gzip"})
        assert response.getheader("X-Cache-Status") == "HIT", response.getheader("X-Cache-Status")
        nginx.put_file("article.html", body)
        _, article_html = fetch(app_port, article)
        _, document_html = fetch(app_port, document)
        status, beacon_text, _ = request(
            app_port,
            "POST",
            "/api/stats/hit",
            {"page": article_id, "path": article},
            {"Origin": f"http://127.0.0.1:{app_port}", "Sec-Fetch-Site": "same-origin"},
        )
        assert status == 200 and '"counted": true' in beacon_text, beacon_text
        seconds = args.duration

        if "cached" in parts:
            disk, _, disk_cpu = wrk(f"http://127.0.0.1:{disk_port}/article.html", seconds, GZIP, nginx.pid())
            hit, errors, hit_cpu = wrk(f"http://127.0.0.1:{front_port}{article}", seconds, GZIP, nginx.pid())
            from_disk = "nginx serving the same bytes from disk"
            label = "cached article through nginx's front cache"
            rows.append((label, hit, from_disk, disk, 0.5, errors, hit_cpu, disk_cpu))
        if args.varnish and "cached" in parts:
            varnish = start_varnish(WORK, varnish_port, app_port)
            running.append(varnish)
            fetch(varnish_port, article, {"Accept-Encoding": "gzip"})
            through_varnish, errors, varnish_cpu = wrk(
                f"http://127.0.0.1:{varnish_port}{article}", seconds, GZIP, varnish.process.pid
            )
            label = "cached article through Varnish (choice of engine)"
            rows.append((label, through_varnish, from_disk, disk, None, errors, varnish_cpu, disk_cpu))
            varnish.stop()
            running.remove(varnish)

        def against_minimal(label, size, url, extra=(), goal=0.1):
            """--pairs runs of the one-file app, each followed by one of ``url`` as long, with the same wrk
            arguments (a beacon's script, method and body too: wrk's own work per request is the same on
            both sides of the 2 cores); the medians of the rates and of the CPU per request."""
            minimal = start_minimal(minimal_port, size, WORK)
            runs = []
            try:
                for _ in range(args.pairs):
                    runs.append(
                        (
                            wrk(f"http://127.0.0.1:{minimal_port}/", seconds, extra, minimal.process.pid),
                            wrk(url, seconds, extra, portal.process.pid),
                        )
                    )
            finally:
                minimal.stop()
            baseline = statistics.median(b[0] for b, _ in runs)
            baseline_cpu = statistics.median(b[2] for b, _ in runs)
            rate = statistics.median(p[0] for _, p in runs)
            cpu = statistics.median(p[2] for _, p in runs)
            errors = sum(p[1] for _, p in runs)
            rows.append(
                (
                    label,
                    rate,
                    f"one-file Django app, {size:,} bytes",
                    baseline,
                    goal,
                    errors,
                    cpu,
                    baseline_cpu,
                )
            )

        beacon_lua = WORK / "beacon.lua"
        beacon_lua.write_text(
            'wrk.method = "POST"\n'
            f'wrk.body = \'{{"page": {article_id}, "path": "{article}"}}\'\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Origin"] = "http://127.0.0.1:{app_port}"\n'
            'wrk.headers["Sec-Fetch-Site"] = "same-origin"\n'
            'wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"\n'
            "local n = 0\n"
            "request = function()\n"
            "  n = n + 1\n"
            "  local a, b = n % 200, math.floor(n / 200) % 200\n"
            '  wrk.headers["X-Forwarded-For"] = "10." .. a .. "." .. b .. ".7"\n'
            "  return wrk.format()\n"
            "end\n"
        )
        beacon_url = f"http://127.0.0.1:{app_port}/api/stats/hit"
        beacon_size = len(beacon_text.encode())
        if "beacon" in parts:
            label = "counted beacon (POST /api/stats/hit)"
            against_minimal(label, beacon_size, beacon_url, ["-s", str(beacon_lua)], 0.5)
        if "rendered" in parts:
            label = "article rendered (a front-cache miss)"
            against_minimal(label, len(article_html), f"http://127.0.0.1:{app_port}{article}")
            label = "legal document rendered (a front-cache miss)"
            against_minimal(label, len(document_html), f"http://127.0.0.1:{app_port}{document}")
        if "publish" not in parts:
            return report(args, rows, None, None, None)
        readers = Readers(front_port, article)
        time.sleep(1)
        code = PUBLISHER.format(
            pk=article_id, front_port=front_port, path=article, rounds=args.rounds, gap=1.5
        )
        outcome = json.loads(shell(env, code).strip().splitlines()[-1])
        loads = readers.finish()
        rounds = outcome["rounds"]
        stale = stale_loads(loads, [r["published"] for r in rounds], outcome["restored"])
    finally:
        for server in reversed(running):
            server.stop()
    return report(args, rows, rounds, loads, stale)


def report(args, rows, rounds, loads, stale):
    print(
        f"\nFront cache benchmark, {time.strftime('%d/%m/%Y %H:%M UTC', time.gmtime())}, "
        f"wrk -t2 -c16 -d{args.duration}s, gunicorn 2 workers, {os.cpu_count()} cores, "
        f"medians of {args.pairs} alternating runs against the one-file app, load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    print("req/s: wrk's rate; CPU: the server's CPU time per request (its processes, not wrk's, Redis' or")
    print("PostgreSQL's), which the other jobs on the machine disturb less than the rate.")
    print(
        f"{'what':47} {'req/s':>7} {'CPU µs':>7}  {'baseline':38} {'req/s':>7} {'CPU µs':>7}  "
        f"{'ratio':>6} {'CPU ratio':>9}  goal (on the rate)"
    )
    for label, rate, baseline_label, baseline, goal, errors, cpu, baseline_cpu in rows:
        ratio = rate / baseline
        verdict = "" if goal is None else (f"≥ {goal:.0%}: " + ("met" if ratio >= goal else "NOT met"))
        note = f"  ({errors} non-2xx)" if errors else ""
        measured = f"{label:47} {rate:7,.0f} {cpu:7,.0f}"
        against = f"{baseline_label:38} {baseline:7,.0f} {baseline_cpu:7,.0f}"
        print(f"{measured}  {against}  {ratio:6.1%} {baseline_cpu / cpu:9.1%}  {verdict}{note}")
    if rounds is None:
        return
    visible = [r["visible"] for r in rounds]
    print(
        f"purge visible after publish: {', '.join(f'{v:.3f}' for v in visible)} s "
        f"(max {max(visible):.3f} s; goal ≤ 1 s: {'met' if max(visible) <= 1 else 'NOT met'})"
    )
    print(
        f"stale pages while publishing {len(rounds)} times under load: {len(stale)} of {len(loads):,} loads "
        f"(goal 0: {'met' if not stale else 'NOT met'})"
    )
    for late, version, due, (status, cache_status, took) in stale:
        print(
            f"  sent {late:.3f} s after publish {due}, showed version {version}: "
            f"HTTP {status}, cache {cache_status}, answered in {took:.3f} s"
        )


if __name__ == "__main__":
    main()
