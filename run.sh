#!/usr/bin/env bash
# Installs what is missing, builds, and runs FieldSeal's main job as it exists now: a scripted
# demonstration with the `fieldseal` CLI of two tablets working offline on the same inspection,
# exchanging their changes by file, converging, and a conflict on a submitted inspection that is
# kept and shown rather than lost. (The sync server and the tablet app come with issues 4 and 6.)
set -euo pipefail
cd "$(dirname "$0")"
source .ci/deps.sh
fieldseal_install_deps
fieldseal_build

F="$PWD/build/bin/fieldseal"
demo="$(mktemp -d /tmp/fieldseal-demo.XXXXXX)"
trap 'rm -rf "$demo"' EXIT
cd "$demo"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
exchange() { # both directions, by file, as two tablets with no network would
  "$F" --db a.db export-ops > a.jsonl 2>/dev/null
  "$F" --db b.db export-ops > b.jsonl 2>/dev/null
  "$F" --db a.db import-ops < b.jsonl
  "$F" --db b.db import-ops < a.jsonl
}
same() {
  "$F" --db a.db dump --canonical > a.dump; "$F" --db b.db dump --canonical > b.dump
  if cmp -s a.dump b.dump; then echo "tablets A and B hold byte-identical data ($(wc -l < a.dump) lines)"; else echo "DIVERGED"; exit 1; fi
}

step "Two inspectors' tablets, Pudong district (浦东新区 310115)"
"$F" --db a.db init --device tablet-A --user 张伟 --district 310115
"$F" --db b.db init --device tablet-B --user 李娜 --district 310115

step "Tablet A registers the organisation and opens a CCC inspection of e-bikes (offline)"
"$F" --db a.db put organisation org-1 uscc=91310115MA1H7PQR3M name=上海某电动车有限公司 org_type=manufacturer district=310115
"$F" --db a.db put inspection insp-1 organisation_id=org-1 template_id=ccc-electric-bicycle inspection_type=ccc_product district=310115 'inspectors=["张伟","李娜"]'
exchange

step "Both edit different checklist items offline, then swap files"
"$F" --db a.db put inspection insp-1 'answers.1.1={"result":"pass","note":"铭牌与型式试验报告一致"}'
"$F" --db b.db put inspection insp-1 'answers.2.3={"result":"fail","note":"未加施 CCC 标志"}' findings=抽查3台中1台未加施CCC标志
exchange
same

step "A rejected edit: a wrong credit code is refused with a reason, nothing changes"
"$F" --db a.db put organisation org-2 uscc=91310115MA1H7PQR3X name=某公司 org_type=seller district=310115 || true

step "Tablet A submits; tablet B, still offline, edits the findings of the old draft"
"$F" --db a.db put inspection insp-1 conclusion=rectify status=submitted
"$F" --db b.db put inspection insp-1 findings=改为：2台未加施CCC标志
exchange
same

step "The submitted version stands; B's edit is kept as a conflict for the district supervisor"
"$F" --db b.db show insp-1
"$F" --db b.db conflicts
