# Privacy from the command line on PBMC (bench/README.md): run in an empty folder with genohybrid installed.
#   bash bench/privacy_cli.sh [SEED]      (default seed 0: the members / non-members split and every fit)
# `genohybrid train` keeps a fifth of the members file for validation and never trains on it, so the audit's members
# are the rows each run actually trained on (trained.h5ad); the validation rows against the non-members are a null
# audit: neither was trained on, so its AUC should sit at 0.5 within its interval.
# `moderate_panel` / `dp8_panel`: the same budgets with `--dp-method centroid --dp-features privacy_pbmc_markers.txt`
# (noisy class centroids on a 29-gene marker panel from the literature, declared public).
set -e
SEED=${1:-0}
PANEL=$(cd "$(dirname "$0")" && pwd)/privacy_pbmc_markers.txt

python - "$SEED" <<'PY'
import sys, scanpy as sc
from genohybrid.dataloaders import split_samples
p = sc.datasets.pbmc68k_reduced()
m, n = split_samples(p, 'bulk_labels', valid_pct=0.5, seed=int(sys.argv[1]))
p[m].copy().write_h5ad('members.h5ad'); p[n].copy().write_h5ad('non_members.h5ad')
PY
for run in none moderate dp8 moderate_panel dp8_panel; do
  case $run in none) extra="";; moderate) extra="--privacy moderate";; dp8) extra="--dp-epsilon 8";;
    moderate_panel) extra="--privacy moderate --dp-method centroid --dp-features $PANEL";;
    dp8_panel) extra="--dp-epsilon 8 --dp-method centroid --dp-features $PANEL";; esac
  t=$(date +%s)
  genohybrid train members.h5ad --label bulk_labels --out $run $extra --seed $SEED --quiet
  python - $run <<'PY'
import sys, pandas as pd, anndata as ad
run = sys.argv[1]
m = ad.read_h5ad('members.h5ad'); valid = pd.read_csv(f'{run}/valid_predictions.csv', index_col=0).index.astype(str)
inside = ~m.obs_names.isin(valid)
m[inside].copy().write_h5ad(f'{run}/trained.h5ad'); m[~inside].copy().write_h5ad(f'{run}/valid.h5ad')
PY
  genohybrid predict $run/model non_members.h5ad --label bulk_labels --out $run/non_pred.csv --quiet
  genohybrid audit-privacy $run/model $run/trained.h5ad non_members.h5ad --label bulk_labels --out $run/audit --lira 4 --seed $SEED
  genohybrid audit-privacy $run/model $run/valid.h5ad non_members.h5ad --label bulk_labels --out $run/null_audit --quiet
  echo "$run done in $(( $(date +%s) - t )) s"
done
python - <<'PY'
import json, pandas as pd, scanpy as sc
from sklearn.metrics import balanced_accuracy_score
non = sc.read_h5ad('non_members.h5ad'); y = non.obs['bulk_labels'].astype(str)
for run in ('none', 'moderate', 'dp8', 'moderate_panel', 'dp8_panel'):
    pred = pd.read_csv(f'{run}/non_pred.csv', index_col=0)
    col = 'predicted' if 'predicted' in pred else pred.columns[0]
    m = json.load(open(f'{run}/metrics.json')); a = json.load(open(f'{run}/audit/membership_audit.json'))
    z = json.load(open(f'{run}/null_audit/membership_audit.json'))
    pv = m.get('privacy', {})
    ci = lambda d: '[%.3f, %.3f]' % tuple(d['auc_ci95'])
    print(run, 'non-member balanced accuracy %.3f' % balanced_accuracy_score(y.loc[pred.index], pred[col].astype(str)),
          'valid balanced accuracy %.3f' % m['balanced_accuracy'],
          '| %d trained members: loss AUC %.3f %s TPR1%% %.3f TPR0.1%% %.3f' % (a['n_members'], a['auc'], ci(a), a['tpr_at_1pct_fpr'], a['tpr_at_01pct_fpr']),
          'LiRA AUC %.3f %s TPR1%% %.3f TPR0.1%% %.3f' % (a['lira']['auc'], ci(a['lira']), a['lira']['tpr_at_1pct_fpr'], a['lira']['tpr_at_01pct_fpr']),
          '| AUC the guarantee allows', a.get('auc_bound'),
          '| null (validation rows vs non-members) loss AUC %.3f %s' % (z['auc'], ci(z)),
          '| epsilon', pv.get('epsilon'), pv.get('delta'), pv.get('covers'))
PY
