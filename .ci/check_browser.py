"""Open every page of the built docs site in headless Chromium and check what a reader sees.

    python .ci/check_browser.py [--site _proc/_docs] [--shots DIR] [--browser chromium]

Run from the repository root after the docs build (`.ci/proc_nbs.py`, then `smalldocs render _proc`). The site is
served over HTTP on 127.0.0.1 (as a reader's browser gets it: file:// pages may not fetch search.json), and each
page is loaded in one headless Chromium, driven through the DevTools protocol over a pipe
(`--remote-debugging-pipe`: no websocket library, no browser download; Debian's `chromium` package is enough).
It fails (exit 1) when a page:

- throws a JavaScript error (an uncaught exception, or `console.error`), or the browser logs an error such as a
  script, style sheet or image of the site that failed to load; or a request inside the site gets a 4xx/5xx
  answer (requests to other sites, the theme's web font, are not errors: CI is offline);
- has no rendered content (`#quarto-document-content` missing or empty), or an image that did not decode;
- is a tutorial page (`tutorials/...`) and shows no figure (an image that decoded, inside a cell's output), or
  fewer than MIN_OUTPUTS output blocks: the reader would see code without results.

Each page's screenshot (the top of the page, up to SHOT_MAX_HEIGHT pixels, JPEG) goes to --shots, with
`report.json` holding, per page, the outputs, figures and errors counted.
"""

import argparse
import base64
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MIN_FIGURES, MIN_OUTPUTS = 1, 3
WIDTH, HEIGHT, SHOT_MAX_HEIGHT = 1280, 900, 6000
LOAD_TIMEOUT_S = 30

# What the page holds once its scripts ran; evaluated in the page.
PROBE = r"""(() => {
  const main = document.querySelector('#quarto-document-content, main');
  const outs = [...document.querySelectorAll('.cell-output')];
  const imgs = [...document.querySelectorAll('img')];
  const figs = imgs.filter(i => i.closest('.cell-output') && i.complete && i.naturalWidth > 0);
  const broken = imgs.filter(i => i.complete && i.naturalWidth === 0).map(i => (i.getAttribute('src') || '').slice(0, 80));
  return JSON.stringify({
    title: document.title,
    content_chars: main ? main.innerText.trim().length : 0,
    outputs: outs.length,
    figures: figs.length,
    broken_images: broken,
    sidebar_links: document.querySelectorAll('#quarto-sidebar a, nav a').length,
    height: Math.max(document.body.scrollHeight, document.documentElement.scrollHeight),
  });
})()"""


