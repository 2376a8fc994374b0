"""`python -m clova_ocr_gateway.cli`: the same command as the `clova-ocr-gateway` script."""

from __future__ import annotations

from clova_ocr_gateway.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
