"""`nbdev-proc-nbs` without its attempt to install Quarto, and with a short message when a notebook fails.

nbdev-proc-nbs (nbdev.quarto._pre_docs) refreshes nbs/nbdev.yml from pyproject.toml, builds the module index,
writes nbs/sidebar.yml from the notebooks (custom_sidebar is false), and processes the notebooks into _proc/
for rendering. Before that it installs Quarto when it is missing (curl, then sudo dpkg), which CI must not do:
CI renders _proc/ with smalldocs instead. This runs the same function with that one call replaced.

Processing a notebook runs some of its cells, so that `show_doc` can document what they define: the exported
cells and every cell with an import in it (nbdev warns "Found cells containing imports and other code" for
the second kind). A notebook whose doc processing fails is a broken page; the usual cause is a cell that mixes
an import with code that needs earlier, non-exported cells: put the import in a cell of its own.

    python .ci/proc_nbs.py      # from the repository root; takes nbdev-proc-nbs's options
"""

import sys

import nbdev.quarto as q

if __name__ == "__main__":  # the processing runs in worker processes that import this file again
    q._ensure_quarto = lambda: None
    try:
        q.nbdev_proc_nbs()
    except Exception as e:
        cause = e.__cause__ or e.__context__
        msg = str(e).strip().split("\n")[0]
        print(f"\ndocs: nbdev's processing failed: {msg}", file=sys.stderr)
        if cause is not None:  # from a worker process, the cause is the worker's traceback as text
            lines = [l for l in str(cause).strip().splitlines() if l.strip() and l.strip() != '"""']
            print(f"docs:   because {lines[-1].strip() if lines else type(cause).__name__}", file=sys.stderr)
        print("docs:   doc processing runs each cell that has an import in it; keep imports in cells of their own "
              "(nbdev FAQ), so such a cell does not need names from cells that are not run", file=sys.stderr)
        sys.exit(1)
