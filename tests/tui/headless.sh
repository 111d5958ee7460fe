#!/bin/sh
# Runs one headless key script and writes its screens: headless.sh NAME.keys OUT.
# A script's lines starting with "#" are comments; "# size: COLSxROWS" sets the size.
# To accept new screens after a deliberate change: tests/tui/update.sh.
k=$1 out=$2
size=$(sed -n 's/^# size: //p' "$k")
rm -f "$out"
env -u WORKBOOK_STATE_DIR WORKBOOK_HEADLESS=1 WORKBOOK_SIZE=${size:-100x30} WORKBOOK_DUMP="$out" \
    WORKBOOK_KEYS="$(grep -v '^#' "$k" | tr -d '\n')" TERM=xterm-256color LANG=C.UTF-8 \
    "$WORKBOOK" --no-color </dev/null >/dev/null 2>&1
