"""povdesk: the headless core (models, store, rules, services, CLI). Never imports Qt."""

__version__ = "0.1.0"
