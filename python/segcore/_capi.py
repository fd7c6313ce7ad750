"""ctypes declarations of segcore's C ABI: constants, callback types, structs and function
signatures, generated from capi/segcore*.h. Do not edit: change the headers and regenerate with

    /usr/bin/python3 tools/gen_python_capi

python/tests/test_capi_generated.py fails when this file differs from what the headers give."""
import ctypes


# segcore.h
SEGCORE_OK = 0
SEGCORE_EINVAL = -1
SEGCORE_ENOMEM = -2
SEGCORE_ENOTFITTED = -3
SEGCORE_EINTERNAL = -4
SEGCORE_ERANGE = -5
SEGCORE_ENOTFOUND = -6
SEGCORE_EIO = -7
SEGCORE_ECORRUPT = -8
SEGCORE_EUNSUPPORTED = -9
SEGCORE_ECANCELLED = -10
SEGCORE_SCALER_STANDARD = 0
SEGCORE_SCALER_MINMAX = 1
SEGCORE_SCALER_ROBUST = 2


segcore_progress_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_double, ctypes.c_char_p)


class segcore_scaler_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("kind", ctypes.c_int32),
        ("log1p", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("range_min", ctypes.c_double),
        ("range_max", ctypes.c_double),
    ]


# segcore_analysis.h
SEGCORE_PCA_COMPONENTS = 0
SEGCORE_PCA_MEAN = 1
SEGCORE_PCA_EXPLAINED_VARIANCE = 2
SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO = 3
SEGCORE_PCA_SINGULAR_VALUES = 4
SEGCORE_PCA_NOISE_VARIANCE = 5
SEGCORE_LINKAGE_WARD = 0
SEGCORE_LINKAGE_COMPLETE = 1
SEGCORE_LINKAGE_AVERAGE = 2
SEGCORE_LINKAGE_SINGLE = 3
SEGCORE_PROFILE_MEAN = 0
SEGCORE_PROFILE_MEDIAN = 1
SEGCORE_PROFILE_LIFT = 2
SEGCORE_PROFILE_EFFECT = 3


class segcore_silhouette_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("sample_size", ctypes.c_uint64),
        ("seed", ctypes.c_uint64),
    ]


class segcore_pca_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("n_components", ctypes.c_int32),
        ("whiten", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("variance_fraction", ctypes.c_double),
        ("mle", ctypes.c_int32),
        ("reserved1", ctypes.c_int32),
    ]


class segcore_choose_k_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("k_min", ctypes.c_int32),
        ("k_max", ctypes.c_int32),
        ("n_init", ctypes.c_int32),
        ("max_iter", ctypes.c_int32),
        ("algorithm", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("tol", ctypes.c_double),
        ("seed", ctypes.c_uint64),
        ("silhouette_sample", ctypes.c_uint64),
    ]


class segcore_k_score(ctypes.Structure):
    _fields_ = [
        ("k", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("inertia", ctypes.c_double),
        ("silhouette", ctypes.c_double),
        ("calinski_harabasz", ctypes.c_double),
        ("davies_bouldin", ctypes.c_double),
    ]


class segcore_stability_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("n_clusters", ctypes.c_int32),
        ("n_resamples", ctypes.c_int32),
        ("sample_fraction", ctypes.c_double),
        ("n_init", ctypes.c_int32),
        ("max_iter", ctypes.c_int32),
        ("algorithm", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("tol", ctypes.c_double),
        ("seed", ctypes.c_uint64),
    ]


class segcore_ab_result(ctypes.Structure):
    _fields_ = [
        ("statistic", ctypes.c_double),
        ("p_value", ctypes.c_double),
        ("df", ctypes.c_double),
        ("a", ctypes.c_double),
        ("b", ctypes.c_double),
        ("difference", ctypes.c_double),
        ("lift", ctypes.c_double),
        ("ci_low", ctypes.c_double),
        ("ci_high", ctypes.c_double),
    ]


# segcore_cluster.h
SEGCORE_KMEANS_LLOYD = 0
SEGCORE_KMEANS_HAMERLY = 1
SEGCORE_KMEANS_MINIBATCH = 2
SEGCORE_PARTIAL_F64 = 0
SEGCORE_PARTIAL_F32 = 1


class segcore_kmeans_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("n_clusters", ctypes.c_int32),
        ("n_init", ctypes.c_int32),
        ("max_iter", ctypes.c_int32),
        ("algorithm", ctypes.c_int32),
        ("tol", ctypes.c_double),
        ("seed", ctypes.c_uint64),
        ("n_threads", ctypes.c_int32),
        ("batch_size", ctypes.c_int32),
        ("reassignment_ratio", ctypes.c_double),
        ("max_no_improvement", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
    ]


# segcore_clv.h
SEGCORE_CLV_BGNBD = 0
SEGCORE_CLV_PARETO_NBD = 1
SEGCORE_CLV_GAMMA_GAMMA = 2
SEGCORE_CLV_MBGNBD = 3
SEGCORE_CLV_BGBB = 4
SEGCORE_CLV_STOP_CONVERGED = 0
SEGCORE_CLV_STOP_MAX_ITERATIONS = 1
SEGCORE_CLV_STOP_NO_PROGRESS = 2
SEGCORE_CLV_STOP_NOT_FINITE = 3
SEGCORE_CLV_STOP_DIVERGED = 4
SEGCORE_CLV_STOP_TIME_LIMIT = 5
SEGCORE_CLV_FIT_SOUND = 0
SEGCORE_CLV_FIT_DEGENERATE = 1
SEGCORE_CLV_COUNTS_PURCHASES = 0
SEGCORE_CLV_COUNTS_SPEND = 1


class segcore_clv_summary_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("period_days", ctypes.c_double),
        ("time_unit_days", ctypes.c_double),
        ("calibration_end", ctypes.c_int64),
        ("period_anchor", ctypes.c_int64),
    ]


