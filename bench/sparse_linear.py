"""How much accuracy a model gives up when its decision may rest on k genes only: a logistic regression on the k best
genes, for several k, in 5-fold CV. Everything is fitted inside each outer training fold: the Preprocessor, the gene
ranking and C (inner 3-fold CV over `learner.LINEAR_CS`, `learner.middle_of_best`). It bounds what a hybrid whose
TabNet attention keeps ~100 genes (issue 12's top-10-per-class keep test) could reach with a linear decision.

    OMP_NUM_THREADS=1 python bench/sparse_linear.py pbmc            # rank genes by the ANOVA F statistic
    OMP_NUM_THREADS=1 python bench/sparse_linear.py pbmc --rank coef  # by the largest |coefficient| of an L2 fit (C = 0.1)
    OMP_NUM_THREADS=1 python bench/sparse_linear.py pbmc --rank perclass --ks 10,20,0 --models logistic,mlp,hgb

`--rank perclass` keeps a gene set of the keep test's shape: the union of each class's k best genes (here those
most up in the class against the rest, by a one-vs-rest F statistic), so `--ks 10` (k per class) is about 90 genes
on PBMC. `--models` adds two nonlinear models on the same genes (session 15), to see whether a nonlinear decision on
~100 genes does better than a linear one: `mlp` (scikit-learn's `MLPClassifier`, one hidden layer of 256, its L2
`alpha` by the inner CV over 0.01, 0.1, 1, 10; it has no class weights) and `hgb` (`HistGradientBoostingClassifier`,
class-balanced, its learning rate by the inner CV over 0.05, 0.1, 0.2).
"""
import argparse, sys, warnings
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets
from sklearn.model_selection import StratifiedKFold
from sklearn.linear_model import LogisticRegression
from sklearn.feature_selection import f_classif
from sklearn.metrics import balanced_accuracy_score
from genohybrid.preprocess import Preprocessor
from genohybrid.dataloaders import labels_of
from genohybrid.learner import LINEAR_CS, middle_of_best

def up_in_class(X, y, c):
    "One-vs-rest F statistic of every gene for class `c`, -1 for the genes that are not higher in `c` than elsewhere."
    up = X[y == c].mean(0) > X[y != c].mean(0)
    return np.where(up, np.nan_to_num(f_classif(X, (y == c).astype(int))[0]), -1.)

def ranking(X, y, how, k=None):
    if how == 'f': return np.argsort(-np.nan_to_num(f_classif(X, y)[0]))
    if how == 'perclass':   # the union of each class's k most up-regulated genes
        if not k: return np.arange(X.shape[1])
        keep = set()
        for c in np.unique(y): keep.update(np.argsort(-up_in_class(X, y, c), kind='stable')[:k].tolist())
        return np.array(sorted(keep))
    lr = LogisticRegression(C=0.1, max_iter=1000, class_weight='balanced').fit(X, y)
    return np.argsort(-np.abs(lr.coef_).max(0))

GRIDS = dict(logistic=LINEAR_CS, mlp=(0.01, 0.1, 1., 10.), hgb=(0.05, 0.1, 0.2))

def make(model, v, seed=0):
    if model == 'logistic': return LogisticRegression(C=v, max_iter=1000, class_weight='balanced')
    if model == 'mlp':
        from sklearn.neural_network import MLPClassifier
        return MLPClassifier((256,), alpha=v, max_iter=500, random_state=seed)
    from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(learning_rate=v, class_weight='balanced', random_state=seed)

def fit(X, y, C, model='logistic', seed=0): return make(model, C, seed).fit(X, y)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('dataset', choices=datasets.ALL_NAMES)
    p.add_argument('--rank', choices=('f', 'coef', 'perclass'), default='f')
    p.add_argument('--models', default='logistic', help='comma-separated: logistic, mlp, hgb')
    p.add_argument('--ks', default='16,32,64,128,256,0', help='numbers of genes (with --rank perclass: genes per class); 0 = all')
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    warnings.filterwarnings('ignore')
    ad = datasets.load(a.dataset); _, y = labels_of(ad, datasets.LABELS[a.dataset])
    ks = [int(k) for k in a.ks.split(',')]
    models = a.models.split(',')
    scores = {(m, k): [] for m in models for k in ks}
    n_genes = {k: [] for k in ks}
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=a.seed).split(y, y):
        prep = Preprocessor().fit(ad[tr]); Xtr, Xte = prep.transform(ad.X[tr]), prep.transform(ad.X[te])
        order = None if a.rank == 'perclass' else ranking(Xtr, y[tr], a.rank)
        inner = list(StratifiedKFold(3, shuffle=True, random_state=a.seed).split(Xtr, y[tr]))
        for k in ks:
            cols = ranking(Xtr, y[tr], a.rank, k) if a.rank == 'perclass' else (order if k == 0 else order[:k])
            n_genes[k].append(len(cols))
            for m in models:
                inner_scores = [np.mean([balanced_accuracy_score(y[tr][b], fit(Xtr[i][:, cols], y[tr][i], v, m, a.seed).predict(Xtr[b][:, cols]))
                                         for i, b in inner]) for v in GRIDS[m]]
                v = GRIDS[m][middle_of_best(inner_scores)]
                scores[m, k].append(balanced_accuracy_score(y[te], fit(Xtr[:, cols], y[tr], v, m, a.seed).predict(Xte[:, cols])))
    what = 'k best genes of each class, their union' if a.rank == 'perclass' else f'genes ranked by {a.rank}'
    print(f'{a.dataset}, {what}, {Xtr.shape[1]} genes, 5 folds, seed {a.seed}: balanced accuracy by number of genes')
    for k in ks:
        for m in models:
            print(f'  {"all" if k == 0 else k:>5} ({np.mean(n_genes[k]):.0f} genes) {m:>8}: {np.mean(scores[m, k]):.3f} ± {np.std(scores[m, k], ddof=1):.3f}')

if __name__ == '__main__': main()
