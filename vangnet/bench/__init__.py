"""Benchmarks behind `vangnet bench <name>`: each module declares `add_arguments(parser)` and
`run(**options) -> dict`, the figures the command prints as JSON. Benchmarks sit above every product app
(they seed, run and measure through the apps' own services) and nothing in the product imports them."""