class segcore_clv_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("model", ctypes.c_int32),
        ("max_iter", ctypes.c_int32),
        ("l2_penalty", ctypes.c_double),
        ("gradient_tol", ctypes.c_double),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("max_seconds", ctypes.c_double),
        ("q_constraint", ctypes.c_int32),
        ("reserved1", ctypes.c_int32),
    ]


class segcore_clv_value_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("horizon", ctypes.c_double),
        ("discount_rate", ctypes.c_double),
        ("steps", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
    ]


# segcore_engagement.h
SEGCORE_REACH_SUM = 0
SEGCORE_REACH_LATEST = 1
SEGCORE_NO_CHANNEL = 4294967295


class segcore_engagement_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_int64),
        ("window_days", ctypes.POINTER(ctypes.c_int32)),
        ("n_windows", ctypes.c_size_t),
        ("velocity_days", ctypes.c_int32),
        ("trend_weeks", ctypes.c_int32),
        ("engaging_kinds", ctypes.POINTER(ctypes.c_uint32)),
        ("n_engaging_kinds", ctypes.c_size_t),
        ("reach_mode", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("customer_zone", ctypes.POINTER(ctypes.c_uint32)),
        ("zone_names", ctypes.POINTER(ctypes.c_char_p)),
        ("n_zones", ctypes.c_size_t),
    ]


class segcore_engagement_outputs(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("counts", ctypes.POINTER(ctypes.c_uint64)),
        ("window_counts", ctypes.POINTER(ctypes.c_uint64)),
        ("velocity", ctypes.POINTER(ctypes.c_double)),
        ("trend", ctypes.POINTER(ctypes.c_double)),
        ("engagement_rate", ctypes.POINTER(ctypes.c_double)),
        ("preferred_channel", ctypes.POINTER(ctypes.c_int32)),
        ("hour_counts", ctypes.POINTER(ctypes.c_uint64)),
        ("weekend", ctypes.POINTER(ctypes.c_uint64)),
        ("peak_hour", ctypes.POINTER(ctypes.c_int32)),
        ("after_as_of", ctypes.POINTER(ctypes.c_uint64)),
    ]


# segcore_model.h
SEGCORE_MODEL_SCALER = 1
SEGCORE_MODEL_PCA = 2
SEGCORE_MODEL_KMEANS = 3
SEGCORE_MODEL_MINIBATCH_KMEANS = 4
SEGCORE_MODEL_RULE = 5
SEGCORE_MODEL_SEGMENT_SET = 6
SEGCORE_MODEL_RFM_EDGES = 7
SEGCORE_MODEL_LOGISTIC = 8
SEGCORE_MODEL_BGNBD = 9
SEGCORE_MODEL_PARETO_NBD = 10
SEGCORE_MODEL_GAMMA_GAMMA = 11
SEGCORE_MODEL_MBGNBD = 12
SEGCORE_MODEL_BGBB = 13
SEGCORE_MODEL_PROFILE_STORE = 14
SEGCORE_MODEL_EVENT_TRIGGERS = 15
SEGCORE_MODEL_STREAM_CHECKPOINT = 16
SEGCORE_MODEL_FORMAT_VERSION = 1


