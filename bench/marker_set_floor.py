"""Precision@20 on PBMC inside the keep test's gene set (session 15): what an attention map scores when it is 0
outside each type's marker genes and random inside them, what each type's own order scores there, and, with
`--hybrid`, what TabNet's attention scores in hybrids trained on those genes only.

    OMP_NUM_THREADS=1 python bench/marker_set_floor.py
    OMP_NUM_THREADS=1 python bench/marker_set_floor.py --hybrid "{}" "{'selection': 'hard'}" "{'linear_start': None}" "{'use_wide': False}"

The gene set is `sparse_linear.py --rank perclass --ks 10`'s, fitted here on all 700 cells: the union of each type's
10 genes most up in it against the rest (one-vs-rest F statistic, on the `Preprocessor`'s standardised genes).
Precision@20 is `hybrid_parts.py`'s: a map's top 20 genes per type against scanpy's Wilcoxon top 50 (`use_raw=True`,
all 765 genes). Printed per type: the mean precision of 200 random orders inside the set, and that of the type's
own F order inside the set (a map that ranks the type's own markers first).

`--hybrid KWARGS ...`: for each dict, `fit_hybrid(pbmc[:, set], 'bulk_labels', seed=0, n_models=1, **KWARGS)` (one
network, its default validation split) and the precision of its per-type TabNet attention (`explain(..., 'tabnet')`).
The set was chosen on all cells, validation cells included, so the validation accuracy printed beside it is
optimistic: it is shown to tell the fits apart, not as an accuracy figure.
"""
import argparse, ast, sys, warnings
from pathlib import Path
import numpy as np, pandas as pd, scanpy as sc
sys.path.insert(0, str(Path(__file__).resolve().parent))
from sparse_linear import ranking, up_in_class
from genohybrid.preprocess import Preprocessor
from genohybrid.dataloaders import labels_of

def precision(table, markers, classes):
    return np.mean([len(set(table[c].sort_values(ascending=False).head(20).index) & markers[c]) / 20 for c in classes])

def hybrid_attention(pbmc, keep, markers, kw):
    import torch
    from genohybrid.learner import fit_hybrid, as_model, predict_proba
    from genohybrid.interpret.explain import explain
    from sklearn.metrics import balanced_accuracy_score
    torch.set_num_threads(1)
    sub = pbmc[:, keep].copy()
    learn = fit_hybrid(sub, 'bulk_labels', seed=0, **{'n_models': 1, **kw})
    model = as_model(learn); va = sub[learn.dls.valid_idx]
    acc = balanced_accuracy_score(va.obs.bulk_labels.astype(str), np.asarray(model.classes)[predict_proba(model, va).argmax(1)])
    beta = model.net.selection_strength()
    p = precision(explain(learn, sub.copy(), 'tabnet', label='bulk_labels', top_k=None), markers, model.classes)
    return p, acc, learn.keep_best_weights.best_epoch, None if beta is None else float(beta)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--hybrid', nargs='*', default=[], help="fit_hybrid keyword dicts, e.g. \"{'selection': 'hard'}\"")
    a = ap.parse_args()
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
        own = keep[np.argsort(-up_in_class(X, y, i)[keep], kind='stable')[:20]]
        rows.append((c, rand, len(set(genes[own]) & markers[c]) / 20))
    print(f'{len(keep)} genes in the set (of {X.shape[1]})')
    print('| type | random order inside the set | the type\'s own F order inside the set |\n|---|---:|---:|')
    for c, r, o in rows: print(f'| {c} | {r:.3f} | {o:.3f} |')
    print(f'| mean | {np.mean([r[1] for r in rows]):.3f} | {np.mean([r[2] for r in rows]):.3f} |')
    if a.hybrid:
        print('\n| fit_hybrid keywords | TabNet attention precision@20 | validation balanced accuracy (optimistic) | best epoch | β |\n|---|---:|---:|---:|---:|')
        for s in a.hybrid:
            p, acc, ep, beta = hybrid_attention(pbmc, keep, markers, ast.literal_eval(s))
            print(f'| `{s}` | {p:.3f} | {acc:.3f} | {ep} | {"" if beta is None else f"{beta:.3f}"} |', flush=True)

if __name__ == '__main__': main()
