#!/bin/sh
# Stands in for the user's browser in end-to-end tests (the app runs $BROWSER <url>).
# Loopback pages are really fetched, following redirects, so the sandbox's sign-in page
# and the app's own callback are hit as a browser would hit them; an agreement page is
# answered with a POST, as clicking "Accept and continue" does. Other addresses (Amazon's
# real pages) are only recorded, never fetched. Every URL is appended to $BROWSER_LOG;
# while "$BROWSER_LOG.hold" exists nothing is fetched (a user who has not acted yet).
url="$1"
# A sign-in comes as a private page that forwards to it: read where it leads, as a
# browser would follow it.
case "$url" in
  file://*) url=$(sed -n 's/.*content="0;url=\([^"]*\)".*/\1/p' "${url#file://}" | sed 's/&amp;/\&/g') ;;
esac
if [ -n "$BROWSER_LOG" ]; then
  printf '%s\n' "$url" >> "$BROWSER_LOG"
  [ -e "$BROWSER_LOG.hold" ] && exit 0
fi
case "$url" in
  http://127.0.0.1:*/terms/agreement/* | http://localhost:*/terms/agreement/*)
    exec curl -sS -o /dev/null --max-time 20 -X POST "$url" ;;
  http://127.0.0.1:* | http://localhost:*)
    exec curl -sS -L -o /dev/null --max-time 20 "$url" ;;
esac
exit 0
