#!/usr/bin/env bash
# Lighthouse accessibility, best-practices and SEO of the home page and an article, offline.
#
#   bench/lighthouse.sh [PORT]          (default port 8711)
#
# Serves the demo content (manage.py load_demo) from a SQLite file of its own with the development
# server, runs the shared offline Lighthouse (tools/browser/lighthouse.sh, mobile preset) on the home
# page and on the first published article with a photo, and prints the four category scores of each.
# Lighthouse rounds a category's score, so one failing light audit can still show "100": every audit of
# the three categories that counts and did not pass is listed too. Exit status 1 when any of the three
# scores is below 100 or any such audit fails; performance on a shared 2-core machine is indicative only.
#
# Needs the browser-audit tools installed once: /work/shared/tools/browser/install.sh (or the shared
# tools' install.sh of your checkout); BROWSER_AUDIT_HOME says where they are (default
# ~/.cache/browser-audit). Reports (JSON and HTML) go to artifacts/lighthouse/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
port="${1:-8711}"
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || python="$(command -v python3)"
audit_home="${BROWSER_AUDIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/browser-audit}"
lighthouse="$audit_home/lighthouse.sh"
[ -x "$lighthouse" ] || { echo "bench/lighthouse.sh: $lighthouse missing; run the shared tools/browser/install.sh" >&2; exit 2; }

out="artifacts/lighthouse"
mkdir -p "$out"
db="${TMPDIR:-/tmp}/cong-lighthouse-$port.sqlite3"
export DATABASE_URL="sqlite:///$db" DJANGO_SETTINGS_MODULE=settings.dev
unset REDIS_URL

echo "Demo content in $db"
"$python" manage.py migrate -v0
"$python" manage.py load_demo >/dev/null

"$python" manage.py runserver "127.0.0.1:$port" --noreload >"$out/runserver.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/" || { echo "the development server did not answer; see $out/runserver.log" >&2; exit 2; }

article="$("$python" manage.py shell -c "
from articles.models import NewsPage
page = NewsPage.objects.live().filter(locale__language_code='vi', featured_image__isnull=False).first()
print(page.url)
" | tail -n 1)"

status=0
for path in / "$article"; do
  "$lighthouse" "http://127.0.0.1:$port$path" "$out" >"$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 2; }
  report="$(sed -n 's/^lighthouse: .* -> //p' "$out/last.log")"
  echo
  echo "$path"
  "$python" - "$report" <<'PY' || status=1
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
failed = False
for key in ("performance", "accessibility", "best-practices", "seo"):
    category = report["categories"][key]
    score = round(category["score"] * 100)
    print(f"  {key:<15} {score}")
    if key == "performance":
        continue
    failed |= score < 100
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            failed = True
            print(f"    failing audit: {ref['id']} ({audit['title']})")
sys.exit(1 if failed else 0)
PY
done
exit "$status"
