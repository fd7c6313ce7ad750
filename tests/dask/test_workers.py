"""The workers load the same segcore as the client: the library every other test relies on."""
import segcore


def _worker_segcore():
    import segcore as s
    return s.__version__, s.simd_arch()


def test_workers_run_the_same_library(client):
    seen = set(client.run(_worker_segcore).values())
    assert seen == {(segcore.__version__, segcore.simd_arch())}
