"""Run the notebooks whose results the docs site shows, store their outputs in them, and check that they are current.

    python .ci/execute_notebooks.py                 # run every notebook in SHOWN, write the outputs back, record them
    python .ci/execute_notebooks.py nbs/tutorials/x.ipynb ...   # only these (they must be in SHOWN)
    python .ci/execute_notebooks.py --check         # CI: fail when a stored output is missing or stale

Why stored outputs, and not a docs build that runs the notebooks. `nbdev-test` already runs every notebook once
in CI (about 9 of CI's 14 minutes on 2 cores); a docs build that ran the shown notebooks again would add their
whole run time to every CI run, inside a 20-minute budget. Stored outputs cost CI one hash per notebook, the
site shows exactly the figures a reader can reproduce, and a reviewer sees a changed figure in the diff
(fastai's way: nbdev-clean keeps outputs). The risk of stored outputs is that they go stale; the check below
is what stops that.

What is recorded. For each notebook in SHOWN, `.ci/outputs.json` holds three hashes, taken after nbdev-clean:
- `package`: the package source, every `genohybrid/**/*.py` except the generated `_modidx.py`;
- `code`: the notebook's code cells (their sources, in order), markdown excluded, so prose edits need no rerun;
- `outputs`: the outputs stored in the notebook.
`--check` recomputes them and fails, naming the notebook, what changed, and the command that regenerates it,
when the code or the package changed since the outputs were made, or the outputs were changed or cleared
by hand. It also fails when a figure is larger than MAX_PNG_BYTES, so the repository stays small.

How the notebooks run. The way `nbdev-test` runs them (execnb's CaptureShell, in the notebook's folder, with
IN_TEST=1), and the same cells: cells flagged with one of `tst_flags` (`#| slow`) and `#| eval: false`
cells are not run, and their outputs are cleared. Figures are PNG at FIG_DPI, shown inline even where a cell
switched matplotlib to Agg (the inline backend comes back before the next cell). Each notebook runs in a process
of its own (`--workers` at once, default 1); a notebook with an error is not written, and the error is shown.
Then nbdev-clean's cleaning is applied, so CI's export step sees nothing to clean.
"""

import argparse
import base64
import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# one torch/BLAS thread per notebook process, as `.ci/run` sets for the tests: with --workers 2 on two cores, two threads
# each thrash (a regeneration run by hand without it timed out three notebooks at 900 s a cell under load)
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / ".ci" / "outputs.json"
REGENERATE = "python .ci/execute_notebooks.py"
FIG_DPI = 80  # matplotlib's default figure (6.4 x 4.8 in) is then 512 x 384 pixels
MAX_PNG_BYTES = 200_000  # a four-panel figure at FIG_DPI is about 150 kB

# The notebooks whose outputs the site shows: every tutorial, the getting-started page, and the module notebooks
# whose outputs explain their API (each plot function with its picture). Paths relative to nbs/.
MODULES_SHOWN = ["34_interpret.plots.ipynb", "40_privacy.ipynb", "50_annotatability.ipynb", "60_popstruct.ipynb",
                 "72_sequence.motifs.ipynb", "73_sequence.interpret.ipynb", "80_benchmark.ipynb"]


def shown() -> list[str]:
    "Every notebook whose outputs are stored, relative to nbs/, in a fixed order."
    nbs = ROOT / "nbs"
    tut = sorted(p.relative_to(nbs).as_posix() for p in (nbs / "tutorials").glob("*.ipynb"))
    extra = [p for p in ["getting_started.ipynb"] if (nbs / p).exists()]
    return extra + [m for m in MODULES_SHOWN if (nbs / m).exists()] + tut


def package_hash() -> str:
    h = hashlib.sha256()
    for f in sorted((ROOT / "genohybrid").rglob("*.py")):
        if f.name == "_modidx.py" or "__pycache__" in f.parts:
            continue
        h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def code_hash(nb: dict) -> str:
    h = hashlib.sha256()
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            h.update(_src(c).encode() + b"\0")
    return h.hexdigest()[:16]


