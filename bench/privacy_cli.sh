# Privacy from the command line on PBMC (bench/README.md): run in an empty folder with genohybrid installed.
set -e

python - <<'PY'
import scanpy as sc
from genohybrid.dataloaders import split_samples
p = sc.datasets.pbmc68k_reduced()
m, n = split_samples(p, 'bulk_labels', valid_pct=0.5, seed=0)
p[m].copy().write_h5ad('members.h5ad'); p[n].copy().write_h5ad('non_members.h5ad')
PY
for run in none moderate dp8; do
  case $run in none) extra="";; moderate) extra="--privacy moderate";; dp8) extra="--dp-epsilon 8";; esac
  t=$(date +%s)
  genohybrid train members.h5ad --label bulk_labels --out $run $extra --quiet
  genohybrid predict $run/model non_members.h5ad --label bulk_labels --out $run/non_pred.csv --quiet
  genohybrid audit-privacy $run/model members.h5ad non_members.h5ad --label bulk_labels --out $run/audit --lira 4
  echo "$run done in $(( $(date +%s) - t )) s"
done
python - <<'PY'
import json, pandas as pd, scanpy as sc
from sklearn.metrics import balanced_accuracy_score
non = sc.read_h5ad('non_members.h5ad'); y = non.obs['bulk_labels'].astype(str)
for run in ('none', 'moderate', 'dp8'):
    pred = pd.read_csv(f'{run}/non_pred.csv', index_col=0)
    col = 'predicted' if 'predicted' in pred else pred.columns[0]
    m = json.load(open(f'{run}/metrics.json')); a = json.load(open(f'{run}/audit/membership_audit.json'))
    pv = m.get('privacy', {})
    print(run, 'non-member balanced accuracy %.3f' % balanced_accuracy_score(y.loc[pred.index], pred[col].astype(str)),
          'valid balanced accuracy %.3f' % m['balanced_accuracy'], 'loss AUC %.3f TPR1%% %.3f TPR0.1%% %.3f' % (a['auc'], a['tpr_at_1pct_fpr'], a['tpr_at_01pct_fpr']),
          'LiRA AUC %.3f TPR1%% %.3f TPR0.1%% %.3f' % (a['lira']['auc'], a['lira']['tpr_at_1pct_fpr'], a['lira']['tpr_at_01pct_fpr']),
          'epsilon', pv.get('epsilon'), pv.get('delta'), pv.get('covers'))
PY
