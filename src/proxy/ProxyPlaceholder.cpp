// Replaced by the proxy sources.
