"""Telegram handlers: parse the update, call knowledge, render, reply."""
