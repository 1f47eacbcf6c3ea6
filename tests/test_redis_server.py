def test_redis_server_restarts_with_its_data(redis_server):
    client = redis_server.client()
    client.set("k", "v")
    redis_server.stop()
    redis_server.start()
    assert redis_server.client().get("k") == b"v"
