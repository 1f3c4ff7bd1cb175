"""Text helpers shared by the stages: Arabic normalization for matching, dates."""
