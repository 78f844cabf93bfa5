"""One cog per feature: thin glue between Discord and the core."""
