"""Check the docs site that smalldocs built from nbdev's processed notebooks: every page there, every link whole.

    python .ci/check_site.py [--proc _proc] [--warnings FILE]

Run from the repository root after `nbdev-proc-nbs` (which writes `_proc/`) and `smalldocs render _proc`
(which writes `_proc/<output-dir>/`, `_docs` by default). It fails (exit 1) on:

- a page source (a notebook, .qmd or .md in `_proc/`) with no HTML page, or an empty one;
- an entry of the sidebar that names no page;
- a link or an asset (`href`, `src`) inside the site that points at nothing, or at an `#id` that is not on
  the target page; links written as full URLs of the published site (`site-url`, as nbdev writes links to
  documented names) are checked against the local pages too, through each notebook's `output-file`;
- a link to a source file in the repository (`repo-url`/blob/BRANCH/...) whose file or line does not exist;
- a warning of smalldocs (given with `--warnings`) that says a link is broken.

Other links (other sites) are counted, not fetched: CI is offline.
"""

import argparse
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import yaml

PAGE_EXTS = (".ipynb", ".qmd", ".md")


class Links(HTMLParser):
    "Collect the ids of a page and the links (`href`, `src`) it holds."

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for k in ("href", "src"):
            v = a.get(k)
            if v is not None and not (tag == "link" and a.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append((tag, k, v.strip()))


def load_config(proc: Path) -> dict:
    "The merged `_quarto.yml` and its metadata files, as Quarto and smalldocs merge them (enough for our keys)."
    cfg = yaml.safe_load((proc / "_quarto.yml").read_text()) or {}
    merged: dict = {}
    for extra in cfg.get("metadata-files") or []:
        f = proc / extra
        if f.exists():
            merged = deep_merge(merged, yaml.safe_load(f.read_text()) or {})
    return deep_merge(merged, cfg)


def deep_merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def page_sources(proc: Path, out: Path) -> list[PurePosixPath]:
    "The pages smalldocs renders: every .ipynb/.qmd/.md not under a `_` or `.` folder, and not a README."
    found = []
    for f in sorted(proc.rglob("*")):
        r = f.relative_to(proc)
        if f.suffix not in PAGE_EXTS or any(p.startswith((".", "_")) for p in r.parts) or out in f.parents:
            continue
        if f.stem.lower() == "readme":
            continue
        found.append(PurePosixPath(r.as_posix()))
    return found


def output_file(proc: Path, src: PurePosixPath) -> str | None:
    "The `output-file` nbdev put in a processed notebook's front matter (the page's name on the Quarto site)."
    if src.suffix != ".ipynb":
        return None
    nb = json.loads((proc / src).read_text(encoding="utf-8"))
    for cell in nb.get("cells", [])[:2]:
        text = "".join(cell.get("source", ""))
        m = re.search(r"^output-file:\s*(\S+)", text, re.M)
        if m:
            return str(src.parent / m.group(1)) if str(src.parent) != "." else m.group(1)
    return None


def sidebar_files(contents) -> list[str]:
    "The page paths named in a sidebar's `contents`, at any depth."
    out = []
    for c in contents if isinstance(contents, list) else [contents]:
        if isinstance(c, str):
            if c != "auto" and not any(ch in c for ch in "*?[") and not c.strip().startswith("---"):
                out.append(c)
        elif isinstance(c, dict):
            for k in ("href", "file"):
                if isinstance(c.get(k), str) and not re.match(r"^[a-z]+:", c[k]):
                    out.append(c[k])
            if "contents" in c:
                out += sidebar_files(c["contents"])
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--proc", default="_proc", help="the folder nbdev-proc-nbs wrote (default _proc)")
    p.add_argument("--warnings", help="a file holding what `smalldocs render` printed")
    p.add_argument("--repo", default=".", help="the repository root, for links to source files")
    args = p.parse_args()
    proc, repo = Path(args.proc).resolve(), Path(args.repo).resolve()
    cfg = load_config(proc)
    site = (proc / str((cfg.get("project") or {}).get("output-dir") or "_site")).resolve()
    web = cfg.get("website") or {}
    site_url = str(web.get("site-url") or "").rstrip("/") + "/"
    repo_url = str(web.get("repo-url") or "").rstrip("/")
    branch = str(web.get("repo-branch") or "main")
    problems: list[str] = []

    # 1. every page source has a page
    sources = page_sources(proc, site)
    quarto_names = {}  # the name a page has on the Quarto site -> its page here
    for src in sources:
        html = site / src.with_suffix(".html")
        if not html.is_file():
            problems.append(f"{src}: no page was built ({html.relative_to(proc)} is missing)")
        elif "quarto-document-content" not in html.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"{src}: {html.relative_to(proc)} has no page content")
        q = output_file(proc, src)
        quarto_names[q or str(src.with_suffix(".html"))] = str(src.with_suffix(".html"))
        quarto_names.setdefault(str(src.with_suffix(".html")), str(src.with_suffix(".html")))
    if not (site / "index.html").is_file():
        problems.append("the site has no index.html (nbs/index.ipynb is the home page)")

    # 2. every sidebar entry names a page
    bars = web.get("sidebar") or []
    for sb in bars if isinstance(bars, list) else [bars]:
        for f in sidebar_files((sb or {}).get("contents") or []):
            if not (proc / f.lstrip("/")).is_file():
                problems.append(f"sidebar: {f} is listed but there is no such page (is sidebar.yml stale?)")

    # 3. links and assets inside the site
    pages = {}
    for html in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(html.read_text(encoding="utf-8", errors="replace"))
        pages[html.resolve()] = parser
    n_local = n_external = 0
    for html, parser in pages.items():
        where = html.relative_to(site)
        for tag, attr, link in parser.links:
            if not link or link.startswith(("data:", "mailto:", "javascript:", "tel:")):
                continue
            u = urlsplit(link)
            if u.scheme in ("http", "https"):
                if site_url != "/" and link.startswith(site_url):
                    path = unquote(u.path[len(urlsplit(site_url).path):]) or "index.html"
                    local = quarto_names.get(path) or quarto_names.get(path + ".html")
                    if local is None:
                        problems.append(f"{where}: {link} names a page the site does not have")
                        continue
                    target = (site / local).resolve()
                elif repo_url and link.startswith(f"{repo_url}/blob/{branch}/"):
                    rel = unquote(u.path[len(urlsplit(f'{repo_url}/blob/{branch}/').path):])
                    f = repo / rel
                    m = re.fullmatch(r"L(\d+)", u.fragment or "")
                    if not f.is_file():
                        problems.append(f"{where}: {link} points at {rel}, which is not in the repository")
                    elif m and int(m.group(1)) > len(f.read_text(encoding="utf-8", errors="replace").splitlines()):
                        problems.append(f"{where}: {link} points past the end of {rel}")
                    n_local += 1
                    continue
                else:
                    n_external += 1
                    continue
            elif u.scheme or u.netloc:
                n_external += 1
                continue
            else:
                path = unquote(u.path)
                if path.startswith("/"):
                    problems.append(f"{where}: {link} is absolute; the site is not served from the root")
                    continue
                target = (html.parent / path).resolve() if path else html
                if path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            n_local += 1
            if site not in target.parents and target != site:
                problems.append(f"{where}: {link} leaves the site")
            elif not target.exists():
                problems.append(f"{where}: {tag} {attr}={link!r}: {target.relative_to(site)} does not exist")
            elif u.fragment and target.suffix == ".html":
                ids = pages.get(target).ids if target in pages else set()
                if unquote(u.fragment) not in ids:
                    problems.append(f"{where}: {link}: there is no #{u.fragment} on {target.relative_to(site)}")

    # 4. what smalldocs itself says is broken
    if args.warnings and Path(args.warnings).exists():
        for line in Path(args.warnings).read_text().splitlines():
            if "broken link" in line:
                problems.append(f"smalldocs: {line.removeprefix('warning: ')}")

    for prob in problems:
        print(f"docs: {prob}")
    print(f"docs: {len(sources)} pages, {n_local} links in the site checked ({n_external} to other sites not fetched), "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
