"""Translation: the stage, its guards and cache, the backends and the models."""
