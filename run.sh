#!/usr/bin/env bash
# Installs what is missing, builds, starts the sync server on its embedded SQLite with the demo
# data, and opens the tablet app against it. A machine without a display gets a scripted demo
# instead: tablets working offline, syncing through the server, a supervisor's review, a conflict
# kept rather than lost, the audit chain checked, and the app's pages loaded headless.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/deps.sh
fieldseal_install_deps
fieldseal_build

ROOT="$PWD"
BIN="$ROOT/build/bin"
RUN="$ROOT/build/run"          # the demo server's data and the tablets' stores (fresh each run)
PASSWORD="${FIELDSEAL_DEMO_PASSWORD:-demo-password-2026}"
rm -rf "$RUN" && mkdir -p "$RUN"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Sync server with demo data (${RUN}/server)"
FIELDSEAL_DEMO_PASSWORD="$PASSWORD" "$BIN/fieldseal-server" init --data-dir "$RUN/server" --alg sm2 --demo
"$BIN/fieldseal-server" serve --data-dir "$RUN/server" --listen "127.0.0.1:${FIELDSEAL_PORT:-0}" \
  --port-file "$RUN/port" > "$RUN/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$RUN/port" ] && break; sleep 0.1; done
[ -s "$RUN/port" ] || { cat "$RUN/server.log"; echo "the server did not start"; exit 1; }
URL="https://127.0.0.1:$(cat "$RUN/port")"
CA="$RUN/server/tls/ca.pem"
echo "serving on $URL (clients pin $CA)"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$BIN/fieldseal-app" ]; then
  step "Tablet app: sign in at $URL as insp.wang, sup.pudong or expo.chen with password $PASSWORD"
  "$BIN/fieldseal-app" --data-dir "$RUN/app" --server "$URL" --ca "$CA"
  exit 0
fi

# ---- No display: a scripted demo with the device CLI (the same sync engine as the app) ----
F="$BIN/fieldseal"
tablet() { local who="$1"; shift; FIELDSEAL_PASSWORD="$PASSWORD" "$F" --db "$RUN/$who.db" "$@"; }
record_id() { # the id of the first record in a canonical dump line matching all given patterns
  local line; line="$(tablet "$1" dump --canonical | grep '"record"' | grep -- "$2" | grep -- "$3" | head -1)"
  sed -E 's/.*"id":"([^"]+)".*/\1/' <<< "$line"
}

step "Two inspectors' tablets (浦东新区 310115) sign in, enroll and pull their tasks"
tablet wang device login --server "$URL" --ca "$CA" --user insp.wang
tablet li device login --server "$URL" --ca "$CA" --user insp.li
tablet wang sync
tablet li sync
TASK="$(record_id wang '"type":"task"' ccc-toys-v1)"
ORG="$(tablet wang show "$TASK" | sed -nE 's/.*"organisation_id": ?"([^"]+)".*/\1/p' | head -1)"
echo "task $TASK (toy factory, organisation $ORG)"

step "Offline: Wang opens the inspection, answers items, attaches a photo; Li answers another item"
INSP="$(cat /proc/sys/kernel/random/uuid)"
tablet wang put inspection "$INSP" task_id="$TASK" organisation_id="$ORG" template_id=ccc-toys-v1 \
  inspection_type=ccc_product district=310115 'inspectors=["insp.wang","insp.li"]' \
  'answers.1.1={"result":"pass","note":"铭牌与型式试验报告一致"}'
head -c 200000 /dev/urandom > "$RUN/site-photo.jpg"
tablet wang attach "$INSP" "$RUN/site-photo.jpg"
tablet wang status
tablet wang sync --progress
tablet li sync
tablet li put inspection "$INSP" 'answers.2.3={"result":"fail","note":"抽查3件中1件未加施CCC标志"}'
tablet li sync
tablet wang sync

step "Wang submits; Li, offline, still edits the findings of the old draft"
tablet wang put inspection "$INSP" findings=抽查3件中1件未加施CCC标志 conclusion=rectify status=submitted
tablet wang sync
tablet li put inspection "$INSP" findings=改为：2件未加施CCC标志
tablet li sync
echo "the submitted version stands; Li's edit is kept as a conflict for the supervisor:"
tablet li conflicts

step "The Pudong supervisor reviews on a tablet: returns the inspection with a comment"
tablet sup device login --server "$URL" --ca "$CA" --user sup.pudong
tablet sup sync
tablet sup put inspection "$INSP" review_comment=请补充整改期限 status=returned
tablet sup sync
tablet wang sync
tablet wang show "$INSP"

step "After one more sync, every tablet holds the same inspection and the same conflict"
for t in li sup; do tablet "$t" sync; done
for t in wang li sup; do
  { tablet "$t" show "$INSP"; tablet "$t" conflicts; } > "$RUN/$t.view"
done
if cmp -s "$RUN/wang.view" "$RUN/li.view" && cmp -s "$RUN/wang.view" "$RUN/sup.view"; then
  echo "identical on all three tablets"
else
  diff "$RUN/wang.view" "$RUN/li.view" || true; echo "DIVERGED"; exit 1
fi

step "The server's audit chain is intact"
"$BIN/fieldseal-server" audit verify --data-dir "$RUN/server"

if [ -x "$BIN/fieldseal-app" ]; then
  step "Tablet app, headless: every page loads with demo data"
  QT_QPA_PLATFORM=offscreen "$BIN/fieldseal-app" --self-test --data-dir "$RUN/app"
  step "Tablet app, headless: a scripted tour of every page, both orientations and languages"
  rm -rf "$RUN/screenshots"
  QT_QPA_PLATFORM=offscreen "$BIN/fieldseal-app" --screenshot-tour "$RUN/screenshots" --data-dir "$RUN/tour"
  echo "screenshots: $RUN/screenshots ($(ls "$RUN/screenshots" | wc -l) pages)"
fi
echo
echo "Done. Server log: $RUN/server.log"
