"""Which linear start the hybrid's inner CV chooses in each outer training fold of `accuracy.py`, and how many
features an L1 start keeps: the record `fit_hybrid` stores in `info['recipe']`, made again without training.

    python bench/linear_start_choices.py --datasets golub,khan,breast_cancer,bladder,tissue,pbmc --seeds 0,1 --out FILE.csv
    python bench/linear_start_choices.py --filter-only ...   # only the scaling and the filter's size (no L1 path)

Same folds, missing-value filling and seeds as `accuracy.py` (`cross_validate`); `n_features` is the L1 model's
feature count refitted on the whole training fold (each ensemble member refits it on its own four fifths).
"""
import argparse, sys, warnings
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
import datasets
from genohybrid.benchmark import cv_folds, _fill_missing
from genohybrid.learner import choose_scaling, l1_path, fit_logistic
from genohybrid.dataloaders import labels_of

def choices(name, seed, folds=5, sparse=True):
    ad = datasets.load(name); label = datasets.LABELS[name]
    rows = []
    for f, (train, test) in enumerate(cv_folds(ad, label, folds, None, seed)):
        a = _fill_missing(ad, train)[np.asarray(train)].copy()
        prep, rec = choose_scaling(a, label, seed=seed, wide=True, sparse=sparse)   # as fit_hybrid's default
        wide = rec.get('inner_balanced_accuracy_wide') or {}
        r = dict(dataset=name, seed=seed, fold=f, scaling=rec['scaling'], n_top_features=rec.get('n_top_features') or 'all',
                 wide_n_top_features=rec.get('wide_n_top_features', 'not tried') or 'all',
                 inner_filtered=max(rec['inner_balanced_accuracy'].values()), inner_wide=max(wide.values(), default=np.nan),
                 standard_error=rec['standard_error'], penalty=rec.get('penalty'), C=rec.get('C'),
                 l1_step=rec.get('l1_step'), inner_l2=max(rec.get('inner_balanced_accuracy_l2') or [np.nan]),
                 inner_l1=max([s for s in rec.get('inner_balanced_accuracy_l1') or [] if s is not None] or [np.nan]),
                 n_features_in=a.n_vars)
        if r['penalty'] == 'l1':
            prep.fit(a); X, y = prep.transform(a.X), labels_of(a, label)[1]
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                lr = fit_logistic(X, y, float(l1_path(X, y)[r['l1_step']]), 'l1')
            r['n_features'] = int((np.abs(lr.coef_).max(0) > 0).sum())
        rows.append(r); print(r, flush=True)
    return rows

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--datasets', default='golub,khan,breast_cancer,bladder,tissue,pbmc')
    p.add_argument('--seeds', default='0,1')
    p.add_argument('--out', default=None)
    p.add_argument('--filter-only', action='store_true', help='choose the scaling and the filter size only, not the L1 path')
    a = p.parse_args()
    df = pd.DataFrame([r for d in a.datasets.split(',') for s in map(int, a.seeds.split(','))
                       for r in choices(d, s, sparse=not a.filter_only)])
    if 'n_features' not in df: df['n_features'] = np.nan   # no fold chose L1
    if a.out: df.to_csv(a.out, index=False)
    print(df.groupby('dataset').agg(wide_folds=('n_top_features', lambda s: int((s.astype(str) != '2000').sum())),
                                    l1_folds=('penalty', lambda s: int((s == 'l1').sum())), folds=('penalty', 'size'),
                                    n_features_median=('n_features', 'median'), n_features_in=('n_features_in', 'first')).to_string())
