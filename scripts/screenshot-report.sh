#!/usr/bin/env bash
# Render an html report (scriptcheck score ... --format html) to a PNG with headless Chromium,
# to check its layout, Chinese text and chart without opening a browser.
#
#   scripts/screenshot-report.sh REPORT.html OUT.png
#
# Needs Debian's chromium package (apt-get install -y chromium) and, for the Chinese text, a CJK font
# such as fonts-noto-cjk (the script warns when none is installed). The window is 1400x2200 pixels;
# set SCREENSHOT_SIZE=WIDTH,HEIGHT to change it. The browser gets a throwaway profile and no
# background networking, so the report is rendered exactly as a reader would see it offline.
# Exit status: 0 on success, 1 if no image was written, 2 on bad usage or when chromium is missing.
set -euo pipefail

usage() {
    echo "usage: $0 REPORT.html OUT.png" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
report=$1
output=$2
[[ -f "$report" ]] || { echo "error: no such report: $report" >&2; exit 2; }

if ! command -v chromium >/dev/null 2>&1; then
    echo "error: chromium is not installed; install it with:" >&2
    echo "    apt-get update && apt-get install -y chromium" >&2
    exit 2
fi

# Without a Chinese font every character of the report is drawn as an empty box.
if command -v fc-list >/dev/null 2>&1 && [[ -z "$(fc-list :lang=zh family)" ]]; then
    echo "warning: no Chinese font installed; Chinese text will show as boxes. Install one with:" >&2
    echo "    apt-get install -y fonts-noto-cjk" >&2
fi

report_url="file://$(realpath "$report")"
output_path="$(realpath -m "$output")"
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$output_path"

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" \
    --window-size="${SCREENSHOT_SIZE:-1400,2200}" \
    --screenshot="$output_path" "$report_url" >"$log" 2>&1 || true

# Chromium's exit status and chatter on stderr say little; whether the image exists is what counts.
if [[ ! -s "$output_path" ]]; then
    echo "error: chromium wrote no screenshot to $output_path; its output was:" >&2
    cat "$log" >&2
    exit 1
fi
echo "$output_path"
