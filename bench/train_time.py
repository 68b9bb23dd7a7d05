"""Wall time of a default `genohybrid train` on a synthetic 200 × 20,000 log-expression matrix (4 classes carried by
200 genes), for this source tree and, with `--baseline`, for another one (e.g. a checkout of an older commit) in the
same run, alternating, so the ratio is measured under the same load.

    OMP_NUM_THREADS=1 python bench/train_time.py                                  # this tree, 1 run
    git worktree add /tmp/old <commit>
    OMP_NUM_THREADS=1 python bench/train_time.py --baseline /tmp/old --repeats 2  # this tree vs /tmp/old, ratio
"""
import argparse, os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd, anndata as ad

def make_data(path:Path, n:int=200, p:int=20_000, seed:int=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, n)
    X = rng.gamma(2., 1., (n, p)).astype(np.float32)
    X[:, :200] += (y[:, None] == (np.arange(200) % 4)) * 1.5
    ad.AnnData(np.log1p(X), obs=pd.DataFrame({'y': [f'c{v}' for v in y]}, index=[f's{i}' for i in range(n)]),
               var=pd.DataFrame(index=[f'g{j}' for j in range(p)])).write_h5ad(path)

def train_seconds(tree:Path, data:Path, out:Path)->float:
    env = dict(os.environ, PYTHONPATH=str(tree))
    t = time.perf_counter()
    # run outside any source tree: `python -m` puts the working directory first on sys.path, so started from a
    # checkout's root it would import that checkout's genohybrid, whatever PYTHONPATH says
    subprocess.run([sys.executable, '-m', 'genohybrid', 'train', str(data), '--label', 'y', '--out', str(out), '--quiet'],
                   env=env, check=True, stdout=subprocess.DEVNULL, cwd=out.parent)
    return time.perf_counter() - t

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--baseline', default=None, help='another source tree to time in the same run')
    p.add_argument('--repeats', type=int, default=1)
    a = p.parse_args()
    here = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); data = d/'syn200.h5ad'; make_data(data)
        trees = {'this tree': here} | ({'baseline': Path(a.baseline).resolve()} if a.baseline else {})
        times = {k: [] for k in trees}
        for r in range(a.repeats):
            for k, tree in trees.items():
                times[k].append(train_seconds(tree, data, d/f'model_{r}_{k.replace(" ", "_")}'))
                print(f'{k}: {times[k][-1]:.1f} s', flush=True)
        for k, v in times.items(): print(f'{k}: median {np.median(v):.1f} s over {len(v)}')
        if a.baseline: print(f'ratio this tree / baseline: {np.median(times["this tree"]) / np.median(times["baseline"]):.2f}')
