"""The locust users of `vangnet bench portal`: each logs in with its own tenant's signed link (not counted)
and then asks for the overview at a steady pace. Run by the benchmark, not imported by the application."""

import itertools
import json
import os

from locust import FastHttpUser, constant_throughput, task

LINKS = json.loads(open(os.environ["VANGNET_BENCH_LINKS"]).read())  # noqa: SIM115
RATE = float(os.environ.get("VANGNET_BENCH_RATE", "5"))
_next_link = itertools.cycle(LINKS)


class Tenant(FastHttpUser):
    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        with self.client.get(next(_next_link), name="login", catch_response=True) as response:
            if "/portaal/" not in response.url or response.status_code != 200:
                response.failure(f"login failed: {response.status_code}")

    @task
    def overview(self) -> None:
        with self.client.get(
            "/portaal/", name="overview", catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
