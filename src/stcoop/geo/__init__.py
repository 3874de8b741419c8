"""Reference data: countries and territories, and country groupings with sources."""
