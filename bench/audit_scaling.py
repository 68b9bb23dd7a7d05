"""Does the scaling of the features move a label audit? cleanlab's protocol of `label_noise.py` (5-fold out-of-fold
probabilities of a logistic regression, scikit-learn defaults, `get_label_quality_scores`), the same flips, on the
features as `label_noise.py` gives them (`raw`), centred per gene (`center`), or standardised per gene as genohybrid's
audit sees them (`standardized`; `genohybrid.preprocess.Preprocessor` with its defaults, fitted on all samples, as
the audit fits it), and standardised on every feature (`standardized, all`: `Preprocessor(n_top_features=None)`;
the others keep the Preprocessor's default 2,000 most variable features, as the audit does). Session 11, after the
held-out `hsmm` run (the `all` column session 12, after the held-out `hgdp` run); nothing here sets a default.

`--audit`: genohybrid's own audit (`training_dynamics`, its defaults) on standardised features (the library's) and on
another variant (`--variant center`: every `Preprocessor` the audit makes built with `standardize='center'`;
`--variant all`: with `n_top_features=None`, every feature standardised): mean AUROC per setting.
`--ambiguity`: the planted-ambiguity test of nbs/50_annotatability.ipynb (35 PBMC cells made half-half mixtures with
another type, 35 other labels flipped, seed 0): the share of each kind in each category, for both scalings.

    OMP_NUM_THREADS=1 python bench/audit_scaling.py --datasets hsmm
    OMP_NUM_THREADS=1 python bench/audit_scaling.py --audit --datasets pbmc golub khan tissue breast_cancer bladder nci60 hsmm
    OMP_NUM_THREADS=1 python bench/audit_scaling.py --ambiguity
    OMP_NUM_THREADS=1 python bench/audit_scaling.py --audit --variant all --datasets hgdp hsmm
"""
import argparse, os, sys, warnings
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import label_noise

SCALINGS = {'raw': None, 'center': dict(standardize='center'), 'standardized': dict(standardize=True),
            'standardized, all': dict(standardize=True, n_top_features=None)}   # Preprocessor settings (None: as given)
VARIANTS = {'standardized': {}, 'center': dict(standardize='center'), 'all': dict(n_top_features=None)}   # of the audit's preprocessors

def auroc(a, lab, noise, fraction, seed, scaling):
    from cleanlab.rank import get_label_quality_scores
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict, StratifiedKFold
    from genohybrid.preprocess import Preprocessor
    true, noisy, flipped = label_noise._noisy(a, lab, noise, fraction, seed)
    y = np.unique(noisy, return_inverse=True)[1]   # the codes of the noisy labels' categories, as label_noise.py
    X = a.X if SCALINGS[scaling] is None else Preprocessor(**SCALINGS[scaling]).fit(a).transform(a.X)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        probs = cross_val_predict(LogisticRegression(max_iter=1000), X, y, method='predict_proba',
                                  cv=StratifiedKFold(5, shuffle=True, random_state=seed))
    return float(roc_auc_score(~flipped, get_label_quality_scores(y, probs)))

def _audit_scaling(scaling):
    "Make every `Preprocessor` that genohybrid's audit builds use `VARIANTS[scaling]` ('standardized': the library as it is)."
    import genohybrid.annotatability as A
    from genohybrid.preprocess import Preprocessor
    A.Preprocessor = Preprocessor if scaling == 'standardized' else (lambda *a, **k: Preprocessor(*a, **{**k, **VARIANTS[scaling]}))
    return A

def audit_auroc(a, lab, noise, fraction, seed, scaling):
    "`label_noise.py`'s genohybrid run of one setting, with the audit reading `scaling`."
    _audit_scaling(scaling)
    return label_noise._one('genohybrid', a, lab, noise, fraction, seed)['auroc']

def ambiguity(variant='center'):
    "The planted-ambiguity test's categories on standardised features and under `variant`."
    import json, pandas as pd, scanpy as sc
    nb = json.load(open(os.path.join(label_noise.ROOT, 'nbs', '50_annotatability.ipynb')))
    src = next(''.join(c['source']) for c in nb['cells'] if 'def plant_mixtures_and_flips' in ''.join(c['source']))
    ns = {'np': np}; exec(src.split('planted, kind =')[0], ns)     # the notebook's own planting function
    planted, kind = ns['plant_mixtures_and_flips'](sc.datasets.pbmc68k_reduced(), 'bulk_labels', 35, 35, seed=0)
    for scaling in ('standardized', variant):
        b = planted.copy(); _audit_scaling(scaling).training_dynamics(b, 'planted', seed=0, device='cpu')
        print(f'{scaling}:'); print(pd.crosstab(b.obs['label_audit_category'], kind, normalize='columns').round(2).to_string(), '\n')

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--datasets', nargs='+', default=['hsmm'])
    p.add_argument('--fractions', type=float, nargs='+', default=[0.05, 0.1, 0.2])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--audit', action='store_true', help="genohybrid's audit, standardised (2,000 features) vs --variant")
    p.add_argument('--variant', default='center', choices=[v for v in VARIANTS if v != 'standardized'])
    p.add_argument('--ambiguity', action='store_true', help='the planted-ambiguity test, standardised vs --variant')
    a = p.parse_args(argv)
    if a.ambiguity: ambiguity(a.variant); return
    if a.audit:
        other = dict(center='centred', all='all features, standardised')[a.variant]
        print(f'| data set | noise | flipped | audit AUROC, standardised | {other} | change (points) |'); print('|---|---|---:|---:|---:|---:|')
        for name in a.datasets:
            ad, lab = label_noise._load(name)
            for noise in label_noise.NOISE:
                for f in a.fractions:
                    s, c = (np.mean([audit_auroc(ad, lab, noise, f, sd, sc) for sd in a.seeds]) for sc in ('standardized', a.variant))
                    print(f'| {name} | {noise} | {f:.0%} | {s:.3f} | {c:.3f} | {100*(c-s):+.1f} |', flush=True)
        return
    print('| data set | noise | flipped | ' + ' | '.join(f'AUROC, {s}' for s in SCALINGS) + ' |')
    print('|---|---|---:|' + '---:|' * len(SCALINGS))
    for name in a.datasets:
        ad, lab = label_noise._load(name)
        for noise in label_noise.NOISE:
            for f in a.fractions:
                m = [np.mean([auroc(ad, lab, noise, f, s, sc) for s in a.seeds]) for sc in SCALINGS]
                print(f'| {name} | {noise} | {f:.0%} | ' + ' | '.join(f'{v:.3f}' for v in m) + ' |', flush=True)

if __name__ == '__main__':
    main()
