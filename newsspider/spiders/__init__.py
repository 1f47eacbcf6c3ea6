"""The project's spiders: one generic `news` spider."""
