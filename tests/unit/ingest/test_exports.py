import storyscope.ingest as ingest


def test_public_api_is_pinned():
    assert sorted(ingest.__all__) == [
        "DEFAULT_MAX_BYTES", "UNREADABLE", "decode_bytes", "detect_format", "read_bytes", "read_sources",
    ]  # fmt: skip
    assert all(hasattr(ingest, name) for name in ingest.__all__)
