"""Wiring: settings, command line, Telegram application, reminders, channels."""
