"""Item pipelines: one small class each (ITEM_PIPELINES in settings.py)."""

from newsspider.pipelines.schema import SchemaValidationPipeline

__all__ = ["SchemaValidationPipeline"]
