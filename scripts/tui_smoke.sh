#!/usr/bin/env bash
# Smoke test of the review desk in a real terminal: start `mtbrief` on the seeds in tmux, step to
# the first edit, open the Brief tab, and fail unless the screen shows every article title.
#
#   scripts/tui_smoke.sh [ARTICLES...]      (default: seeds/*.txt)
#   MTBRIEF="python -m tui.app" scripts/tui_smoke.sh   to run from a source tree
set -euo pipefail

cd "$(dirname "$0")/.."
MTBRIEF=${MTBRIEF:-mtbrief}
TMUX_BIN=${TMUX_BIN:-tmux}
if [ "$#" -eq 0 ]; then set -- seeds/*.txt; fi

session="mtbrief-smoke-$$"
work=$(mktemp -d)
cleanup() {
    "$TMUX_BIN" -L "$session" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# a private tmux server and data dir: no user state is read or written
"$TMUX_BIN" -L "$session" new-session -d -x 120 -y 36 -s smoke \
    "XDG_DATA_HOME='$work' $MTBRIEF --engine extractive $* ; sleep 30"

capture() { "$TMUX_BIN" -L "$session" capture-pane -p -t smoke > "$work/screen.txt"; }
wait_for() {  # wait up to 30 s for the screen to show $1
    for _ in $(seq 60); do
        capture
        if grep -qF -- "$1" "$work/screen.txt"; then return 0; fi
        sleep 0.5
    done
    echo "tui_smoke: the screen never showed: $1" >&2
    cat "$work/screen.txt" >&2
    return 1
}

wait_for "summaries: $#/$#"
"$TMUX_BIN" -L "$session" send-keys -t smoke n
wait_for "EDIT 1/"
"$TMUX_BIN" -L "$session" send-keys -t smoke b
wait_for "sources"  # the brief's byline: "engine: ... · N sources"
"$TMUX_BIN" -L "$session" send-keys -t smoke End  # the numbered source list closes the brief
wait_for "Sources"

titles=$(PYTHONPATH="${PYTHONPATH:-}" ${PYTHON:-python3} - "$@" <<'PY'
import sys
from summarize.articles import load_articles
for article in load_articles(sys.argv[1:]).articles:
    print(article.title[:60])
PY
)
shows() {  # the screen, lines joined, shows $1 (titles wrap)
    capture
    tr -s ' \n' ' ' < "$work/screen.txt" | grep -qF -- "$1"
}
missing=0
while IFS= read -r title; do
    for _ in $(seq 20); do shows "$title" && break; sleep 0.5; done  # the scroll is animated
    if ! shows "$title"; then
        echo "tui_smoke: title missing from the screen: $title" >&2
        missing=1
    fi
done <<< "$titles"
"$TMUX_BIN" -L "$session" send-keys -t smoke q
if [ "$missing" -ne 0 ]; then cat "$work/screen.txt" >&2; exit 1; fi
echo "tui_smoke: ok ($# articles)"
