"""One converter per CLOVA domain, each a `compile_converter` call with the domain's aliases."""
