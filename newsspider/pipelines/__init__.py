"""Item pipelines: one small class each (ITEM_PIPELINES in settings.py)."""
