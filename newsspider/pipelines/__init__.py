"""Item pipelines, one small class each, registered in settings.ITEM_PIPELINES."""
