"Privacy-utility on PBMC 68k reduced: python bench/privacy_utility.py SEEDS [levels...] (SEEDS comma-separated; levels none, low, moderate, high, dp<eps>, x<noise multiplier>[:<mask fraction>])"
import sys, time, warnings, numpy as np, pandas as pd, scanpy as sc, torch
warnings.simplefilter('ignore'); torch.set_num_threads(1)
from genohybrid.privacy import privacy_utility
seeds = [int(s) for s in sys.argv[1].split(',')] if len(sys.argv) > 1 else [0]
levels = sys.argv[2:] or ['none', 'low', 'moderate', 'high', 'dp8']
def parse(l):
    if l.startswith('dp'): return ('dp', float(l[2:]))
    if l.startswith('x'):   # x<multiplier>[:<mask fraction>]
        m, _, f = l[1:].partition(':')
        return dict(mechanism='gaussian', noise_multiplier=float(m), adaptivity=1., mask_fraction=float(f or 0.02))
    return l
levels = [parse(l) for l in levels]
pbmc = sc.datasets.pbmc68k_reduced()
tabs = []
for seed in seeds:
    t = time.time()
    tab = privacy_utility(pbmc, 'bulk_labels', levels=levels, seed=seed, device='cpu')
    tab['seed'] = seed; tabs.append(tab)
    print(tab.round(3).to_string(), f'\n{time.time()-t:.0f} s', flush=True)
all_ = pd.concat(tabs)
print(all_.groupby('level', sort=False)[['epsilon', 'balanced_accuracy', 'macro_f1', 'membership_auc', 'tpr_at_1pct_fpr', 'advantage']].mean().round(3).to_string())
