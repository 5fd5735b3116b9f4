"""The services beside Slack for other systems: CDS Hooks, the JSON API, their authentication."""
