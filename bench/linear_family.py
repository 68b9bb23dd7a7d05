"""Where the hybrid's gap to the linear SVM comes from (session 11, traced on NCI-60): the linear model family, and the
training samples each ensemble member gives up to its validation part.

The hybrid's decision rests on its linear path (bench/README, ablation), which starts from a class-balanced L2
logistic regression, and its default ensemble trains 5 members, each on 80 % of the training fold (the other 20 %
picks its epoch). This script measures the two linear models on the same outer folds as `accuracy.py` (5-fold
stratified CV, seeds 0 and 1, genohybrid's `Preprocessor` fitted on each training fold, Khan's NaN filled with
the training fold's gene means), at every C of a fixed grid (no inner CV: the curve shows the best any choice of C
could do):

- `full`: one model fitted on the whole training fold (what the peers do);
- `ens80`: 5 models, each fitted on 80 % of the training fold (all but one part of `ensemble_splits`, as the
  hybrid's members), their class probabilities (logistic) or decision values (SVM) averaged.

`--families` adds two multi-class decompositions (session 15, to tell the loss from the decomposition on NCI-60):
`ovr_logistic` (one-vs-rest logistic regressions, as the SVM is one-vs-rest) and `cs_svm` (Crammer-Singer's
multi-class hinge loss, one joint model as the multinomial logistic regression is).

Nothing here is used to choose a setting of the library.

    OMP_NUM_THREADS=1 python bench/linear_family.py --datasets nci60,golub,khan,tissue,breast_cancer --out bench/linear_family.csv
    OMP_NUM_THREADS=1 python bench/linear_family.py --datasets nci60,khan,tissue --families ovr_logistic,cs_svm --out bench/linear_family_multiclass.csv
    python bench/linear_family.py --table bench/linear_family.csv
"""
from __future__ import annotations
import argparse, sys, warnings
from pathlib import Path
import numpy as np, pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets
from genohybrid.benchmark import cv_folds, _fill_missing
from genohybrid.dataloaders import labels_of
from genohybrid.learner import ensemble_splits
from genohybrid.preprocess import Preprocessor

CS = tuple(10.0**np.arange(-5, 2))   # the union of the logistic-regression (1e-4..10) and SVM (1e-5..1) peers' grids

FAMILIES = ('logistic', 'svm', 'ovr_logistic', 'cs_svm')

def _model(family:str, C:float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.svm import LinearSVC
    if family == 'logistic': return LogisticRegression(C=C, class_weight='balanced', max_iter=5000)
    if family == 'ovr_logistic': return OneVsRestClassifier(LogisticRegression(C=C, class_weight='balanced', max_iter=5000))
    if family == 'cs_svm': return LinearSVC(C=C, class_weight='balanced', max_iter=20000, random_state=0, multi_class='crammer_singer')
    if family != 'svm': raise ValueError(f'family={family!r}: one of {FAMILIES}')
    return LinearSVC(C=C, class_weight='balanced', max_iter=20000, random_state=0)

def _scores(m, X): return m.predict_proba(X) if hasattr(m, 'predict_proba') else m.decision_function(X)

def _predict(S, classes):
    return classes[S.argmax(1)] if S.ndim > 1 else classes[(S > 0).astype(int)]

def run(name:str, seeds=(0, 1), folds:int=5, n_members:int=5, families=('logistic', 'svm'))->pd.DataFrame:
    "Per outer fold, balanced accuracy of each family x C x {full, ens80} on data set `name`."
    from sklearn.metrics import balanced_accuracy_score
    a, label = datasets.load(name), datasets.LABELS[name]
    y = labels_of(a, label)[1]
    rows = []
    for seed in seeds:
        for f, (tr, te) in enumerate(cv_folds(a, label, folds, None, seed)):   # accuracy.py's folds and filling
            b = _fill_missing(a, tr)
            p = Preprocessor().fit(b[tr]); Xtr, Xte = p.transform(b.X[tr]), p.transform(b.X[te])
            parts = [np.setdiff1d(np.arange(len(tr)), v) for v in ensemble_splits(b[tr], label, n_members, seed=seed)]
            for family in families:
                for C in CS:
                    with warnings.catch_warnings():
                        warnings.simplefilter('ignore')   # convergence at the grid's weak end; small classes in a part
                        full = _model(family, C).fit(Xtr, y[tr])
                        S = sum(_scores(_model(family, C).fit(Xtr[i], y[tr][i]), Xte) for i in parts)
                    for how, pred in (('full', full.predict(Xte)), ('ens80', _predict(S, full.classes_))):
                        rows.append(dict(dataset=name, seed=seed, fold=f, family=family, C=C, fit=how,
                                         balanced_accuracy=balanced_accuracy_score(y[te], pred)))
    return pd.DataFrame(rows)

def table(df:pd.DataFrame)->str:
    "Markdown: per data set and family, the best C's full and ens80 scores (mean over folds), and the whole C curve."
    m = df.groupby(['dataset', 'family', 'fit', 'C'])['balanced_accuracy'].mean().unstack('C')
    out = ['| data set | family | full: best C | full | ens80 (at that C) | ens80 − full |', '|---|---|---:|---:|---:|---:|']
    for (d, fam), g in m.groupby(level=[0, 1]):
        full, ens = g.xs('full', level='fit').iloc[0], g.xs('ens80', level='fit').iloc[0]
        c = full.idxmax()
        out.append(f'| {d} | {fam} | {c:g} | {full[c]:.3f} | {ens[c]:.3f} | {100*(ens[c]-full[c]):+.1f} |')
    out += ['', 'C curve, `full` (balanced accuracy by C):', '', '| data set | family | ' + ' | '.join(f'{c:g}' for c in m.columns) + ' |',
            '|---|---|' + '---:|' * len(m.columns)]
    for (d, fam, how), r in m.iterrows():
        if how == 'full': out.append(f'| {d} | {fam} | ' + ' | '.join(f'{v:.3f}' for v in r.values) + ' |')
    return '\n'.join(out)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--datasets', default='nci60', help='comma-separated names of bench/datasets.py')
    ap.add_argument('--seeds', default='0,1')
    ap.add_argument('--families', default='logistic,svm', help=f'comma-separated, of {",".join(FAMILIES)}')
    ap.add_argument('--out', help='CSV of per-fold scores')
    ap.add_argument('--table', help='print the markdown table of a CSV written by --out, and stop')
    a = ap.parse_args(argv)
    if a.table: print(table(pd.read_csv(a.table))); return
    seeds = [int(s) for s in a.seeds.split(',')]
    df = pd.concat([run(n, seeds, families=a.families.split(',')) for n in a.datasets.split(',')], ignore_index=True)
    if a.out: df.to_csv(a.out, index=False)
    print(table(df))

if __name__ == '__main__':
    main()
