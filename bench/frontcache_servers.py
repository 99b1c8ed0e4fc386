"""Servers for the front-cache benchmark and drill: the portal and the one-file app under the same gunicorn
settings, and nginx with the front cache of deploy/nginx/ (its very rules, included), on ports of the
caller's choice. Each is stopped by its own process id; the shared PostgreSQL and Redis are only used.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.drills.common import ROOT, request

DEPLOY = ROOT / "deploy" / "nginx"
MINIMAL_APP = Path(os.environ.get("MINIMAL_APP", "/work/shared/bench/minimal_django.py"))
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
GUNICORN_FLAGS = ["--workers", "2", "--timeout", "30", "--keep-alive", "5"]


def wait_for(port, path="/", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if request(port, "GET", path, timeout=5)[0]:
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing answers on :{port}{path}")


class Process:
    def __init__(self, command, cwd, env, log_path):
        self.log_path = Path(log_path)
        self.log = open(self.log_path, "w")  # noqa: SIM115 - open for the process's lifetime
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def portal_env(database_url, redis_url, purge_port, work, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "PAGE_CACHE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="settings.production",
        SECRET_KEY="frontcache-bench-only-secret-key-0123456789abcdefghij",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="0",
        TRUSTED_PROXIES="127.0.0.1",
        FRONTEND_CACHE_URL=f"http://127.0.0.1:{purge_port}",
        STATIC_ROOT=str(Path(work) / "static"),
        LOG_LEVEL="WARNING",
        LOG_FORMAT="plain",
    )
    env.update(extra)
    return env


def start_portal(port, env, work):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        *GUNICORN_FLAGS,
    ]
    process = Process(command, ROOT, env, Path(work) / f"portal-{port}.log")
    wait_for(port, "/healthz")
    return process


# The project's gunicorn.conf.py as the portal reads it (its access log included), less its post_fork
# hook, which needs the portal's settings: the same gunicorn settings for the baseline.
BASELINE_CONF = """
import runpy
globals().update(
    {name: value for name, value in runpy.run_path(%(conf)r).items()
     if not name.startswith("_") and name != "post_fork"}
)
"""


def start_minimal(port, body_bytes, work):
    env = {**os.environ, "BODY_BYTES": str(body_bytes)}
    conf = Path(work) / "baseline.gunicorn.conf.py"
    conf.write_text(BASELINE_CONF % {"conf": str(ROOT / "gunicorn.conf.py")})
    command = [sys.executable, "-m", "gunicorn", "-c", str(conf), "minimal_django:application",
               "--bind", f"127.0.0.1:{port}", *GUNICORN_FLAGS]  # fmt: skip
    process = Process(command, MINIMAL_APP.parent, env, Path(work) / f"minimal-{port}.log")
    wait_for(port, "/")
    return process


NGINX_CONF = """
load_module {module};
{user}
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    proxy_cache_path {work}/cache levels=1:2 keys_zone=cong:16m max_size=256m inactive=1d use_temp_path=off;
    include {deploy}/cong-maps.conf;
    upstream cong_app {{ server 127.0.0.1:{app_port}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{front_port};
        location / {{ include {deploy}/cong-proxy-cache.conf; }}
    }}
    server {{
        listen 127.0.0.1:{purge_port};
        allow 127.0.0.1;
        deny all;
        location / {{ proxy_cache_purge cong $host$request_uri; }}
    }}
    server {{
        listen 127.0.0.1:{disk_port};
        root {work}/disk;
        location / {{ default_type "text/html; charset=utf-8"; }}
    }}
}}
"""


class Nginx:
    """nginx with the front cache on ``front_port``, its purge listener and a plain file server."""

    def __init__(self, work, app_port, front_port, purge_port, disk_port):
        self.work = Path(work) / "nginx"
        shutil.rmtree(self.work, ignore_errors=True)
        (self.work / "disk").mkdir(parents=True)
        self.conf = self.work / "nginx.conf"
        self.conf.write_text(
            NGINX_CONF.format(
                user="user root;" if os.geteuid() == 0 else "",
                module=PURGE_MODULE,
                work=self.work,
                deploy=DEPLOY,
                app_port=app_port,
                front_port=front_port,
                purge_port=purge_port,
                disk_port=disk_port,
            )  # fmt: skip
        )
        subprocess.run(["nginx", "-t", "-q", "-c", str(self.conf)], check=True)  # noqa: S607
        subprocess.run(["nginx", "-c", str(self.conf)], check=True)  # noqa: S607
        wait_for(disk_port, "/")

    def pid(self):
        return int((self.work / "nginx.pid").read_text())

    def put_file(self, name, body):
        (self.work / "disk" / name).write_bytes(body)

    def stop(self):
        pid_file = self.work / "nginx.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text())
            os.kill(pid, signal.SIGQUIT)
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
                time.sleep(0.05)
