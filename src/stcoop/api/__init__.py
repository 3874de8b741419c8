"""REST API: shared permissions, pagination, error bodies and the URL router."""
