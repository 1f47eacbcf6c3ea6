"""Export: default feeds, atomic feed files, exporters Scrapy lacks, export confirmation."""