def outputs_hash(nb: dict) -> str:
    h = hashlib.sha256()
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            h.update(json.dumps(c.get("outputs", []), sort_keys=True).encode() + b"\0")
    return h.hexdigest()[:16]


def load_record() -> dict:
    return json.loads(RECORD.read_text()) if RECORD.exists() else {}


def png_sizes(nb: dict) -> list[int]:
    out = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            d = (o.get("data") or {}).get("image/png")
            if d:
                out.append(len(base64.b64decode("".join(d) if isinstance(d, list) else d)))
    return out


def count_outputs(nb: dict) -> tuple[int, int]:
    "How many code cells have an output, and how many figures there are."
    n_out = sum(1 for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs"))
    return n_out, len(png_sizes(nb))


def _run_one(rel: str) -> dict:
    """Run one notebook (in this worker process) and write it back with its outputs; return what happened."""
    import matplotlib

    matplotlib.use("Agg")
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.clean import clean_nb
    from nbdev.config import get_config
    from nbdev.process import NBProcessor
    from nbdev.test import _skip_cell

    cfg = get_config()
    path = ROOT / "nbs" / rel
    flags = cfg.tst_flags.split() if isinstance(cfg.tst_flags, str) else list(cfg.tst_flags or [])
    raw = json.loads(path.read_text(encoding="utf-8"))
    proc = NBProcessor(path, rm_directives=False, process=True).nb
    skip = _skip_cell(proc, flags, None)
    skipped = [bool(skip(c)) for c in proc.cells]
    from fastcore.nbio import dict2nb

    nb = dict2nb(raw)
    assert len(nb.cells) == len(skipped), "the processed notebook has a different number of cells"
    os.environ["IN_TEST"] = "1"
    t0 = time.time()
    shell = CaptureShell(path, mpl_format="png")
    inline = ("from matplotlib_inline.backend_inline import set_matplotlib_formats as _smf; _smf('png'); "
              f"import matplotlib as _mpl; _mpl.rcParams['figure.dpi'] = {FIG_DPI}")
    shell.run(inline)
    error = None
    with working_directory(path.parent):
        for cell, skip_it in zip(nb.cells, skipped):
            if cell.cell_type != "code":
                continue
            if skip_it:
                cell.outputs = []
                continue
            if "inline" not in matplotlib.get_backend():  # a cell chose Agg (matplotlib.use('Agg')): figures show again
                shell.enable_matplotlib("inline")
                shell.run(inline)
            shell.cell(cell, timeout=int(cfg.cell_timeout or 600))
            if shell.exc:
                error = shell.prettytb(fname=path) or repr(shell.exc)
                break
    seconds = time.time() - t0
    if error:
        return {"nb": rel, "error": error, "seconds": seconds}
    out = json.loads(json.dumps(nb))  # plain dicts
    for c in out["cells"]:
        if c["cell_type"] == "code":
            c.setdefault("outputs", [])
    clean_nb(out)
    text = json.dumps(out, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return {"nb": rel, "error": None, "seconds": seconds}


def _nbdev_clean(paths: list[Path]) -> None:
    "nbdev-clean on these notebooks, exactly as CI's export step runs it (it writes nbdev's own JSON layout)."
    for p in paths:
        subprocess.run(["nbdev-clean", "--fname", str(p)], check=True, cwd=ROOT)


def record(rels: list[str], seconds: dict) -> None:
    rec = load_record()
    pkg = package_hash()
    for rel in rels:
        nb = json.loads((ROOT / "nbs" / rel).read_text(encoding="utf-8"))
        n_out, n_fig = count_outputs(nb)
        rec[rel] = {"package": pkg, "code": code_hash(nb), "outputs": outputs_hash(nb),
                    "cells_with_output": n_out, "figures": n_fig, "seconds": round(seconds.get(rel, 0), 1)}
    rec = {k: rec[k] for k in sorted(rec) if (ROOT / "nbs" / k).exists()}
    RECORD.write_text(json.dumps(rec, indent=1) + "\n")


def check() -> int:
    rec, pkg, problems = load_record(), package_hash(), []
    for rel in shown():
        path = ROOT / "nbs" / rel
        nb = json.loads(path.read_text(encoding="utf-8"))
        r = rec.get(rel)
        why = None
        if r is None:
            why = "has no recorded outputs"
        elif r["code"] != code_hash(nb):
            why = "has code cells that changed since its outputs were made"
        elif r["outputs"] != outputs_hash(nb):
            why = "has outputs that are not the ones recorded (changed or cleared by hand)"
        elif r["package"] != pkg:
            why = "has outputs made with an older genohybrid/ (the package source changed since)"
        if why:
            problems.append(f"outputs: nbs/{rel} {why}; regenerate with: {REGENERATE} nbs/{rel}")
        big = [s for s in png_sizes(nb) if s > MAX_PNG_BYTES]
        if big:
            problems.append(f"outputs: nbs/{rel} holds {len(big)} figure(s) over {MAX_PNG_BYTES // 1000} kB "
                            f"(largest {max(big) // 1000} kB): use a smaller figsize")
    for p in problems:
        print(p)
    stale = [p for p in problems if "regenerate" in p]
    if len(stale) > 1:
        print(f"outputs: to regenerate all of them: {REGENERATE}   (the last full run took "
              f"{sum(r.get('seconds', 0) for r in rec.values()):.0f} s of notebook time)")
    print(f"outputs: {len(shown())} notebooks with stored outputs, {len(problems)} problem(s)")
    return 1 if problems else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("notebooks", nargs="*", help="notebooks to run (default: every one in SHOWN)")
    p.add_argument("--check", action="store_true", help="only check that the stored outputs are current")
    p.add_argument("--workers", type=int, default=1, help="notebooks run at once (default 1)")
    args = p.parse_args()
    os.chdir(ROOT)
    if args.check:
        return check()
    all_shown = shown()
    rels = []
    for n in args.notebooks or all_shown:
        rel = Path(n).resolve().relative_to(ROOT / "nbs").as_posix() if Path(n).exists() else n
        if rel not in all_shown:
            print(f"{n} is not a notebook whose outputs the site shows; those are: {', '.join(all_shown)}")
            return 2
        rels.append(rel)
    t0 = time.time()
    ok, seconds, failed = [], {}, []
    # a fresh process per notebook: the notebook's shell takes over the process's __main__ module
    with ProcessPoolExecutor(max_workers=args.workers, max_tasks_per_child=1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        for res in pool.map(_run_one, rels):
            seconds[res["nb"]] = res["seconds"]
            if res["error"]:
                failed.append(res["nb"])
                print(f"FAILED nbs/{res['nb']} after {res['seconds']:.0f} s, not written:\n{res['error']}")
            else:
                ok.append(res["nb"])
                print(f"ran nbs/{res['nb']} in {res['seconds']:.0f} s", flush=True)
    _nbdev_clean([ROOT / "nbs" / r for r in ok])
    record(ok, seconds)
    for r in ok:
        nb = json.loads((ROOT / "nbs" / r).read_text(encoding="utf-8"))
        n_out, n_fig = count_outputs(nb)
        sizes = png_sizes(nb)
        print(f"  nbs/{r}: {n_out} cells with output, {n_fig} figure(s), "
              f"{sum(sizes) // 1000} kB of PNG, notebook {(ROOT / 'nbs' / r).stat().st_size // 1000} kB")
    print(f"{len(ok)} notebook(s) run and recorded in {RECORD.relative_to(ROOT)}, {len(failed)} failed, "
          f"{time.time() - t0:.0f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