class Browser:
    "Headless Chromium driven over --remote-debugging-pipe (fd 3: commands in, fd 4: replies out, NUL-separated JSON)."

    def __init__(self, exe: str):
        self.profile = tempfile.mkdtemp(prefix="genohybrid-chromium.")
        to_child_r, self._to_child_w = os.pipe()
        self._from_child_r, from_child_w = os.pipe()

        def fds():  # in the child: the pipe ends on fds 3 and 4, where Chromium looks for them
            a, b = os.dup(to_child_r), os.dup(from_child_w)  # above 4 first, so dup2 cannot clobber them
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [exe, "--headless", "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--no-first-run",
                "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions",
                "--hide-scrollbars", "--mute-audio", f"--window-size={WIDTH},{HEIGHT}", "about:blank"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.proc = subprocess.Popen(args, preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_child_r)
        os.close(from_child_w)
        self._id, self._replies, self.events = 0, {}, []
        self._cv = threading.Condition()
        self._stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self._stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self):
        buf = b""
        while True:
            chunk = os.read(self._from_child_r, 1 << 20)
            if not chunk:
                with self._cv:
                    self._cv.notify_all()
                return
            buf += chunk
            *msgs, buf = buf.split(b"\0")
            with self._cv:
                for m in msgs:
                    d = json.loads(m)
                    if "id" in d:
                        self._replies[d["id"]] = d
                    else:
                        self.events.append(d)
                self._cv.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._id += 1
        i = self._id
        msg = {"id": i, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child_w, json.dumps(msg).encode() + b"\0")
        end = time.time() + timeout
        with self._cv:
            while i not in self._replies:
                if self.proc.poll() is not None:
                    raise RuntimeError("Chromium exited: " + b"".join(self._stderr[-20:]).decode(errors="replace"))
                if not self._cv.wait(timeout=max(0.0, end - time.time())) and time.time() >= end:
                    raise TimeoutError(f"{method}: no reply in {timeout}s")
            r = self._replies.pop(i)
        if "error" in r:
            raise RuntimeError(f"{method}: {r['error']}")
        return r.get("result", {})

    def wait_event(self, method: str, session: str, since: int, timeout: float) -> bool:
        end = time.time() + timeout
        with self._cv:
            while True:
                if any(e.get("method") == method and e.get("sessionId") == session for e in self.events[since:]):
                    return True
                left = end - time.time()
                if left <= 0 or self.proc.poll() is not None:
                    return False
                self._cv.wait(timeout=left)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def errors_in(events: list, session: str, base: str) -> list[str]:
    "What went wrong on the page, from the DevTools events of its load."
    out, urls = [], {}
    for e in events:
        if e.get("sessionId") != session:
            continue
        m, p = e.get("method"), e.get("params", {})
        if str(p.get("entry", p.get("response", {})).get("url", "")) == base + "favicon.ico":
            continue  # the browser asks for it unprompted; the site declares none
        if m == "Network.requestWillBeSent":
            urls[p.get("requestId")] = p.get("request", {}).get("url", "")
        if m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            desc = (d.get("exception") or {}).get("description") or d.get("text", "")
            out.append(f"JavaScript error: {desc.splitlines()[0] if desc else d} "
                       f"({d.get('url', '')}:{d.get('lineNumber', '?')})")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            out.append(f"console.{p['type']}: {args[:300]}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            en = p["entry"]
            if en.get("source") == "network" and not en.get("url", base).startswith(base):
                continue  # another site (a web font): CI is offline, a reader's browser fetches it
            out.append(f"browser error ({en.get('source')}): {en.get('text', '')[:300]} {en.get('url', '')}")
        elif m == "Network.responseReceived":
            r = p.get("response", {})
            if r.get("status", 200) >= 400 and r.get("url", "").startswith(base):
                out.append(f"HTTP {r['status']} for {r['url'][len(base):]}")
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            url = urls.get(p.get("requestId"), "")
            if url.startswith(base) or not url.startswith("http"):
                out.append(f"failed to load {url[len(base):] if url.startswith(base) else url[:80]}: {p.get('errorText')}")
    return list(dict.fromkeys(out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", default="_proc/_docs", help="the built site (default _proc/_docs)")
    ap.add_argument("--shots", default="_proc/screenshots", help="folder for the screenshots and report.json")
    ap.add_argument("--browser", default=os.environ.get("CHROMIUM", "chromium"), help="the Chromium executable")
    args = ap.parse_args()
    site, shots = Path(args.site).resolve(), Path(args.shots).resolve()
    exe = shutil.which(args.browser)
    if not exe:
        print(f"browser: no {args.browser!r} on PATH (Debian: apt-get install -y chromium)")
        return 1
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "site_libs" not in p.parts)
    if not pages:
        print(f"browser: no pages in {site}; build the site first")
        return 1
    shots.mkdir(parents=True, exist_ok=True)
    httpd, base = serve(site)
    t0 = time.time()
    b = Browser(exe)
    version = b.send("Browser.getVersion").get("product", "?")
    target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    s = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for dom in ("Page", "Runtime", "Log", "Network"):
        b.send(f"{dom}.enable", session=s)
    b.send("Emulation.setDeviceMetricsOverride",
           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False}, session=s)
    problems, report = [], {}
    try:
        for page in pages:
            since = len(b.events)
            b.send("Page.navigate", {"url": base + page}, session=s)
            loaded = b.wait_event("Page.loadEventFired", s, since, LOAD_TIMEOUT_S)
            time.sleep(0.3)  # deferred scripts and their timers
            info = json.loads(b.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True},
                                     session=s)["result"]["value"])
            errs = errors_in(b.events[since:], s, base)
            if not loaded:
                errs.append(f"the page did not finish loading in {LOAD_TIMEOUT_S}s")
            if info["content_chars"] == 0:
                errs.append("the page shows no content")
            if info["broken_images"]:
                errs.append(f"{len(info['broken_images'])} image(s) did not decode: {info['broken_images'][:3]}")
            if page.startswith("tutorials/"):
                if info["figures"] < MIN_FIGURES:
                    errs.append(f"a tutorial page with {info['figures']} figures (needs {MIN_FIGURES}): are its "
                                "outputs stored? (python .ci/execute_notebooks.py)")
                if info["outputs"] < MIN_OUTPUTS:
                    errs.append(f"a tutorial page with {info['outputs']} output blocks (needs {MIN_OUTPUTS})")
            h = min(int(info["height"]), SHOT_MAX_HEIGHT)
            shot = b.send("Page.captureScreenshot", {"format": "jpeg", "quality": 70, "captureBeyondViewport": True,
                                                     "clip": {"x": 0, "y": 0, "width": WIDTH, "height": h,
                                                              "scale": 1}}, session=s, timeout=60)
            name = page.removesuffix(".html").replace("/", "__") + ".jpg"
            (shots / name).write_bytes(base64.b64decode(shot["data"]))
            info["errors"], info["screenshot"] = errs, name
            report[page] = info
            problems += [f"{page}: {e}" for e in errs]
            print(f"browser: {page}: {info['outputs']} outputs, {info['figures']} figures"
                  f"{'' if not errs else ', ' + str(len(errs)) + ' problem(s)'}", flush=True)
    finally:
        b.close()
        httpd.shutdown()
    (shots / "report.json").write_text(json.dumps({"browser": version, "pages": report}, indent=1) + "\n")
    for p in problems:
        print(f"browser: {p}")
    n_tut = sum(1 for p in pages if p.startswith("tutorials/"))
    print(f"browser: {len(pages)} pages opened in {version} ({n_tut} tutorials), {time.time() - t0:.0f}s, "
          f"screenshots in {shots}, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
