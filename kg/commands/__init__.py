"""The kg subcommands that read a built output folder (kg viz, ...), above the build layers."""
