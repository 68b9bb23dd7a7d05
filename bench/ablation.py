"""Ablation of the hybrid's parts on the offline data sets: the full hybrid against itself without TabNet, without AFR,
without the CNN and without the linear path (`genohybrid.benchmark.ablation`), 5-fold stratified CV, one model per
fold (`n_models=1`, so each variant is one network and the comparison is of parts, not of ensembling).

    OMP_NUM_THREADS=1 python bench/ablation.py --seeds 0 --out bench/ablation.csv        # all six sets, seed 0
    python bench/ablation.py --table bench/ablation.csv                                  # the markdown table
    OMP_NUM_THREADS=1 python bench/ablation.py --parts '' --seeds 0,1 --out full.csv     # the full single network only
"""
import argparse, sys, warnings
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
import datasets

PARTS = ('tabnet', 'afr', 'cnn', 'wide')

def run(names, seeds, out, parts=PARTS):
    import torch
    from genohybrid.benchmark import ablation
    torch.set_num_threads(1); warnings.filterwarnings('ignore')
    rows = []
    for seed in seeds:
        for n in names:
            r = ablation(datasets.load(n), datasets.LABELS[n], parts=parts, folds=5, seed=seed, verbose=False, n_models=1)
            r['dataset'], r['seed'] = n, seed
            rows.append(r); pd.concat(rows).to_csv(out, index=False)
            print(n, seed, r.groupby('model', sort=False).balanced_accuracy.mean().round(3).to_dict(), flush=True)

def table(paths, metric='balanced_accuracy'):
    "Mean per variant, and each variant's change against the full hybrid with the folds it loses / wins."
    d = pd.concat([pd.read_csv(p) for p in paths])
    if 'seed' not in d: d['seed'] = 0
    variants = list(dict.fromkeys(d.model))
    lines = [f'{metric}, mean over 5 folds × seeds {",".join(map(str, sorted(d.seed.unique())))} '
             '(in brackets: change against the full hybrid in points; folds worse / better)', '',
             '| dataset | ' + ' | '.join(variants) + ' |', '|---|' + '---|' * len(variants)]
    for name, g in d.groupby('dataset', sort=False):
        full = g[g.model == 'hybrid'].set_index(['seed', 'fold'])[metric]
        cells = []
        for v in variants:
            s = g[g.model == v].set_index(['seed', 'fold'])[metric]
            if v == 'hybrid': cells.append(f'{s.mean():.3f}'); continue
            diff = (s - full.reindex(s.index)).to_numpy()
            cells.append(f'{s.mean():.3f} ({100 * diff.mean():+.1f}; {(diff < -1e-9).sum()} / {(diff > 1e-9).sum()})')
        label = name + (' (held out)' if name in datasets.HELD_OUT else '')
        lines.append(f'| {label} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--datasets', default=','.join(datasets.ALL_NAMES))
    p.add_argument('--seeds', default='0')
    p.add_argument('--out', default='bench/results/ablation.csv')
    p.add_argument('--parts', default=','.join(PARTS), help="parts to remove one at a time ('' : the full hybrid only)")
    p.add_argument('--table', default=None, help='comma-separated CSVs from --out: print the markdown table')
    a = p.parse_args()
    if a.table: print(table(a.table.split(',')))
    else:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        run(a.datasets.split(','), [int(s) for s in a.seeds.split(',')], a.out, tuple(part for part in a.parts.split(',') if part))
