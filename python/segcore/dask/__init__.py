"""segcore on a Dask cluster: the same answers as one process, from mergeable partial states.

Every function here takes Dask collections and runs segcore's own code inside the workers; the
partial states they exchange (profile stores, k-means sums, ...) are segcore's byte forms, and
they are merged in partition order, so results do not depend on where a partition ran.
docs/guides/dask.md explains what is exact and what is sampled.
"""
from ._clv import fit, history_counts, summary_data_from_transactions
from ._kmeans import KMeans
from ._metrics import calinski_harabasz_score, davies_bouldin_score, inertia, silhouette_score
from ._profiles import profiles

__all__ = ["KMeans", "calinski_harabasz_score", "davies_bouldin_score", "fit", "history_counts", "inertia", "profiles",
           "silhouette_score", "summary_data_from_transactions"]
