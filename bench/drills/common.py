"""Shared by the drills: private PostgreSQL and Redis servers, gunicorn processes, timed requests and a
transcript with timestamps.

The drills never touch the machine's shared services: they start their own PostgreSQL cluster (initdb in
DRILL_PG_DIR, port DRILL_PG_PORT) and their own Redis (port DRILL_REDIS_PORT), and stop and start only
those. Run as root, the PostgreSQL cluster is owned by the ``postgres`` system user.
"""

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PG_BIN = Path(os.environ.get("DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_DIR = Path(os.environ.get("DRILL_PG_DIR", "/tmp/cong-drill-pg"))  # noqa: S108 - a throwaway cluster
PG_PORT = int(os.environ.get("DRILL_PG_PORT", "5440"))
REDIS_PORT = int(os.environ.get("DRILL_REDIS_PORT", "6390"))
DB_NAME = os.environ.get("DRILL_DB", "cong_res_drill")
WORK = Path(os.environ.get("DRILL_WORK", "/tmp/cong-drill"))  # noqa: S108 - logs and static files
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
)
_started = time.monotonic()


def log(message):
    now = time.time()
    stamp = time.strftime("%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}"
    print(f"[{stamp} UTC +{time.monotonic() - _started:6.1f}s] {message}", flush=True)


# The expectations a drill found unmet (``expect``), and its exit code (``verdict``).
failures = []


def expect(condition, message):
    log(("OK   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def verdict():
    """Log whether the drill passed; its exit code."""
    if failures:
        log(f"DRILL FAILED: {failures}")
        return 1
    log("DRILL PASSED")
    return 0


def _as_postgres(command):
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]
    return command


def run(command, check=True, **kwargs):
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)


# PostgreSQL ---------------------------------------------------------------------------------------


def pg_ctl(action):
    command = [str(PG_BIN / "pg_ctl"), "-D", str(PG_DIR), "-w", "-t", "30"]
    if action == "start":
        command += [
            "-o",
            f"'-p {PG_PORT} -k /tmp -c listen_addresses=127.0.0.1'",
            "-l",
            str(PG_DIR / "server.log"),
        ]
    command += [action] + (["-m", "fast"] if action == "stop" else [])
    return run(_as_postgres(command), check=False)


def pg_running():
    return (
        run([str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(PG_PORT)], check=False).returncode
        == 0
    )


def ensure_postgres():
    if not (PG_DIR / "PG_VERSION").exists():
        PG_DIR.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(PG_DIR, "postgres", "postgres")
        log(f"initdb {PG_DIR}")
        run(
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(PG_DIR), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            )
        )
    if not pg_running():
        result = pg_ctl("start")
        if result.returncode:
            raise SystemExit(f"could not start the drill PostgreSQL: {result.stderr}{result.stdout}")
    log(f"private PostgreSQL up on port {PG_PORT} ({PG_DIR})")


def stop_postgres():
    pg_ctl("stop")


# Redis --------------------------------------------------------------------------------------------


def redis_cli(*args):
    return run(["redis-cli", "-p", str(REDIS_PORT), *args], check=False)


def start_redis():
    run(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--daemonize", "yes"])  # fmt: skip
    for _ in range(50):
        if redis_cli("ping").stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise SystemExit("could not start the drill Redis")


def stop_redis():
    redis_cli("shutdown", "nosave")
    for _ in range(50):
        if redis_cli("ping").returncode != 0:
            return
        time.sleep(0.1)


# The application ----------------------------------------------------------------------------------


def app_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="settings.production",
        SECRET_KEY="drill-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        SECURE_SSL_REDIRECT="0",
        TRUSTED_PROXIES="127.0.0.1",  # the drills' readers come as X-Forwarded-For, as behind nginx
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        DEMO_PASSWORD=os.environ.get("DEMO_PASSWORD", "drill-demo-password-2026"),
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(*args, env=None, check=True):
    return run([PYTHON, "manage.py", *args], cwd=ROOT, env=env or app_env(), check=check)


def ensure_database():
    """Create the drill database with the demo content once (later runs reuse it)."""
    query = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"  # noqa: S608 - our own constant
    exists = run(
        ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-tAc", query]
    ).stdout.strip()
    if exists != "1":
        run(["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", DB_NAME])
        log(f"database {DB_NAME}: migrate + load_demo (first run only)")
        manage("migrate", "--noinput")
        manage("load_demo")
    if not (WORK / "static" / "staticfiles.json").exists():
        manage("collectstatic", "--noinput")
    log(f"database {DB_NAME} ready")


class Gunicorn:
    def __init__(self, port, workers=2, timeout=10, extra_env=None):
        self.port = port
        self.log_path = WORK / f"gunicorn-{port}.log"
        WORK.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 - open for the process's lifetime
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--timeout", str(timeout), "--graceful-timeout", "5",
             "--access-logfile", "-",
             "--access-logformat", '%(h)s "%(r)s" %(s)s %(M)sms'],
            cwd=ROOT, env=app_env(**(extra_env or {})), stdout=self.log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if request(port, "GET", "/healthz")[0] in (200, 503):
                break
            time.sleep(0.3)
        else:
            raise SystemExit(f"gunicorn on {port} did not start; see {self.log_path}")
        log(f"gunicorn master pid {self.process.pid} on :{port}, {workers} workers, --timeout {timeout}")

    def workers(self):
        out = run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], check=False).stdout
        return sorted(int(pid) for pid in out.split())

    def log_lines(self):
        return self.log_path.read_text(errors="replace").splitlines()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()


def request(port, method, path, body=None, headers=None, timeout=15):
    """(status, text, elapsed ms); status 0 when the connection failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    try:
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        all_headers = {"User-Agent": BROWSER_UA, **(headers or {})}
        if isinstance(body, (dict, list)):
            all_headers["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return response.status, text, (time.monotonic() - started) * 1000
    except OSError as error:
        return 0, str(error), (time.monotonic() - started) * 1000
    finally:
        connection.close()


def beacon(port, page_id, path, ip):
    headers = {"Sec-Fetch-Site": "same-origin", "X-Forwarded-For": ip, "Origin": f"http://127.0.0.1:{port}"}
    return request(port, "POST", "/api/stats/hit", {"page": page_id, "path": path}, headers)


def quote(path):
    return urllib.parse.quote(path, safe="/?=&")


def shell(code):
    """Run Python in a Django shell against the drill database; return its stdout."""
    lines = manage("shell", "--no-imports", "-v", "0", "-c", code).stdout.strip().splitlines()
    return lines[-1] if lines else ""


def demo_pages():
    """(id, path) of a live news article, and the path of the legal register, from the drill database."""
    out = shell(
        "from articles.models import NewsPage; from documents.models import LegalDocumentIndexPage; "
        "p = NewsPage.objects.live().order_by('-pk').first(); "
        "r = LegalDocumentIndexPage.objects.live().first(); "
        "print(p.pk, p.relative_url(p.get_site()), r.relative_url(r.get_site()))"
    ).split()
    return int(out[0]), out[1], out[2]
