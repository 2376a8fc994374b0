"""Shared test setup. Its presence puts tests/ on sys.path (rootdir-relative conftest), so
helper modules such as imaging_samples and tests_support import from every test folder,
including tests/redis, which has no __init__.py so it cannot shadow the redis package."""