# segcore_privacy.h
SEGCORE_IDENTITY_ERASED = 4294967295
SEGCORE_PSEUDONYM_SIZE = 65
SEGCORE_ID_RAW = -1


# segcore_profile.h
SEGCORE_INGEST_STRICT = 0
SEGCORE_INGEST_LENIENT = 1
SEGCORE_TIMESTAMP_AUTO = 0
SEGCORE_TIMESTAMP_ISO8601 = 1
SEGCORE_TIMESTAMP_MDY = 2
SEGCORE_TIMESTAMP_EPOCH = 3
SEGCORE_TIMESTAMP_YYYYMMDD = 4
SEGCORE_TIMESTAMP_DMY = 5
SEGCORE_DUPLICATES_REPORT = 0
SEGCORE_DUPLICATES_DROP = 1
SEGCORE_DUPLICATES_IGNORE = 2
SEGCORE_COLUMN_F64 = 0
SEGCORE_COLUMN_I64 = 1
SEGCORE_COLUMN_TIMESTAMP = 2
SEGCORE_COLUMN_TEXT = 3
SEGCORE_SCHEMA_CATEGORY = 0
SEGCORE_SCHEMA_ATTRIBUTE = 1
SEGCORE_SCHEMA_NUMERIC = 2
SEGCORE_RFM_QUANTILE = 0
SEGCORE_RFM_RANK = 1
SEGCORE_RFM_FIXED = 2
SEGCORE_ID_EMAIL = 0
SEGCORE_ID_PHONE = 1
SEGCORE_ID_CRM = 2
SEGCORE_ID_DEVICE = 3
SEGCORE_ID_COOKIE = 4


class segcore_csv_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("customer_col", ctypes.c_char_p),
        ("timestamp_col", ctypes.c_char_p),
        ("amount_col", ctypes.c_char_p),
        ("quantity_col", ctypes.c_char_p),
        ("price_col", ctypes.c_char_p),
        ("order_col", ctypes.c_char_p),
        ("category_cols", ctypes.POINTER(ctypes.c_char_p)),
        ("n_category_cols", ctypes.c_size_t),
        ("attribute_cols", ctypes.POINTER(ctypes.c_char_p)),
        ("n_attribute_cols", ctypes.c_size_t),
        ("numeric_cols", ctypes.POINTER(ctypes.c_char_p)),
        ("n_numeric_cols", ctypes.c_size_t),
        ("delimiter", ctypes.c_int32),
        ("mode", ctypes.c_int32),
        ("timestamp_format", ctypes.c_int32),
        ("duplicates", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("max_reported", ctypes.c_uint64),
    ]


class segcore_ingest_summary(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("records", ctypes.c_uint64),
        ("rows_kept", ctypes.c_uint64),
        ("rows_skipped", ctypes.c_uint64),
        ("blank_lines", ctypes.c_uint64),
        ("duplicates", ctypes.c_uint64),
        ("duplicates_dropped", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
    ]


class segcore_profile_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_int64),
        ("has_as_of", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("velocity_days", ctypes.c_int32),
        ("trend_weeks", ctypes.c_int32),
        ("window_days", ctypes.POINTER(ctypes.c_int32)),
        ("n_windows", ctypes.c_size_t),
    ]


class segcore_rfm_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("bins", ctypes.c_int32),
        ("mode", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("recency_edges", ctypes.POINTER(ctypes.c_double)),
        ("frequency_edges", ctypes.POINTER(ctypes.c_double)),
        ("monetary_edges", ctypes.POINTER(ctypes.c_double)),
        ("n_edges", ctypes.c_size_t),
    ]


class segcore_segment_rule(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("r_min", ctypes.c_int32),
        ("r_max", ctypes.c_int32),
        ("f_min", ctypes.c_int32),
        ("f_max", ctypes.c_int32),
    ]


class segcore_segment_summary(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("customers", ctypes.c_uint64),
        ("orders", ctypes.c_int64),
        ("revenue", ctypes.c_double),
        ("avg_order_value", ctypes.c_double),
        ("median_recency_days", ctypes.c_double),
        ("median_frequency", ctypes.c_double),
        ("median_monetary", ctypes.c_double),
    ]


