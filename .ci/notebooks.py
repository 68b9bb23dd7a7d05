"""The notebooks `nbdev-test` runs, which of them have slow cells, and what a run of `nbdev-test` said about each.

    python .ci/notebooks.py list            # every notebook nbdev-test runs, one a line (relative to nbs/)
    python .ci/notebooks.py list --slow     # only those with a cell flagged with one of `tst_flags`
    python .ci/notebooks.py file-re NB...   # a --file-re for nbdev-test that picks exactly these notebooks
    python .ci/notebooks.py results LOG RC NB...
        # read the output of `nbdev-test --do-print` (LOG) and its exit status (RC): print `NB<TAB>status`
        # for each notebook, status being passed, failed or unfinished

nbdev-test prints the names of the notebooks that failed when it ends, and nothing per notebook that passed;
with `--do-print` it also prints `- Completed PATH` for each notebook it finished, and for each failure an error
header `SomeError in PATH:` before that. When the run ends on its own, its failed list decides; when it was
stopped (the CI time limit), a notebook that finished without an error header passed, one with a header failed,
and one that did not finish is unfinished, which does not count as a pass.
"""

import re
import sys
from pathlib import Path

from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import _keep_file, nb_test_cells


def notebooks() -> list[Path]:
    "The notebooks bare `nbdev-test` runs, in its order."
    return [f.absolute() for f in sorted(nbglob(None, as_path=True)) if _keep_file(f, ".notest")]


def rel(f: Path) -> str:
    return f.relative_to(get_config().nbs_path).as_posix()


def has_flagged_cells(f: Path) -> bool:
    "Whether `nbdev-test --flags <tst_flags>` runs a cell here that plain `nbdev-test` skips."
    flags = get_config().tst_flags
    flags = flags.split() if isinstance(flags, str) else list(flags or [])
    if not flags:
        return False
    return len(nb_test_cells(f, skip_flags=flags, force_flags=flags)) > len(nb_test_cells(f, skip_flags=flags))


def results(log: str, rc: int, names: list[str]) -> list[tuple[str, str]]:
    "What the run said about each notebook."
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    completed = {Path(m.strip()).name for m in re.findall(r"^- Completed (.+)$", text, re.M)}
    tracebacks = {Path(m.strip()).name for m in re.findall(r"^\w+ in (/.+\.ipynb):$", text, re.M)}  # nbdev's error header
    failed = set()
    m = re.search(r"nbdev Tests Failed On The Following Notebooks:\n=+\n((?:\t.*\n?)*)", text)
    if m:
        failed = {line.strip() for line in m.group(1).splitlines() if line.strip()}
    out = []
    for n in names:
        base = Path(n).name
        if base in failed:
            out.append((n, "failed"))
        elif rc == 0 or m:  # the run ended on its own and listed its failures
            out.append((n, "passed"))
        elif base in tracebacks:  # the run was stopped, after this notebook printed its error
            out.append((n, "failed"))
        elif base in completed:  # the run was stopped, after this notebook finished without an error
            out.append((n, "passed"))
        else:
            out.append((n, "unfinished"))
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "list":
        nbs = notebooks()
        if "--slow" in args:
            nbs = [f for f in nbs if has_flagged_cells(f)]
        print("\n".join(rel(f) for f in nbs))
    elif cmd == "file-re":
        print("^(" + "|".join(re.escape(Path(n).name) for n in args) + ")$")
    elif cmd == "results":
        for n, status in results(args[0], int(args[1]), args[2:]):
            print(f"{n}\t{status}")
    else:
        print(f"unknown command {cmd!r}\n{__doc__}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
