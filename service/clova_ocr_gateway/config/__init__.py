"""Configuration: everything the gateway reads at start and while it runs.

`settings.load_settings` turns `OCR_*` environment variables into a validated `Settings` (a bad
value stops the process naming the variable); `secret_store` holds each domain's `X-OCR-SECRET`
behind a redacting wrapper and re-reads mounted secret files so rotation needs no restart.
"""
