"""Technology matchmaking and saved searches that notify their owners."""
