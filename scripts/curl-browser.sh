#!/bin/sh
# A browser for scripts: BROWSER="$PWD/scripts/curl-browser.sh" ads-onboard-cli sign-in
# Ads Onboard gives a browser its sign-in address inside a private page that forwards to
# it (so the address's state and PKCE challenge are on no command line other users can
# read); this reads the address from that page and follows it, redirects included. The
# address reaches curl on its standard input, not its command line.
url="$1"
case "$url" in
  file://*)
    page=$(printf '%s' "${url#file://}" | sed 's/%20/ /g')
    url=$(sed -n 's/.*content="0;url=\([^"]*\)".*/\1/p' "$page" | sed 's/&amp;/\&/g')
    ;;
esac
printf 'url = "%s"\n' "$url" | exec curl -sS -L -o /dev/null --max-time 20 -K -
