"""segcore: customer segmentation over a C ABI.

The package loads libsegcore from $SEGCORE_LIBRARY, else from beside the package, else from
the source tree's build/ folder, else from the system's library path.
"""
from ._errors import (CancelledError, CorruptDataError, InternalError, InvalidArgumentError,
                      NotFittedError, NotFoundError, OutOfRangeError, SegcoreError,
                      SegcoreIOError, UnsupportedError)
from ._native import lib as _lib
from ._params import InvalidParameterError
from .cluster import KMeans, MiniBatchKMeans
from .decomposition import PCA
from .hierarchy import AgglomerativeClustering, linkage
from .stats import (ABTestResult, anova_oneway, chi2_contingency, chi2_independence,
                    two_proportion_test, welch_ttest)
from .personas import Persona, segment_profiles
from .selection import ChooseKResult, StabilityResult, choose_k, cluster_stability
from .metrics import (adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score,
                      silhouette_samples, silhouette_score)
from .clv import (BetaGeoBetaBinomFitter, BetaGeoFitter, ClvValueWarning, DegenerateFitWarning, GammaGammaFitter,
                  ModifiedBetaGeoFitter, ParetoNBDFitter, summary_data_from_transactions)
from .clv_holdout import calibration_and_holdout_data
from .clv_tracking import calculate_alive_path, expected_cumulative_transactions
from .preprocessing import MinMaxScaler, RobustScaler, StandardScaler
from .rfm import ProfileStore, Profiles, RfmResult, rfm
from .identity import IdentityResolver, IdentityResult, normalize_email, normalize_phone
from .linear_model import LogisticRegression
from .rules import Rule, SegmentSet, SegmentTracker, Triggers, weighted_score
from .event_triggers import EventTriggers, Move
from .checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from .scoring import ScoreBands, WeightedScore
from .privacy import opt_out_mask, pseudonymize, pseudonyms_available
from .sentiment import SentimentLexicon, sentiment_by_customer
from ._persist import load_rfm_edges, model_info, save_rfm_edges
from . import social  # segcore.social: influence in interaction graphs
from . import listening  # segcore.listening: keyword, phrase and hashtag sets over text
from .listening import TopicSets, listening_by_customer

__version__ = _lib.segcore_version_string().decode()
version_number = _lib.segcore_version_number()

__all__ = [
    "__version__", "version_number", "SentimentLexicon", "sentiment_by_customer", "TopicSets", "listening_by_customer", "SegcoreError", "InvalidArgumentError", "NotFittedError",
    "InternalError", "OutOfRangeError", "NotFoundError", "SegcoreIOError", "CorruptDataError",
    "UnsupportedError", "CancelledError", "InvalidParameterError", "StandardScaler", "MinMaxScaler", "RobustScaler",
    "KMeans", "MiniBatchKMeans", "simd_arch", "set_simd_arch", "PCA", "AgglomerativeClustering",
    "linkage", "silhouette_score", "silhouette_samples", "calinski_harabasz_score",
    "davies_bouldin_score", "adjusted_rand_score", "choose_k", "cluster_stability", "ChooseKResult",
    "StabilityResult", "anova_oneway", "chi2_contingency", "chi2_independence", "welch_ttest",
    "two_proportion_test", "ABTestResult", "segment_profiles", "Persona",
    "BetaGeoFitter", "ModifiedBetaGeoFitter", "BetaGeoBetaBinomFitter", "ParetoNBDFitter", "GammaGammaFitter", "summary_data_from_transactions", "expected_cumulative_transactions", "calculate_alive_path", "ClvValueWarning",
    "DegenerateFitWarning", "calibration_and_holdout_data",
    "rfm", "Profiles", "ProfileStore", "RfmResult",
    "IdentityResolver", "IdentityResult", "normalize_email", "normalize_phone",
    "Rule", "SegmentSet", "SegmentTracker", "Triggers", "weighted_score", "LogisticRegression",
    "EventTriggers", "Move", "Checkpoint", "save_checkpoint", "load_checkpoint", "WeightedScore", "ScoreBands",
    "opt_out_mask", "pseudonymize", "pseudonyms_available",
    "model_info", "save_rfm_edges", "load_rfm_edges", "social",
]


def simd_arch():
    """The instruction set of segcore's kernels: "avx512", "avx2", "sse2" or "scalar"."""
    return _lib.segcore_simd_arch().decode()


def set_simd_arch(name):
    """Forces the kernels of `name` for the whole process ("" for the best again)."""
    from ._native import check
    check(_lib.segcore_set_simd_arch(name.encode()))
