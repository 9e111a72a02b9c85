import pytest

from tests.privacy.world import Retained, retained_world


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def letter_dir(settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"
    return settings.MESSAGING_LETTER_DIR


@pytest.fixture
def retained(letter_dir, media_root) -> Retained:
    return retained_world(letter_dir, media_root)
