#!/usr/bin/env python3
"""docs_check.py ROOT OUT - opens every page of the built site in headless Chromium (see tools/docs.sh)."""
import concurrent.futures, functools, glob, html, http.server, json, os, re
import subprocess, sys, tempfile, threading, urllib.parse, urllib.request

root, out = sys.argv[1], sys.argv[2]
# Exercise marker lines: the lesson pages hide them (docs/.hooks/workshop.py).
MARKER = re.compile(r"^\s*(/\*|//)\s*(TODO|HINT|END TODO) \d+\b.*$")
site = os.path.join(root, "target", "site")
failures = []

def fail(page, what):
    failures.append(f"{page}: {what}")

# Every page, as mkdocs wrote it: en/... and th/... must hold the same pages.
pages = sorted(os.path.relpath(os.path.dirname(p), site).replace(os.sep, "/") + "/"
               for p in glob.glob(f"{site}/*/**/index.html", recursive=True)
               if os.path.relpath(p, site).split(os.sep)[0] in ("en", "th"))
by_lang = {l: {p[3:] for p in pages if p.startswith(l + "/")} for l in ("en", "th")}
for p in sorted(by_lang["en"] ^ by_lang["th"]):
    fail(p, "exists in only one language (" + ("en" if p in by_lang["en"] else "th") + ")")
if len(by_lang["en"]) < 12:
    fail("site", f"only {len(by_lang['en'])} English pages: the build is incomplete")

# The browser opens one page of ours that loads every site page in turn in
# an iframe, waits for its fonts, reads what a reader would see, and posts
# it back to us. Its image /__docs_check__.wait holds its load event (and so
# --dump-dom) until then. One Chromium for all pages: each start costs seconds.
DRIVER = """<!doctype html><meta charset="utf-8"><body><script>
async function collect(win) {
  const d = win.document;
  await d.fonts.ready;
  const art = d.querySelector("article.md-content__inner");
  return {
    lang: d.documentElement.lang,
    text: art ? art.innerText : null,
    code: art ? [...art.querySelectorAll("pre")].map(p => p.textContent) : [],
    switches: [...d.querySelectorAll("a[data-ws-lang-switch]")].map(a => a.href),
    loads: [...d.querySelectorAll("script[src], link[href], img[src], iframe[src], source[src]")]
      .filter(e => !(e.tagName === "LINK" && /\\b(canonical|alternate)\\b/.test(e.rel)))
      .map(e => [e.tagName.toLowerCase(), e.src || e.href]),
    images: [...(art ? art.querySelectorAll("img") : [])].map(i => [i.src, i.complete && i.naturalWidth > 0]),
    thaiFont: [...d.fonts].filter(f => f.family.replace(/"/g, "") === "Workshop Thai").map(f => f.status),
  };
}
(async () => {
  const results = {};
  for (const page of PAGES) {
    const frame = document.createElement("iframe");
    frame.style.width = "1280px"; frame.style.height = "900px";
    await new Promise(done => {
      frame.onload = async () => {
        try { results[page] = await collect(frame.contentWindow); }
        catch (e) { results[page] = {error: String(e)}; }
        done();
      };
      frame.src = "/" + page;
      document.body.appendChild(frame);
    });
    frame.remove();
  }
  // Search, offline: Material builds the index in the page, with the Thai
  // word splitter on Thai pages. ?q= opens the search with a query.
  results.__search__ = {};
  for (const [page, q] of Object.entries(SEARCHES)) {
    const frame = document.createElement("iframe");
    frame.style.width = "1280px"; frame.style.height = "900px";
    await new Promise(done => {
      frame.onload = done;
      frame.src = "/" + page + "?q=" + encodeURIComponent(q);
      document.body.appendChild(frame);
    });
    let found = 0;
    for (let i = 0; i < 120 && !found; i++) {
      await new Promise(done => setTimeout(done, 500));
      found = frame.contentDocument.querySelectorAll(".md-search-result__item").length;
    }
    results.__search__[page] = [q, found];
    frame.remove();
  }
  await fetch("/__docs_check__.results", {method: "POST", body: JSON.stringify(results)});
})();
</script><img src="/__docs_check__.wait" alt="">"""
SEARCHES = {"th/concepts/": "ซ็อกเก็ต", "en/concepts/": "callback"}
DRIVER = DRIVER.replace("PAGES", json.dumps(pages)).replace("SEARCHES", json.dumps(SEARCHES))
posted = threading.Event()
results = {}

class Handler(http.server.SimpleHTTPRequestHandler):
    def answer(self, body, kind):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__docs_check__.html":
            self.answer(DRIVER.encode(), "text/html; charset=utf-8")
        elif self.path == "/__docs_check__.wait":
            posted.wait(CHECK_TIMEOUT)
            self.answer(b"", "image/gif")
        else:
            super().do_GET()

    def do_POST(self):
        if self.path != "/__docs_check__.results":
            return self.send_error(404)
        results.update(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        posted.set()
        self.answer(b"", "text/plain")

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=site))
server.handle_error = lambda *args: None
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/"

