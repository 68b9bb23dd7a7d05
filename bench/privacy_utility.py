"""Privacy-utility: held-out balanced accuracy and membership attacks (loss and offline LiRA) at each privacy level.

    OMP_NUM_THREADS=1 python bench/privacy_utility.py [--datasets pbmc tissue] [--seeds 0 1 2] [--lira 4] [--levels ...]

Half of each data set's samples (stratified, per seed) are the members the model may train on, the other half
the non-members: held out for scoring and as the attack's negatives. Levels: `none` (the hybrid model, no
protection), the DP presets `low` / `moderate` / `high` (`private_fit` at ε 8 / 4 / 1, δ = 1e-5), `dp<ε>`
(`private_fit` at that ε), `dpsgd<ε>` (DP-SGD on the whole hybrid network, weights only), `noise-<preset>` (input
noise on the training rows, `privatize`), `centroid<ε>` (`private_fit(method='centroid')` on all features),
`panel<ε>` (`private_fit(method='centroid', features=panel)` on the data set's declared public panel:
`bench/privacy_pbmc_markers.txt` for pbmc; skipped, with a line saying so, on a data set without one). LiRA trains
`--lira` reference models per level with that level's own recipe on random halves of members + non-members.
Prints one table per data set and seed, then the means.
"""
import argparse, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.simplefilter('ignore'); torch.set_num_threads(1)
sys.path.insert(0, str(Path(__file__).parent))
import datasets
from genohybrid.privacy import privacy_utility

HERE = Path(__file__).parent
PANELS = {'pbmc': HERE / 'privacy_pbmc_markers.txt'}   # declared public marker panels, read by name only

def read_panel(path):
    names = [l.split('#')[0].strip() for l in Path(path).read_text().splitlines()]
    return [n for n in names if n]

def parse(l, name):
    "A level's command-line name -> `privacy_utility` level (None: the data set has no public panel)."
    if l.startswith('panel'):
        return ('dp', float(l[5:]), dict(method='centroid', features=read_panel(PANELS[name]))) if name in PANELS else None
    if l.startswith('centroid'): return ('dp', float(l[8:]), dict(method='centroid'))
    if l.startswith('dpsgd'): return ('dp-sgd', float(l[5:]))
    if l.startswith('dp'): return ('dp', float(l[2:]))
    if l.startswith('noise-'): return ('noise', l[6:])
    return l

p = argparse.ArgumentParser()
p.add_argument('--datasets', nargs='+', default=['pbmc', 'tissue'])
p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
p.add_argument('--lira', type=int, default=4)
p.add_argument('--levels', nargs='+', default=['none', 'low', 'moderate', 'high'])
a = p.parse_args()
tabs = []
for name in a.datasets:
    levels = [parse(l, name) for l in a.levels]
    for l, lv in zip(a.levels, levels):
        if lv is None: print(f'{name}: no declared public panel, level {l} skipped')
    levels = [lv for lv in levels if lv is not None]
    adata = datasets.load(name)
    label = datasets.LABELS[name]
    for seed in a.seeds:
        t = time.time()
        tab = privacy_utility(adata, label, levels=levels, holdout_pct=0.5, lira=a.lira, seed=seed, device='cpu')
        tab.insert(0, 'seed', seed); tab.insert(0, 'data', name); tabs.append(tab)
        print(tab.drop(columns=['note']).round(3).to_string(), f'\n{name} seed {seed}: {time.time()-t:.0f} s', flush=True)
        for n in tab['note'].dropna():
            if n: print('  note:', n)
all_ = pd.concat(tabs)
cols = [c for c in ['epsilon', 'balanced_accuracy', 'membership_auc', 'tpr_at_1pct_fpr', 'tpr_at_01pct_fpr',
                    'lira_auc', 'lira_tpr_at_1pct_fpr', 'lira_tpr_at_01pct_fpr'] if c in all_]
g = all_.groupby(['data', 'level'], sort=False)
print('\nmean over seeds (runs that met their budget):')
print(g[cols].mean().round(3).to_string())
print('\nstandard deviation of balanced accuracy over seeds:')
print(g['balanced_accuracy'].std().round(3).to_string())
