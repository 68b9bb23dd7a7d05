"""How much accuracy a model gives up when its decision may rest on k genes only: a logistic regression on the k best
genes, for several k, in 5-fold CV. Everything is fitted inside each outer training fold: the Preprocessor, the gene
ranking and C (inner 3-fold CV over `learner.LINEAR_CS`, `learner.middle_of_best`). It bounds what a hybrid whose
TabNet attention keeps ~100 genes (issue 12's top-10-per-class keep test) could reach with a linear decision.

    OMP_NUM_THREADS=1 python bench/sparse_linear.py pbmc            # rank genes by the ANOVA F statistic
    OMP_NUM_THREADS=1 python bench/sparse_linear.py pbmc --rank coef  # by the largest |coefficient| of an L2 fit (C = 0.1)
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

def ranking(X, y, how):
    if how == 'f': return np.argsort(-np.nan_to_num(f_classif(X, y)[0]))
    lr = LogisticRegression(C=0.1, max_iter=1000, class_weight='balanced').fit(X, y)
    return np.argsort(-np.abs(lr.coef_).max(0))

def fit(X, y, C): return LogisticRegression(C=C, max_iter=1000, class_weight='balanced').fit(X, y)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('dataset', choices=datasets.ALL_NAMES)
    p.add_argument('--rank', choices=('f', 'coef'), default='f')
    p.add_argument('--ks', default='16,32,64,128,256,0', help='numbers of genes; 0 = all')
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    warnings.filterwarnings('ignore')
    ad = datasets.load(a.dataset); _, y = labels_of(ad, datasets.LABELS[a.dataset])
    ks = [int(k) for k in a.ks.split(',')]
    scores = {k: [] for k in ks}
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=a.seed).split(y, y):
        prep = Preprocessor().fit(ad[tr]); Xtr, Xte = prep.transform(ad.X[tr]), prep.transform(ad.X[te])
        order = ranking(Xtr, y[tr], a.rank)
        inner = list(StratifiedKFold(3, shuffle=True, random_state=a.seed).split(Xtr, y[tr]))
        for k in ks:
            cols = order if k == 0 else order[:k]
            inner_scores = [np.mean([balanced_accuracy_score(y[tr][b], fit(Xtr[i][:, cols], y[tr][i], C).predict(Xtr[b][:, cols]))
                                     for i, b in inner]) for C in LINEAR_CS]
            C = LINEAR_CS[middle_of_best(inner_scores)]
            scores[k].append(balanced_accuracy_score(y[te], fit(Xtr[:, cols], y[tr], C).predict(Xte[:, cols])))
    print(f'{a.dataset}, genes ranked by {a.rank}, {Xtr.shape[1]} genes, 5 folds, seed {a.seed}: balanced accuracy by number of genes')
    for k in ks: print(f'  {"all" if k == 0 else k:>5}: {np.mean(scores[k]):.3f} ± {np.std(scores[k], ddof=1):.3f}')

if __name__ == '__main__': main()