class segcore_identity_link(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("record_a", ctypes.c_uint32),
        ("record_b", ctypes.c_uint32),
        ("kind", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
    ]


class segcore_identity_rejection(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("record", ctypes.c_uint32),
        ("kind", ctypes.c_int32),
    ]


# segcore_rules.h
SEGCORE_RULE_FALSE = 0
SEGCORE_RULE_TRUE = 1
SEGCORE_RULE_UNKNOWN = 2
SEGCORE_SEGMENTS_EXCLUSIVE = 0
SEGCORE_SEGMENTS_OVERLAPPING = 1
SEGCORE_SEGMENT_NONE = -2
SEGCORE_NORMALIZE_NONE = 0
SEGCORE_NORMALIZE_ZSCORE = 1
SEGCORE_NORMALIZE_MINMAX = 2


class segcore_column(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("type", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("f64", ctypes.POINTER(ctypes.c_double)),
        ("i64", ctypes.POINTER(ctypes.c_int64)),
        ("text", ctypes.POINTER(ctypes.c_char_p)),
        ("valid", ctypes.POINTER(ctypes.c_uint8)),
    ]


class segcore_rule_data(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("profiles", ctypes.c_void_p),
        ("columns", ctypes.POINTER(segcore_column)),
        ("n_columns", ctypes.c_size_t),
        ("n_rows", ctypes.c_size_t),
        ("as_of", ctypes.c_int64),
        ("has_as_of", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
    ]


segcore_segment_change_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_int32)


class segcore_score_term(ctypes.Structure):
    _fields_ = [
        ("column", ctypes.c_char_p),
        ("weight", ctypes.c_double),
    ]


class segcore_score_feature(ctypes.Structure):
    _fields_ = [
        ("column", ctypes.c_char_p),
        ("weight", ctypes.c_double),
        ("normalization", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
        ("center", ctypes.c_double),
        ("scale", ctypes.c_double),
    ]


class segcore_logistic_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("C", ctypes.c_double),
        ("fit_intercept", ctypes.c_int32),
        ("max_iter", ctypes.c_int32),
        ("tol", ctypes.c_double),
        ("n_threads", ctypes.c_int32),
        ("reserved0", ctypes.c_int32),
    ]


segcore_trigger_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int32)


class segcore_stream_event(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("customer", ctypes.c_char_p),
        ("timestamp", ctypes.c_int64),
        ("amount", ctypes.c_double),
        ("order", ctypes.c_char_p),
        ("categories", ctypes.POINTER(ctypes.c_char_p)),
        ("n_categories", ctypes.c_size_t),
    ]


class segcore_segment_move(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("customer", ctypes.c_char_p),
        ("from", ctypes.c_int32),
        ("to", ctypes.c_int32),
        ("trigger", ctypes.c_size_t),
        ("position", ctypes.c_uint64),
        ("timestamp", ctypes.c_int64),
        ("amount", ctypes.c_double),
        ("order", ctypes.c_char_p),
        ("categories", ctypes.POINTER(ctypes.c_char_p)),
        ("n_categories", ctypes.c_size_t),
    ]


segcore_segment_move_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(segcore_segment_move))


# segcore_social.h
SEGCORE_TIER_NONE = 0
SEGCORE_TIER_NANO = 1
SEGCORE_TIER_MICRO = 2
SEGCORE_TIER_MID = 3
SEGCORE_TIER_MACRO = 4
SEGCORE_TIER_MEGA = 5


class segcore_pagerank_options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("alpha", ctypes.c_double),
        ("tol", ctypes.c_double),
        ("max_iter", ctypes.c_int32),
        ("n_threads", ctypes.c_int32),
        ("personalization", ctypes.POINTER(ctypes.c_double)),
        ("personalization_count", ctypes.c_size_t),
        ("dangling", ctypes.POINTER(ctypes.c_double)),
        ("dangling_count", ctypes.c_size_t),
    ]


class segcore_influencer_bands(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("nano", ctypes.c_uint64),
        ("micro", ctypes.c_uint64),
        ("mid", ctypes.c_uint64),
        ("macro", ctypes.c_uint64),
        ("mega", ctypes.c_uint64),
    ]


