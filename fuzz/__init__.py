"""Coverage-guided fuzzing of the page and discovery parsers (atheris); run with `make fuzz`."""
