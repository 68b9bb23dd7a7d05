"""The precision@20 an attention map gets on PBMC when it is 0 outside the keep test's gene set and random inside it:
the floor an untrained attention reaches in a hybrid whose decision rests on each type's marker genes (session 15).

    OMP_NUM_THREADS=1 python bench/marker_set_floor.py

The gene set is `sparse_linear.py --rank perclass --ks 10`'s, fitted here on all 700 cells: the union of each type's
10 genes most up in it against the rest (one-vs-rest F statistic, on the `Preprocessor`'s standardised genes).
Precision@20 is `hybrid_parts.py`'s: a map's top 20 genes per type against scanpy's Wilcoxon top 50 (`use_raw=True`).
Printed per type: the mean precision of 200 random orders inside the set, and that of the set's own F ranking of the
type (a map that attends to the type's own markers first).
"""
import sys, warnings
from pathlib import Path
import numpy as np, pandas as pd, scanpy as sc
sys.path.insert(0, str(Path(__file__).resolve().parent))
from sparse_linear import ranking
from genohybrid.preprocess import Preprocessor
from genohybrid.dataloaders import labels_of
from sklearn.feature_selection import f_classif

def main():
    warnings.filterwarnings('ignore')
    pbmc = sc.datasets.pbmc68k_reduced()
    classes, y = labels_of(pbmc, 'bulk_labels')
    prep = Preprocessor().fit(pbmc); X = prep.transform(pbmc.X); genes = np.array([str(g) for g in prep.features_])
    sc.tl.rank_genes_groups(pbmc, 'bulk_labels', method='wilcoxon', use_raw=True, key_added='markers')
    markers = {c: set(pd.DataFrame(pbmc.uns['markers']['names'])[c][:50]) for c in classes}
    keep = ranking(X, y, 'perclass', 10)
    rng = np.random.default_rng(0)
    rows = []
    for i, c in enumerate(classes):
        rand = np.mean([len(set(genes[rng.choice(keep, 20, replace=False)]) & markers[c]) / 20 for _ in range(200)])
        f = np.where(X[y == i].mean(0) > X[y != i].mean(0), np.nan_to_num(f_classif(X, (y == i).astype(int))[0]), -1.)
        own = keep[np.argsort(-f[keep], kind='stable')[:20]]
        rows.append((c, rand, len(set(genes[own]) & markers[c]) / 20))
    print(f'{len(keep)} genes in the set (of {X.shape[1]})')
    print('| type | random order inside the set | the type\'s own F order inside the set |\n|---|---:|---:|')
    for c, r, o in rows: print(f'| {c} | {r:.3f} | {o:.3f} |')
    print(f'| mean | {np.mean([r[1] for r in rows]):.3f} | {np.mean([r[2] for r in rows]):.3f} |')

if __name__ == '__main__': main()