# name -> (restype, argtypes) of every function of the C ABI, in header order.
SIGNATURES = {
    "segcore_status_string": (ctypes.c_char_p, [ctypes.c_int]),
    "segcore_last_error_message": (ctypes.c_char_p, []),
    "segcore_set_progress_callback": (None, [segcore_progress_fn, ctypes.c_void_p]),
    "segcore_version_number": (ctypes.c_int32, []),
    "segcore_version_string": (ctypes.c_char_p, []),
    "segcore_simd_arch": (ctypes.c_char_p, []),
    "segcore_set_simd_arch": (ctypes.c_int, [ctypes.c_char_p]),
    "segcore_scaler_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_scaler_options), ctypes.c_size_t]),
    "segcore_scaler_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_scaler_options)]),
    "segcore_scaler_destroy": (None, [ctypes.c_void_p]),
    "segcore_scaler_fit_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t]),
    "segcore_scaler_fit_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t]),
    "segcore_scaler_transform_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_scaler_transform_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_scaler_inverse_transform_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_scaler_inverse_transform_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_scaler_get_options": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_scaler_options)]),
    "segcore_scaler_n_features": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_scaler_get_center": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_scaler_get_scale": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_scaler_zero_variance_columns": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_silhouette_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_silhouette_options),
        ctypes.c_size_t]),
    "segcore_silhouette_score_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(segcore_silhouette_options), ctypes.c_void_p]),
    "segcore_silhouette_score_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(segcore_silhouette_options), ctypes.c_void_p]),
    "segcore_silhouette_samples_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_silhouette_samples_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_calinski_harabasz_score_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_calinski_harabasz_score_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_davies_bouldin_score_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_davies_bouldin_score_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_cluster_sums_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_cluster_sums_destroy": (None, [ctypes.c_void_p]),
    "segcore_cluster_sums_accumulate_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64]),
    "segcore_cluster_sums_accumulate_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64]),
    "segcore_cluster_sums_merge": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_cluster_sums_get_shape": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]),
    "segcore_cluster_sums_get_labels": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_cluster_sums_get_counts": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_cluster_sums_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_cluster_sums_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_cluster_spread_create_from_sums": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_void_p]),
    "segcore_cluster_spread_create_for_centers": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t]),
    "segcore_cluster_spread_destroy": (None, [ctypes.c_void_p]),
    "segcore_cluster_spread_accumulate_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64]),
    "segcore_cluster_spread_accumulate_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64]),
    "segcore_cluster_spread_merge": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_cluster_spread_get_inertia": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_cluster_spread_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_cluster_spread_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_cluster_sums_calinski_harabasz": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]),
    "segcore_cluster_sums_davies_bouldin": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_adjusted_rand_score": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_pca_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_pca_options), ctypes.c_size_t]),
    "segcore_pca_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(segcore_pca_options)]),
    "segcore_pca_destroy": (None, [ctypes.c_void_p]),
    "segcore_pca_fit_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t]),
    "segcore_pca_fit_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t]),
    "segcore_pca_transform_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_pca_transform_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_pca_inverse_transform": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_pca_get_shape": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_pca_get": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_dendrogram_build_f64": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int32]),
    "segcore_dendrogram_build_f32": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int32]),
    "segcore_dendrogram_destroy": (None, [ctypes.c_void_p]),
    "segcore_dendrogram_n_leaves": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_dendrogram_get_merges": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_dendrogram_cut": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_dendrogram_cut_height": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_double, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_choose_k_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_choose_k_options), ctypes.c_size_t]),
    "segcore_choose_k_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.POINTER(segcore_choose_k_options), ctypes.POINTER(segcore_k_score), ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]),
    "segcore_choose_k_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.POINTER(segcore_choose_k_options), ctypes.POINTER(segcore_k_score), ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]),
    "segcore_stability_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_stability_options),
        ctypes.c_size_t]),
    "segcore_cluster_stability_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.POINTER(segcore_stability_options), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_cluster_stability_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.POINTER(segcore_stability_options), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_anova_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_anova_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_chi2_independence": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_welch_t_test": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_double, ctypes.POINTER(segcore_ab_result)]),
    "segcore_two_proportion_test": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int64, ctypes.c_int64,
        ctypes.c_int64, ctypes.c_double, ctypes.POINTER(segcore_ab_result)]),
    "segcore_personas_build_f64": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p),
        ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_int32, ctypes.c_double]),
    "segcore_personas_build_f32": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p),
        ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_int32, ctypes.c_double]),
    "segcore_personas_destroy": (None, [ctypes.c_void_p]),
    "segcore_personas_count": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_personas_get": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_personas_get_stats": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_personas_get_top": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_personas_get_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_kmeans_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_kmeans_options), ctypes.c_size_t]),
    "segcore_kmeans_minibatch_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_kmeans_options),
        ctypes.c_size_t]),
    "segcore_kmeans_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_kmeans_options)]),
    "segcore_kmeans_destroy": (None, [ctypes.c_void_p]),
    "segcore_kmeans_set_init_centers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t]),
    "segcore_kmeans_fit_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_kmeans_fit_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_kmeans_partial_fit_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_kmeans_partial_fit_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_kmeans_predict_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_predict_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_transform_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_transform_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_get_shape": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]),
    "segcore_kmeans_get_centers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_get_labels": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_get_inertia": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_kmeans_get_n_iter": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_kmeans_get_n_steps": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_kmeans_partial_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int32]),
    "segcore_kmeans_partial_destroy": (None, [ctypes.c_void_p]),
    "segcore_kmeans_partial_accumulate_f32": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_partial_accumulate_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_partial_merge": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_kmeans_partial_next": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_void_p]),
    "segcore_kmeans_partial_get_shape": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]),
    "segcore_kmeans_partial_get_centers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_partial_get_weights": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_kmeans_partial_get_inertia": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_kmeans_partial_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_kmeans_partial_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_clv_summary_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_clv_summary_options),
        ctypes.c_size_t]),
    "segcore_clv_summarize": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.POINTER(segcore_clv_summary_options), ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_clv_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_clv_options), ctypes.c_size_t]),
    "segcore_clv_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(segcore_clv_options)]),
    "segcore_clv_destroy": (None, [ctypes.c_void_p]),
    "segcore_clv_fit": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_fit_spend": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_get_n_params": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_clv_set_params": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_get_params": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_get_standard_errors": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_get_covariance": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_get_diagnostics": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_clv_get_fit_message": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_clv_get_fit_warning": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_clv_expected_purchases": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_conditional_expected_purchases": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_double,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_probability_alive": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_conditional_expected_spend": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_value_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_clv_value_options),
        ctypes.c_size_t]),
    "segcore_clv_lifetime_value": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(segcore_clv_value_options), ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_probability_of_n_purchases": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_double,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_probability_alive_after": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_double, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_conditional_probability_of_n_purchases": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_double,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_clv_history_counts_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32]),
    "segcore_clv_history_counts_destroy": (None, [ctypes.c_void_p]),
    "segcore_clv_history_counts_accumulate": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_uint64]),
    "segcore_clv_history_counts_merge": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_clv_history_counts_get_shape": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_clv_history_counts_get_tuples": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_clv_history_counts_get_weights": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_clv_history_counts_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_clv_history_counts_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_clv_fit_history_counts": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_engagement_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_engagement_options),
        ctypes.c_size_t]),
    "segcore_engagement_aggregate": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_size_t,
        ctypes.POINTER(segcore_engagement_options), ctypes.POINTER(segcore_engagement_outputs)]),
    "segcore_listening_available": (ctypes.c_int32, []),
    "segcore_listening_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_listening_destroy": (None, [ctypes.c_void_p]),
    "segcore_listening_size": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_listening_match": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_int32, ctypes.c_void_p]),
    "segcore_listening_aggregate": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int64, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_csv_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_csv_options), ctypes.c_size_t]),
    "segcore_events_read_csv": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.POINTER(segcore_csv_options)]),
    "segcore_events_read_csv_fd": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int,
        ctypes.POINTER(segcore_csv_options)]),
    "segcore_events_from_arrays": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_events_from_labels": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_size_t]),
    "segcore_events_destroy": (None, [ctypes.c_void_p]),
    "segcore_events_add_category": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]),
    "segcore_events_add_attribute": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]),
    "segcore_events_add_numeric": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_events_split": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_events_split_first_rows": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_events_customer_labels": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_events_n_rows": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_events_n_customers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_events_ingest_summary": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_ingest_summary)]),
    "segcore_events_report_text": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_profile_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_profile_options), ctypes.c_size_t]),
    "segcore_profiles_build": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.POINTER(segcore_profile_options)]),
    "segcore_profiles_rfm_inputs_from_csv": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.POINTER(segcore_csv_options), ctypes.c_int64, ctypes.c_int32, ctypes.c_size_t]),
    "segcore_profiles_ingest_summary": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_ingest_summary)]),
    "segcore_profiles_report_text": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_profiles_destroy": (None, [ctypes.c_void_p]),
    "segcore_profiles_n_customers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profiles_n_columns": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profiles_as_of": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profiles_events_after_as_of": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profiles_column_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_profiles_column_type": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_profiles_customer_id": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_profiles_get_f64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_profiles_get_i64": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_profiles_get_valid": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_profiles_get_text": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_profile_store_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_profile_options)]),
    "segcore_profile_store_destroy": (None, [ctypes.c_void_p]),
    "segcore_profile_store_create_with_schema": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_profile_options), ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]),
    "segcore_profile_store_add": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64,
        ctypes.c_double, ctypes.c_char_p]),
    "segcore_profile_store_add_event": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64,
        ctypes.c_double, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_profile_store_n_events": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profile_store_add_events": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profile_store_latest_event": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_profile_store_schema_size": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_void_p]),
    "segcore_profile_store_schema_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_size_t,
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_profile_store_snapshot": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_int64, ctypes.c_int32]),
    "segcore_profile_store_merge": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rfm_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_rfm_options), ctypes.c_size_t]),
    "segcore_rfm_score": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.POINTER(segcore_rfm_options)]),
    "segcore_rfm_score_with_map": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.POINTER(segcore_rfm_options), ctypes.POINTER(segcore_segment_rule), ctypes.c_size_t,
        ctypes.c_int32, ctypes.c_char_p]),
    "segcore_rfm_from_scores": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32,
        ctypes.POINTER(segcore_segment_rule), ctypes.c_size_t, ctypes.c_int32, ctypes.c_char_p]),
    "segcore_rfm_destroy": (None, [ctypes.c_void_p]),
    "segcore_rfm_n_customers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rfm_get_scores": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rfm_get_edges": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rfm_get_segments": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rfm_n_segments": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rfm_segment_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rfm_segment_summary": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(segcore_segment_summary)]),
    "segcore_rfm_selection_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32,
        ctypes.c_int32, ctypes.c_size_t]),
    "segcore_rfm_selection_destroy": (None, [ctypes.c_void_p]),
    "segcore_rfm_selection_done": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rfm_selection_request": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_rfm_selection_narrow": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rfm_selection_n_values": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rfm_selection_get_edges": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_rfm_selection_get_rank_bounds": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rfm_selection_score": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rfm_counts_destroy": (None, [ctypes.c_void_p]),
    "segcore_rfm_counts_add": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rfm_counts_merge": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rfm_counts_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_rfm_counts_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_normalize_email": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_normalize_phone": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_identity_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_identity_destroy": (None, [ctypes.c_void_p]),
    "segcore_identity_add_record": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_identity_resolve": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_identity_n_links": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_get_link": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(segcore_identity_link), ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_identity_n_rejected": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_rejected_text": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_identity_n_records": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_redundant_links": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_get_rejected": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(segcore_identity_rejection), ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_identity_rejected_reason": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rule_compile": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.POINTER(segcore_rule_data)]),
    "segcore_rule_destroy": (None, [ctypes.c_void_p]),
    "segcore_rule_n_fields": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rule_field_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rule_field_type": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rule_text": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_rule_evaluate": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_rule_data),
        ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rule_evaluate_one": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_rule_explain": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_rule_data),
        ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_segment_set_parse": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.POINTER(segcore_rule_data)]),
    "segcore_segment_set_lifecycle_text": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_segment_set_tiers": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(segcore_rule_data)]),
    "segcore_segment_set_destroy": (None, [ctypes.c_void_p]),
    "segcore_segment_set_n_segments": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_segment_set_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_segment_set_fallback": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_segment_set_mode": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_segment_set_assign": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_rule_data),
        ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_segment_set_membership": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_rule_data),
        ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_segment_set_explain": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_rule_data),
        ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_segment_tracker_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]),
    "segcore_segment_tracker_destroy": (None, [ctypes.c_void_p]),
    "segcore_segment_tracker_update": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32,
        segcore_segment_change_fn, ctypes.c_void_p]),
    "segcore_segment_tracker_segment_set": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_weighted_score": (ctypes.c_int, [ctypes.POINTER(segcore_rule_data),
        ctypes.POINTER(segcore_score_term), ctypes.c_size_t, ctypes.c_double, ctypes.c_int32, ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_weighted_model_fit": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_rule_data), ctypes.POINTER(segcore_score_feature), ctypes.c_size_t,
        ctypes.c_double]),
    "segcore_weighted_model_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_score_feature), ctypes.c_size_t, ctypes.c_double]),
    "segcore_weighted_model_destroy": (None, [ctypes.c_void_p]),
    "segcore_weighted_model_n_features": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_weighted_model_get_feature": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(segcore_score_feature)]),
    "segcore_weighted_model_get_bias": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_weighted_model_score": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_rule_data),
        ctypes.c_int32, ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_weighted_model_score_one": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_int32, ctypes.c_void_p]),
    "segcore_score_bands_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p)]),
    "segcore_score_bands_destroy": (None, [ctypes.c_void_p]),
    "segcore_score_bands_n_bands": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_score_bands_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_score_bands_assign": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_logistic_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_logistic_options), ctypes.c_size_t]),
    "segcore_logistic_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(segcore_logistic_options)]),
    "segcore_logistic_destroy": (None, [ctypes.c_void_p]),
    "segcore_logistic_fit": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_logistic_predict_proba": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_logistic_decision_function": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_logistic_get_coef": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_logistic_get_intercept": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_logistic_n_features": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_logistic_get_n_iter": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_triggers_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
        ctypes.POINTER(segcore_rule_data)]),
    "segcore_triggers_destroy": (None, [ctypes.c_void_p]),
    "segcore_triggers_update": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32,
        segcore_trigger_fn, ctypes.c_void_p]),
    "segcore_event_triggers_parse": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]),
    "segcore_event_triggers_destroy": (None, [ctypes.c_void_p]),
    "segcore_event_triggers_n_triggers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_event_triggers_trigger_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_event_triggers_trigger_segment": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_event_triggers_n_segments": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_event_triggers_segment_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_event_triggers_n_categories": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_event_triggers_category_name": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_event_triggers_add": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(segcore_stream_event),
        ctypes.c_void_p, segcore_segment_move_fn, ctypes.c_void_p]),
    "segcore_event_triggers_flush": (ctypes.c_int, [ctypes.c_void_p, segcore_segment_move_fn, ctypes.c_void_p]),
    "segcore_event_triggers_customer_segment": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p,
        ctypes.c_void_p]),
    "segcore_event_triggers_counts": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_model_info": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]),
    "segcore_model_file_info": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]),
    "segcore_scaler_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_scaler_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_scaler_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_scaler_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_pca_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_pca_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_pca_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_pca_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_kmeans_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_kmeans_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_kmeans_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_kmeans_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_logistic_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_logistic_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_logistic_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_logistic_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_clv_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_clv_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_clv_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_clv_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_profile_store_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_profile_store_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_profile_store_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_profile_store_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_rule_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_rule_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_rule_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_rule_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_segment_set_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_segment_set_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_segment_set_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_segment_set_from_bytes": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
        ctypes.c_size_t]),
    "segcore_rfm_save_edges": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_rfm_edges_to_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_rfm_load_edges": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_rfm_edges_from_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_checkpoint_save": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint64,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_size_t]),
    "segcore_checkpoint_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "segcore_checkpoint_destroy": (None, [ctypes.c_void_p]),
    "segcore_checkpoint_position": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_void_p]),
    "segcore_checkpoint_events_applied": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_checkpoint_take_store": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_checkpoint_take_triggers": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_checkpoint_take_segments": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_checkpoint_n_trackers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_checkpoint_take_tracker": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_profile_store_erase": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_erase": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_erase_record": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_identity_create_pseudonymised": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_segment_tracker_erase": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_triggers_erase": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "segcore_event_triggers_erase": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]),
    "segcore_pseudonyms_available": (ctypes.c_int, []),
    "segcore_pseudonymize_identifiers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32,
        ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_events_exclude_customers": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
        ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_events_exclude_customers_file": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p,
        ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_sentiment_lexicon_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
        ctypes.c_char_p]),
    "segcore_sentiment_lexicon_shipped": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p)]),
    "segcore_sentiment_lexicon_destroy": (None, [ctypes.c_void_p]),
    "segcore_sentiment_lexicon_size": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_sentiment_score": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_sentiment_aggregate": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_influence_graph_create": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_size_t,
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p)]),
    "segcore_influence_graph_destroy": (None, [ctypes.c_void_p]),
    "segcore_influence_graph_n_nodes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_influence_graph_n_edges": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "segcore_influence_graph_label": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p,
        ctypes.c_size_t, ctypes.c_void_p]),
    "segcore_pagerank_options_init": (ctypes.c_int, [ctypes.POINTER(segcore_pagerank_options), ctypes.c_size_t]),
    "segcore_influence_graph_pagerank": (ctypes.c_int, [ctypes.c_void_p,
        ctypes.POINTER(segcore_pagerank_options), ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influence_graph_in_degree": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influence_graph_out_degree": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influence_graph_in_weight": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influence_graph_out_weight": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influence_graph_reach": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influence_graph_audience": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influencer_bands_init": (ctypes.c_int, [ctypes.POINTER(segcore_influencer_bands), ctypes.c_size_t]),
    "segcore_influencer_tiers": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t,
        ctypes.POINTER(segcore_influencer_bands), ctypes.c_void_p, ctypes.c_size_t]),
    "segcore_influencer_tier_name": (ctypes.c_char_p, [ctypes.c_int32]),
}
