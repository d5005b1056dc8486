"""Images in agreements: a map or an organisation diagram with its caption and alt text."""
