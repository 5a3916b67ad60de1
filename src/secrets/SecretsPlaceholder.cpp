// Replaced by the secret stores.
