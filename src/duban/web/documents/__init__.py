"""Documents and dashboards: the official tables, the 附表, the 台账, the quarterly 通报, charts,
the public page (政务公开), year-over-year links and the assessment (考核)."""
