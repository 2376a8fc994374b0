"""Tests of the deployment artefacts: Dockerfile and Kubernetes manifests (offline)."""
