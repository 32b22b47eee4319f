"""compare: one story's articles -> a StoryComparison (claims, numbers, voices, timeline, people)."""
