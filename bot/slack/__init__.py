"""Slack's side: the Bolt app, HTTP and Socket Mode transports, listeners, delivery."""
