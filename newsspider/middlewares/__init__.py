"""Spider middlewares, registered in settings.SPIDER_MIDDLEWARES."""
