"""segcore on a Dask cluster: the same answers as one process, from mergeable partial states.

Every function here takes Dask collections and runs segcore's own code inside the workers; the
partial states they exchange (profile stores, k-means sums, digit and tuple counts, metric
sums) are merged in partition order, so results do not depend on where a partition ran.
docs/guides/dask.md explains what is exact and what is sampled.
"""
from ._apply import assign, evaluate, membership, predict, predict_proba, transform
from ._clv import fit, history_counts, summary_data_from_transactions
from ._csv import profiles_from_csv, rfm_from_csv
from ._kmeans import KMeans
from ._metrics import calinski_harabasz_score, davies_bouldin_score, inertia, silhouette_score
from ._profiles import profiles
from ._rfm import rfm

__all__ = ["KMeans", "assign", "calinski_harabasz_score", "davies_bouldin_score", "evaluate", "fit", "history_counts",
           "inertia", "membership", "predict", "predict_proba", "profiles", "profiles_from_csv", "rfm", "rfm_from_csv",
           "silhouette_score",
           "summary_data_from_transactions", "transform"]
