# Read by gunicorn started from this folder: access logs without portal or pay tokens or search terms.
logger_class = "vangnet.access_log.RedactingLogger"
