"""vangnet bench <name> ...: benchmarks as commands, each printing one JSON object as its last line."""

import json

from django.core.management.base import BaseCommand, CommandError

from vangnet.bench.registry import BENCHMARKS


class Command(BaseCommand):
    help = "Runs a benchmark on the database DATABASE_URL names and prints its figures as JSON."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="benchmark", required=True)
        for name, module in BENCHMARKS.items():
            module.add_arguments(subparsers.add_parser(name, help=module.__doc__))

    def handle(self, *args, benchmark: str, **options):
        module = BENCHMARKS.get(benchmark)
        if module is None:
            raise CommandError(f"unknown benchmark {benchmark!r}")
        figures = module.run(**options)
        self.stdout.write(json.dumps(figures))
