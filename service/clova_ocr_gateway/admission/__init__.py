"""Admission: whether and when a call may take one of CLOVA's few upstream slots per domain.

`controller.Admission` queues calls fairly between callers (`fairqueue.FairQueue`), refuses those
whose deadline cannot be met, and takes permits from a `permits.PermitSource` (this process alone,
`permits_local`, or every replica through Redis, `permits_redis`); `adaptive.AdaptiveLimit` lowers a
domain's limit while CLOVA still answers 0025.
"""
