"""The domain: plans in, tasks stored, questions answered. Never imports telegram."""
