"""What the hybrid's parts carry on PBMC: kept features, beta, AFR weight spread, marker precision@20 (top 20 per class vs
scanpy Wilcoxon top 50), deletion areas and the top-10-union keep test, for TabNet attention, the AFR output map and
IG, against logistic-regression coefficients and the class means.

    OMP_NUM_THREADS=1 python bench/hybrid_parts.py                 # library defaults, seed 0
    OMP_NUM_THREADS=1 python bench/hybrid_parts.py "{'selection': 'hard', 'attention_scale': 0.01}" tabnet,afr
"""
import warnings, sys; warnings.filterwarnings('ignore')
import numpy as np, pandas as pd, scanpy as sc, torch
torch.set_num_threads(1)
from genohybrid.learner import fit_hybrid, as_model, predict_proba
from genohybrid.interpret.explain import explain
from genohybrid.interpret.maps import class_codes
from genohybrid.interpret.faithfulness import deletion_curve, deletion_area
from sklearn.metrics import balanced_accuracy_score
kw = {"n_models": 1, **(eval(sys.argv[1]) if len(sys.argv) > 1 else {})}   # one network: its parts (700 cells would get an ensemble)
methods = sys.argv[2].split(',') if len(sys.argv) > 2 else ['tabnet', 'afr']
pbmc = sc.datasets.pbmc68k_reduced()
learn = fit_hybrid(pbmc, 'bulk_labels', seed=0, **kw)
model = as_model(learn); classes = model.classes; net = model.net
va = pbmc[learn.dls.valid_idx]
print('valid bal acc', round(balanced_accuracy_score(va.obs.bulk_labels.astype(str), np.asarray(classes)[predict_proba(model, va).argmax(1)]), 3), 'best epoch', learn.keep_best_weights.best_epoch)
print('kept', learn.genohybrid.get('n_features_kept'), 'beta', None if net.selection_strength() is None else float(net.selection_strength()))
sc.tl.rank_genes_groups(pbmc, 'bulk_labels', method='wilcoxon', use_raw=True, key_added='markers')
markers = {c: set(pd.DataFrame(pbmc.uns['markers']['names'])[c][:50]) for c in classes}
ad = pbmc.copy()
keys = {'afr': 'afr_weight'}
tables = {m: explain(learn, ad, m, label='bulk_labels', top_k=None) for m in methods}
X = model.prep.transform(pbmc.X); genes = [str(g) for g in model.prep.features_]
from sklearn.linear_model import LogisticRegression
y = class_codes(model, pbmc, 'bulk_labels')
tables['logreg'] = pd.DataFrame(LogisticRegression(max_iter=3000, class_weight='balanced').fit(X, y).coef_.T, index=genes, columns=classes)
tables['|x| (no model)'] = pd.DataFrame({c: np.abs(X[y == i]).mean(0) for i, c in enumerate(classes)}, index=genes)
tables['x (no model)'] = pd.DataFrame({c: X[y == i].mean(0) for i, c in enumerate(classes)}, index=genes)
P = {k: np.mean([len(set(t[c].sort_values(ascending=False).head(20).index) & markers[c]) / 20 for c in classes]) for k, t in tables.items()}
print('precision@20', {k: round(v, 3) for k, v in P.items()})
STEPS = [0, 5, 10, 20, 50, 100]
for m in methods:
    print('deletion', m, {k: round(float(v), 3) for k, v in deletion_area(deletion_curve(model, ad, ad.obsm[keys.get(m, m)], label='bulk_labels', steps=STEPS)).items()})
p0 = predict_proba(model, pbmc).argmax(1)
def keep_share(table):
    top = set().union(*[set(table[c].sort_values(ascending=False).head(10).index) for c in classes])
    keep = np.isin(genes, list(top))
    with torch.no_grad(): pk = net.eval()(torch.tensor(np.where(keep, X, 0.), dtype=torch.float32)).argmax(1).numpy()
    return len(top), round(float((pk == p0).mean()), 3)
for m in tables: print('top-10 union', m, keep_share(tables[m]))
with torch.no_grad():
    a = net.attention(torch.tensor(X[:300], dtype=torch.float32))[1].amax(1)
print('attended per cell (median, union of steps):', float((a > 0).sum(1).float().median()))
