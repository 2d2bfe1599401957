"""An uploaded file is kept where the background task that reads it can find it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dovetail.core.uploads import stash_upload


def test_an_upload_is_kept_under_a_unique_safe_name(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = stash_upload(SimpleUploadedFile("../adverts.csv", b"title,text\n"))
    second = stash_upload(SimpleUploadedFile("../adverts.csv", b"other\n"))
    assert first.parent == second.parent == tmp_path / "uploads"
    assert first != second and first.name.endswith("-adverts.csv")
    assert first.read_bytes() == b"title,text\n" and second.read_bytes() == b"other\n"
