"""Search-replica drill: the register's search read from a streaming replica (docs/search.md).

    .venv/bin/python bench/drills/replica_drill.py

On the drills' private PostgreSQL (port 5440, bench/drills/common.py) it builds a streaming replica with
pg_basebackup (port DRILL_REPLICA_PORT, 5441), serves the portal with DATABASE_REPLICA_URL naming it, and
checks what docs/search.md claims:

1. Searches (the register's page and the API, each query different, so none is answered from the kept
   answers) are read on the replica: its index scans of the search table grow, the primary's do not.
2. A document renamed and published on the primary is found by its new word by the very next search,
   and no longer found once unpublished: a search never reads a replica that has not replayed the last
   change.
3. The replica stopped: every search still answers (from the primary), none over 3 s, one warning.
4. The replica started again: searches read it again after SEARCH_REPLICA_RETRY_SECONDS.

Exits non-zero when an expectation fails.
"""

import json
import os
import shutil
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills import common  # noqa: E402
from bench.drills.common import expect, log, request  # noqa: E402

PORT = int(os.environ.get("DRILL_REPLICA_APP_PORT", "8793"))
REPLICA_PORT = int(os.environ.get("DRILL_REPLICA_PORT", "5441"))
RETRY_SECONDS = 3
QUERIES = [
    "quyết định",
    "chuyen doi so",
    "an toàn thông tin",
    "luat an ninh mang",
    "bưu chính",
    "vien thong",
    "dữ liệu cá nhân",
    "cong nghe thong tin",
    "báo chí",
    "xuat ban",
]


def psql(port, query):
    command = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", common.DB_NAME]
    return common.run([*command, "-tAc", query], check=False).stdout.strip()


def search_scans(port):
    """Scans of the search table's search indexes (words, headings, places, numbers, dates: not its
    primary key, by which a found page's row is read, nor the daily status probe's) on the server at
    ``port``: each server counts its own."""
    query = (
        "SELECT pg_stat_clear_snapshot(); SELECT COALESCE(SUM(idx_scan), 0) FROM pg_stat_user_indexes "
        "WHERE relname = 'documents_legaldocumentsearch' "
        "AND indexrelname NOT IN ('documents_legaldocumentsearch_pkey', 'legaldocsearch_status_until')"
    )
    found = psql(port, query).splitlines()
    return int(found[-1]) if found and found[-1].isdigit() else -1


def settled_scans(port, expected, seconds=12.0):
    """``search_scans(port)`` once it reaches ``expected``, or after ``seconds``: a server's statistics
    include a connection's work once it reports them, which an idle connection (the portal keeps its
    own open) does within 10 s."""
    deadline = time.monotonic() + seconds
    scans = search_scans(port)
    while scans < expected and time.monotonic() < deadline:
        time.sleep(0.5)
        scans = search_scans(port)
    return scans


class Replica:
    def __init__(self, directory):
        self.directory = directory

    def pg_ctl(self, *args):
        command = [str(common.PG_BIN / "pg_ctl"), "-D", str(self.directory), "-w", "-t", "30", *args]
        return common.run(common._as_postgres(command), check=False)

    def build(self):
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory.parent, "postgres", "postgres")
        backup = [
            str(common.PG_BIN / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(common.PG_PORT),
            "-U",
            "postgres",
            "-D",
            str(self.directory),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ]
        result = common.run(common._as_postgres(backup), check=False)
        if result.returncode:
            raise SystemExit(f"pg_basebackup failed: {result.stderr}{result.stdout}")

    def start(self):
        options = f"'-p {REPLICA_PORT} -k /tmp -c listen_addresses=127.0.0.1 -c hot_standby=on'"
        result = self.pg_ctl("-o", options, "-l", str(self.directory / "server.log"), "start")
        if result.returncode:
            raise SystemExit(f"the replica did not start: {result.stderr}{result.stdout}")

    def stop(self, mode="fast"):
        self.pg_ctl("stop", "-m", mode)


def search(query, api=False):
    """(status, number of results, ms) of a search on the register's page or in the API."""
    if api:
        status, text, ms = request(
            PORT, "GET", "/api/v2/legal-documents/?search=" + urllib.parse.quote(query)
        )
        try:
            return status, json.loads(text)["meta"]["total_count"], ms
        except (ValueError, KeyError):
            return status, -1, ms
    status, text, ms = request(PORT, "GET", REGISTER + "?q=" + urllib.parse.quote(query))
    return status, text.count('class="documents-table__number"'), ms


def publish(page_id, title=None, unpublish=False):
    action = "p.unpublish()" if unpublish else f"p.title = {json.dumps(title)}; p.save_revision().publish()"
    common.shell(f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}).specific; {action}")


