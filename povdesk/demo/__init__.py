"""The demo village: a believable, deterministic register for trying povdesk out.

`init_and_generate(store, households=120, seed=1)` makes a new store into a Hubei
mountain village with its work team, households, help, money and field work, including
the shortfalls and fake exits povdesk exists to catch (see generator.py).
"""

from povdesk.demo.generator import (
    DemoStats,
    default_code,
    generate,
    init_and_generate,
    village_name,
)

__all__ = ["DemoStats", "default_code", "generate", "init_and_generate", "village_name"]
