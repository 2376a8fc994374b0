"""Serving: the gRPC side of the gateway and the road of one recognition.

`server` assembles and runs the grpc.aio server (health, reflection, drain on SIGTERM),
`servicer.DocumentOcrServicer` is the thin RPC layer, and `recognition.Recognizer` walks one call
through input checks, admission, the upstream call and conversion.
"""
