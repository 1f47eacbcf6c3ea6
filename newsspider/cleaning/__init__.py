"""Text cleaning after trafilatura: repeated headlines and well-known boilerplate families."""
