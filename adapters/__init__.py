"""Thin translations between a transport (CLI, web, Slack, Teams) and `bot.Assistant`."""
