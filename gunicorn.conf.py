"""gunicorn settings for production: `gunicorn wsgi:application` reads this file from the working directory
(or pass `-c gunicorn.conf.py`). Every value can be overridden from the environment.

Synchronous workers: the application does its waiting on PostgreSQL and Redis, both close by, and a page
served from the page cache takes about a millisecond, so threads or async workers buy little here.
"""

import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the project, also with -c from elsewhere
from home.proxies import parse_networks  # noqa: E402

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# (2 × cores) + 1: one worker computes while another waits on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is stuck (a page renders in well under a second): the worker
# is replaced. Uploads of large document files are the slowest legitimate requests.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Behind nginx, which keeps connections to readers alive: short keep-alive to nginx is enough.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (bounds any slow memory growth), at staggered times so that they do not
# all restart at once. Not too often: a new worker takes seconds to import the site, and the requests
# queued behind it wait. Measured with bench/http_bench.py (cached pages, 1,600 requests/s on 2 cores):
# after 2,000 requests the cached pages' p99 was 3.9-5.4 s; after 20,000 it is 25 ms.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# GUNICORN_PRELOAD=1 loads the application once in the master (less memory); off by default so that
# each worker opens its own connections and threads.
preload_app = os.environ.get("GUNICORN_PRELOAD", "0") == "1"
# /dev/shm for the heartbeat files: a slow disk cannot make healthy workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  # nosec B108 - gunicorn heartbeats
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Only the reverse proxies in TRUSTED_PROXIES may set X-Forwarded-* (none by default): the same list,
# parsed by the same function, as Django's (home/proxies.py).
forwarded_allow_ips = ",".join(
    str(network) for network in parse_networks(os.environ.get("TRUSTED_PROXIES", ""))
)


def post_fork(server, worker):
    # Database connections must not be shared between processes that were forked from the master.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