chromium = ["chromium", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars"]
if os.geteuid() == 0:
    chromium.append("--no-sandbox")

CHECK_TIMEOUT = 300

def browse(args):
    with tempfile.TemporaryDirectory() as profile:
        try:
            return subprocess.run(chromium + [f"--user-data-dir={profile}"] + args,
                                  capture_output=True, text=True, timeout=CHECK_TIMEOUT + 60)
        except subprocess.TimeoutExpired:
            return None

def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except Exception as e:
        return str(e)

def squeeze(text):
    return " ".join(text.split())

shots = {lang: os.path.join(out, f"{lang}-stage-10.png") for lang in ("en", "th")}
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
    run = pool.submit(browse, ["--dump-dom", base + "__docs_check__.html"])
    for lang, shot in shots.items():
        pool.submit(browse, ["--window-size=1280,2000", "--virtual-time-budget=3000", f"--screenshot={shot}",
                             base + f"{lang}/stages/10-user-receive/"])
if not posted.is_set():
    r = run.result()
    print(f"docs check: Chromium did not go through the pages in {CHECK_TIMEOUT} s"
          + (f": {r.stderr.strip().splitlines()[-1:]}" if r else ""), file=sys.stderr)
    sys.exit(1)

for page, (query, found) in results.pop("__search__", {}).items():
    if not found:
        fail(page, f"searching for {query!r} finds nothing")
code_blocks = 0
for page in pages:
    r = results.get(page) or {"error": "never loaded"}
    lang = page.split("/")[0]
    other = ("th" if lang == "en" else "en") + page[2:]
    if r.get("error") or r.get("text") is None:
        fail(page, "Chromium shows no article " + r.get("error", ""))
        continue
    if r["lang"] != lang:
        fail(page, f'<html lang="{r["lang"]}">, not "{lang}"')
    # (1) The stage pages show every file they include, as a code block.
    stage = re.fullmatch(r"(en|th)/stages/(\d\d-[^/]+)/", page)
    if stage:
        src = os.path.join(root, "docs", lang, "stages", stage.group(2) + ".md")
        includes = [i for i in re.findall(r'--8<-- "([^"]+)"', open(src, encoding="utf-8").read())
                    if not i.startswith("diff:")]
        blocks = [squeeze(b) for b in r["code"]]
        code_blocks += len(blocks)
        if not any(i.startswith("kernel/") for i in includes):
            fail(page, "includes no kernel source")
        # What the stage's folder holds, the page must show (no drift).
        folder = "step" + stage.group(2)
        wanted = glob.glob(os.path.join(root, "steps", folder, "expected-output.txt"))
        wanted += glob.glob(os.path.join(root, "steps", folder, "src/main/java/**/*.java"), recursive=True)
        for path in sorted(os.path.relpath(w, root) for w in wanted):
            if path not in includes:
                fail(page, f'does not include {path}: add --8<-- "{path}" to {os.path.relpath(src, root)}')
        if len(blocks) < len(includes):
            fail(page, f"{len(includes)} files included but {len(blocks)} code blocks shown")
        for inc in includes:
            with open(os.path.join(root, inc), encoding="utf-8") as f:
                probe = max((squeeze(l) for l in f if not MARKER.match(l)), key=len)
            if not any(probe in b for b in blocks):
                fail(page, f"no code block shows {inc} (looked for {probe[:50]!r})")
    # (2) Thai pages are in Thai, set in the Thai font the site ships.
    thai = sum(1 for c in r["text"] if "\u0e00" <= c <= "\u0e7f")
    if lang == "th":
        if thai < (300 if stage else 20):
            fail(page, f"only {thai} Thai characters on a Thai page")
        if "loaded" not in r["thaiFont"]:
            fail(page, f"the Thai web font did not load ({r['thaiFont'] or 'not declared'})")
    # (3) The language switch leads to this page in the other language.
    if len(r["switches"]) != 1:
        fail(page, f"{len(r['switches'])} language switches instead of 1")
    elif r["switches"][0] != base + other:
        fail(page, f"the language switch leads to {r['switches'][0]}, not {other}")
    elif (status := fetch(base + other)) != 200:
        fail(page, f"the language switch {other} answers {status}")
    elif (results.get(other) or {}).get("switches") != [base + page]:
        fail(page, f"the switch on {other} does not lead back here")
    # Offline: nothing is loaded from another host, and every diagram shows.
    for tag, url in r["loads"]:
        if not url.startswith(base):
            fail(page, f"<{tag}> loads {url} from the network")
    for src, shown in r["images"]:
        if not shown:
            fail(page, f"the image {src[len(base):]} does not display")

for lang, shot in shots.items():
    if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        fail(f"{lang}/stages/10-user-receive/", "no screenshot")

server.shutdown()
for f in failures:
    print("docs check: " + f, file=sys.stderr)
if failures:
    sys.exit(1)
print(f"==> docs: {len(pages)} pages checked in Chromium, {code_blocks} code blocks on the stage"
      f" pages, every language switch resolves, search works; screenshots in {out}", file=sys.stderr)
EOF
