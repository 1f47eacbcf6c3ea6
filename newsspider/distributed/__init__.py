"""One crawl shared by many worker processes through Redis (NEWSSPIDER_STATE=redis://...)."""
