"""The label audit's logistic regression over a grid of C: what cleanlab's score on its out-of-fold probabilities
finds, and which C the out-of-fold log-loss would choose (issue 17, session 9; a study, not what the audit runs).

    python bench/audit_linear_c.py --datasets golub,khan,breast_cancer --out A.jsonl   # beside the next one
    python bench/audit_linear_c.py --datasets tissue,pbmc --out B.jsonl
    python bench/audit_linear_c.py --table A.jsonl B.jsonl

The audit's linear model as `training_dynamics` fits it (standardised features, the samples' span below half the
features, 5 cross-fitted folds and 3 fold assignments below 500 samples; the batched Newton solver), on the noisy
labels of `label_noise.py` (10 % and 20 %, uniform and class-conditional, seeds 0-2), for each C of the grid. Per
setting: AUROC of cleanlab's self-confidence for clean vs flipped, and the out-of-fold log-loss of the annotated
(noisy) labels. `--table`: mean AUROC per C, for the C the log-loss picks (the lowest), and which C it picked.
"""
import argparse, json, os, sys, warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)


def run(datasets, out):
    warnings.filterwarnings('ignore')
    sys.path.insert(0, os.path.join(ROOT, 'bench')); sys.path.insert(0, ROOT)
    import numpy as np, label_noise
    from cleanlab.rank import get_label_quality_scores
    from sklearn.metrics import roc_auc_score
    from genohybrid.preprocess import Preprocessor
    from genohybrid.annotatability import _newton_logistic, _linear_folds, cross_fit_folds, _span_features
    with open(out, 'w') as f:
        for name in datasets:
            a, lab = label_noise._load(name)
            Z = _span_features(Preprocessor().fit(a).transform(a.X))   # no label enters: the same for every setting
            for noise in label_noise.NOISE:
                for frac in (0.1, 0.2):
                    for seed in (0, 1, 2):
                        true, noisy, flipped = label_noise._noisy(a, lab, noise, frac, seed)
                        classes, y = np.unique(noisy, return_inverse=True)
                        lin = np.atleast_2d(_linear_folds(noisy, cross_fit_folds(noisy, 5, seed=seed), seed))
                        fits = [(g != k, g == k) for g in lin for k in np.unique(g)]
                        train = np.stack([t for t, _ in fits])
                        r = dict(data=name, noise=noise, frac=frac, seed=seed)
                        for C in CS:
                            P = np.zeros((len(y), len(classes)))
                            for q, (_, te) in zip(_newton_logistic(Z, y, train, len(classes), C=C), fits):
                                P[te] += q[te]
                            P /= len(lin)
                            r[f'auc_{C:g}'] = float(roc_auc_score(~flipped, get_label_quality_scores(y, P)))
                            r[f'logloss_{C:g}'] = float(-np.log(np.clip(P[np.arange(len(y)), y], 1e-12, 1)).mean())
                        print(json.dumps(r), file=f, flush=True)


def table(files):
    import pandas as pd
    d = pd.DataFrame([json.loads(l) for f in files for l in open(f)])
    cs = [c[4:] for c in d.columns if c.startswith('auc_')]
    d['picked'] = d.apply(lambda r: min(cs, key=lambda c: r['logloss_' + c]), axis=1)
    d['auc_picked'] = d.apply(lambda r: r['auc_' + r['picked']], axis=1)
    g = d.groupby(['data', 'noise', 'frac'])[['auc_' + c for c in cs] + ['auc_picked']].mean()
    print(g.round(3).rename(columns=lambda c: c[4:]).to_string())
    print('\nmean over all settings:', d[['auc_' + c for c in cs] + ['auc_picked']].mean().round(4).to_dict())
    print('C picked by the log-loss:', d.groupby('data')['picked'].value_counts().to_dict())


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--datasets', default='pbmc,golub,khan,tissue,breast_cancer')
    p.add_argument('--out', default='audit_linear_c.jsonl')
    p.add_argument('--table', nargs='+', help='summarise these result files instead of running')
    a = p.parse_args()
    if a.table: table(a.table)
    else: run(a.datasets.split(','), a.out)
