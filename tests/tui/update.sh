#!/bin/sh
# Rewrites tests/tui/*.screen from the current program; review the diff before committing.
cd "$(dirname "$0")" || exit 2
: "${WORKBOOK:=../../build/workbook}"
export WORKBOOK
for k in *.keys; do
    sh ./headless.sh "$k" "${k%.keys}.screen"
done
