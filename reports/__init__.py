"""Reports: realised-vs-target rows, the web table, and the quarterly report as PDF and Excel."""
