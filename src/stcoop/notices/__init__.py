"""Notices: announcements a unit publishes (calls for proposals, policy news, events)."""
