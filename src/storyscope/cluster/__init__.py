"""cluster: analysed articles -> stories and, inside each story, events.

The only stage that needs many articles at once. Candidate pairs come from
MinHash LSH blocking (never all pairs), are scored by text and entity
similarity, and linked; events split a story by the days its articles report.
"""