def found(query):
    """Whether the API's search for ``query`` finds a document (None when it does not answer)."""
    status, total, _ms = search(query, api=True)
    return total > 0 if status == 200 else None


REGISTER = "/van-ban/"


def main():
    global REGISTER
    started = time.monotonic()
    common.WORK.mkdir(parents=True, exist_ok=True)
    common.ensure_postgres()
    common.start_redis()
    common.redis_cli("flushdb")
    common.ensure_database()
    _page, _article, REGISTER = common.demo_pages()
    document_id, original_title = common.shell(
        "from documents.models import LegalDocumentPage; "
        "d = LegalDocumentPage.objects.live().public().order_by('pk').first(); print(d.pk, '|', d.title)"
    ).split(" | ", 1)
    replica = Replica(common.WORK / "replica" / "pg")
    replica.build()
    replica.start()
    expect(psql(REPLICA_PORT, "SELECT pg_is_in_recovery()") == "t", f"a streaming replica on :{REPLICA_PORT}")
    replica_url = f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{common.DB_NAME}"
    env = {"DATABASE_REPLICA_URL": replica_url, "SEARCH_REPLICA_RETRY_SECONDS": str(RETRY_SECONDS)}
    app = common.Gunicorn(PORT, workers=2, extra_env=env)
    try:
        # 1. The searches read the replica.
        search("khởi động", api=True)  # the day's status re-derivation, once per worker, on the primary
        search("khởi động")
        primary_before, replica_before = search_scans(common.PG_PORT), search_scans(REPLICA_PORT)
        statuses = []
        for query in QUERIES:
            statuses.append(search(query)[0])
            statuses.append(search(query + " 2021", api=True)[0])
        replica_after = settled_scans(REPLICA_PORT, replica_before + len(QUERIES) * 2)
        primary_after = search_scans(common.PG_PORT)
        log(f"  search-table index scans: primary {primary_before} -> {primary_after}, "
            f"replica {replica_before} -> {replica_after}; statuses {sorted(set(statuses))}")  # fmt: skip
        expect(set(statuses) == {200}, f"{len(statuses)} searches answered 200")
        expect(
            replica_after - replica_before >= len(QUERIES) * 2, "the searches' index scans ran on the replica"
        )
        expect(primary_after == primary_before, "and none on the primary")

        # 2. A change is searchable at once, and so is its undoing: the first search after the commit.
        word = f"kiemtrabansao{int(time.time())}"
        expect(found(word) is False, f"«{word}» is found nowhere yet")
        publish(document_id, f"{original_title} {word}")
        expect(found(word) is True, "renamed and published on the primary: the next search finds it")
        publish(document_id, unpublish=True)
        expect(found(word) is False, "unpublished on the primary: the next search no longer finds it")
        publish(document_id, original_title)

        # 3. The replica stops: the primary answers.
        replica.stop("immediate")
        slowest, statuses = 0.0, []
        for query in QUERIES:
            status, _total, ms = search(query + " 2020")
            statuses.append(status)
            slowest = max(slowest, ms)
        expect(set(statuses) == {200}, f"replica down: {len(statuses)} searches answered 200")
        expect(slowest < 3000, f"replica down: the slowest search took {slowest:.0f} ms")
        warnings = [line for line in app.log_lines() if "Search replica unreachable" in line]
        expect(1 <= len(warnings) <= 2, f"{len(warnings)} warning line(s) for the replica (one per worker)")

        # 4. The replica is back: read again after the retry delay, once it has caught up (a standby
        # asks the primary for its WAL again every 5 s; until then the primary answers, as it should).
        replica.start()
        primary_at = psql(common.PG_PORT, "SELECT pg_current_wal_lsn()")
        caught_up = f"SELECT pg_last_wal_replay_lsn() >= '{primary_at}'"
        deadline = time.monotonic() + 20
        while psql(REPLICA_PORT, caught_up) != "t" and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(RETRY_SECONDS + 1)
        for query in QUERIES[:4]:
            search(query + " 2019")  # the first one of each worker finds the replica again
        before = search_scans(REPLICA_PORT)
        for query in QUERIES:
            search(query + " 2018")
        after = settled_scans(REPLICA_PORT, before + len(QUERIES))
        expect(after - before >= len(QUERIES), f"replica back: read again ({before} -> {after} index scans)")
    finally:
        app.stop()
        replica.stop()
        publish(document_id, original_title)
        common.stop_redis()
        common.stop_postgres()
        log(
            "stopped gunicorn, the replica, the drill Redis and PostgreSQL (the document's title is restored)"
        )
    log(f"drill took {time.monotonic() - started:.0f} s")
    return common.verdict()


if __name__ == "__main__":
    sys.exit(main())
