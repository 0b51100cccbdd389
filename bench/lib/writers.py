#!/usr/bin/env python3
"""Prepares bench/run.sh's write and list scenarios against a running EssayReader.

    writers.py BASE_URL SLUG COUNT OUT_DIR

Signs up COUNT readers through the real sign-up form (antiforgery token and all), asks
GET /api/session for each one's API token, and writes:
  OUT_DIR/writers.tsv   one line per reader: the Cookie header, the token header's name, the token
  OUT_DIR/create.json   a create request (a public highlight of one phrase), built from the essay's
                        canonical text as the page builds it: quote, 32 characters of context, offsets
Standard library only, so that a fresh Debian needs nothing but python3.
"""
import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request

PHRASE = "Sino-Soviet spilt initiated by Nikita Khrushchev"
CONTEXT = 32


def main():
    base, slug, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    lines = []
    for i in range(count):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/account/sign-up").read().decode()
        token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page)
        if not token:
            token = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page)
        if not token:
            sys.exit("the sign-up page has no antiforgery token")
        name = f"bench-writer-{i}-{urllib.parse.quote(base.rsplit(':', 1)[-1])}"
        form = urllib.parse.urlencode({
            "Input.UserName": name,
            "Input.DisplayName": f"Bench writer {i}",
            "Input.Password": "a long enough bench password",
            "Input.ConfirmPassword": "a long enough bench password",
            "__RequestVerificationToken": token.group(1),
        }).encode()
        opener.open(f"{base}/account/sign-up", form).read()
        session = json.loads(opener.open(f"{base}/api/session").read())
        if not session.get("user"):
            sys.exit(f"signing up {name} did not sign in (is sign-up refused?)")
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        anti = session["antiforgery"]
        lines.append(f"{cookie}\t{anti['headerName']}\t{anti['token']}")
    with open(f"{out}/writers.tsv", "w") as f:
        f.write("\n".join(lines) + "\n")

    essay = json.loads(urllib.request.urlopen(f"{base}/api/essays/{slug}").read())
    text = essay["text"]
    # Offsets count UTF-16 code units, as the page does; the essay's characters are all in the BMP,
    # so Python's indices are the same, and this checks it.
    if any(ord(c) > 0xFFFF for c in text):
        sys.exit("the essay has characters outside the BMP: offsets would need converting")
    start = text.index(PHRASE)
    end = start + len(PHRASE)
    request = {
        "motivation": "highlighting",
        "color": "yellow",
        "visibility": "public",
        "essayVersion": essay["version"],
        "target": {
            "source": f"{base}/essays/{slug}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": text[start:end],
                 "prefix": text[max(0, start - CONTEXT):start], "suffix": text[end:end + CONTEXT]},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
    with open(f"{out}/create.json", "w") as f:
        json.dump(request, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
