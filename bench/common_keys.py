"""Benchmark: three ways to keep keys too common to block on out of LSH, on bench/cluster.py's corpus.

    .venv/bin/python bench/common_keys.py 10000

- banned rows (what blocking does): a band whose row is a common key's hash is skipped;
- buckets over the limit skipped: every band kept, buckets holding more than the common-key limit
  of articles skipped;
- keys dropped before MinHash (what blocking did when signatures were not stored).

Prints, for each, the candidate pairs and the stories ``cluster_features`` finds from them.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import synthetic  # noqa: E402
from storyscope.cluster import blocking as b  # noqa: E402
from storyscope.cluster.keys import key_set  # noqa: E402
from storyscope.cluster.stories import cluster_features  # noqa: E402

n = int(sys.argv[1])
features, made = synthetic(n)
keys = [key_set(f) for f in features]
common = b.common_keys(keys)
limit = b.common_key_limit(n)
rows = b.signatures(keys)
empty_only = b.banned_rows(())


def found(pairs):
    return len(cluster_features(features, candidates=pairs))


banned = b.in_memory(rows, b.banned_rows(common))
band, value, member = b.signature_band_arrays(range(n), rows, empty_only)
buckets = [m for m in b.shared_buckets(band, value, member) if len(m) <= limit]
skipped = b.bucket_pairs(buckets)
dropped_keys = [k - common for k in keys]
dropped = b.in_memory(b.signatures(dropped_keys), empty_only)
print(f"n={n} common keys {len(common)} limit {limit:g}")
for label, pairs in [("banned rows (chosen)", banned), ("buckets over the limit skipped", skipped), ("common keys dropped before MinHash", dropped)]:
    print(f"  {label:38s} pairs {len(pairs):>9}  stories {found(pairs)}/{made}")
