"""Does the scaling of the features move a label audit? cleanlab's protocol of `label_noise.py` (5-fold out-of-fold
probabilities of a logistic regression, scikit-learn defaults, `get_label_quality_scores`), the same flips, on the
features as `label_noise.py` gives them (`raw`), centred per gene (`center`), or standardised per gene as genohybrid's
audit sees them (`standardized`; `genohybrid.preprocess.Preprocessor` with its defaults, fitted on all samples, as
the audit fits it). Session 11, after the held-out `hsmm` run; nothing here sets a default.

    OMP_NUM_THREADS=1 python bench/audit_scaling.py --datasets hsmm
"""
import argparse, os, sys, warnings
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import label_noise

SCALINGS = {'raw': None, 'center': 'center', 'standardized': True}

def auroc(a, lab, noise, fraction, seed, scaling):
    from cleanlab.rank import get_label_quality_scores
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict, StratifiedKFold
    from genohybrid.preprocess import Preprocessor
    true, noisy, flipped = label_noise._noisy(a, lab, noise, fraction, seed)
    y = np.unique(noisy, return_inverse=True)[1]   # the codes of the noisy labels' categories, as label_noise.py
    X = a.X if SCALINGS[scaling] is None else Preprocessor(standardize=SCALINGS[scaling]).fit(a).transform(a.X)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        probs = cross_val_predict(LogisticRegression(max_iter=1000), X, y, method='predict_proba',
                                  cv=StratifiedKFold(5, shuffle=True, random_state=seed))
    return float(roc_auc_score(~flipped, get_label_quality_scores(y, probs)))

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--datasets', nargs='+', default=['hsmm'])
    p.add_argument('--fractions', type=float, nargs='+', default=[0.05, 0.1, 0.2])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    a = p.parse_args(argv)
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
