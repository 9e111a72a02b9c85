"""A test client that authenticates as one corporation's API key."""

from dataclasses import dataclass
from typing import Any

from django.test import Client

from vangnet.core.api_keys import api_key_create
from vangnet.core.models import ApiKey, Corporation


@dataclass
class ApiClient:
    """A Django test client that sends one corporation's key with every request."""

    client: Client
    key: ApiKey
    secret: str

    @property
    def corporation(self) -> Corporation:
        return self.key.corporation

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    def get(self, path: str, **kwargs: Any):
        return self.client.get(path, headers=self._auth(), **kwargs)

    def post_json(self, path: str, data: Any):
        return self.client.post(path, data=data, content_type="application/json", headers=self._auth())

    def post_raw(self, path: str, body: str, content_type: str = "application/json"):
        return self.client.post(path, data=body, content_type=content_type, headers=self._auth())

    def post_files(self, path: str, data: dict[str, Any]):
        return self.client.post(path, data=data, headers=self._auth())


def make_client(slug: str, name: str) -> ApiClient:
    corporation = Corporation.objects.create(slug=slug, name=name)
    key, secret = api_key_create(corporation=corporation, name=f"ERP {name}", actor="test")
    # CSRF is enforced as in production: a key-authenticated API call must not need a token.
    return ApiClient(client=Client(enforce_csrf_checks=True), key=key, secret=secret)
